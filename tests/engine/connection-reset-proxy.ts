// A loopback TCP proxy that resets some of the connections it relays, for putting a transient
// fault between ucflow and a real server that has no fault rules of its own (slapd). It relays
// bytes as they are (TLS included, so the server's certificate is what the client checks) and
// resets a connection once the client has sent its first bytes: the connection was made, the
// request may have left, and no answer comes, as when a load balancer drops it.
import * as net from "node:net";

export interface ConnectionResetProxy {
  /** The port it listens on, on 127.0.0.1. */
  readonly port: number;
  /** Connections accepted, and how many of them it reset. */
  counts(): { readonly connections: number; readonly resets: number };
  close(): Promise<void>;
}

/**
 * Relays 127.0.0.1:<port> to `target`, resetting connection 1, 1 + everyNth, 1 + 2 everyNth...
 * (one in `everyNth`, the first of all included, so a run that opens few connections still
 * meets a reset; counting, not drawing, keeps the test repeatable).
 */
export async function startConnectionResetProxy(target: { readonly host: string; readonly port: number }, everyNth: number): Promise<ConnectionResetProxy> {
  let connections = 0;
  let resets = 0;
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const reset = connections % everyNth === 0;
    connections++;
    sockets.add(client);
    client.on("close", () => sockets.delete(client));
    client.on("error", () => undefined);
    if (reset) {
      client.once("data", () => {
        resets++;
        client.resetAndDestroy();
      });
      return;
    }
    const upstream = net.connect(target.port, target.host);
    sockets.add(upstream);
    upstream.on("close", () => sockets.delete(upstream));
    upstream.on("error", () => client.destroy());
    client.on("error", () => upstream.destroy());
    client.pipe(upstream);
    upstream.pipe(client);
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  return {
    port: (server.address() as net.AddressInfo).port,
    counts: () => ({ connections, resets }),
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
