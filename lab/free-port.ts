// A free loopback port for programs that need a number up front (slapd), rather than binding
// port 0 themselves as the lab's own servers do. Another process can take it before the program
// binds it, so callers retry on "address in use".
import * as net from "node:net";

export async function findFreePort(host = "127.0.0.1"): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.once("error", (error) => reject(new Error(`cannot find a free port on ${host}: ${error.message}`)));
    server.listen(0, host, () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}
