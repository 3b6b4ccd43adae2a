// One HTTPS server on loopback: reads the request, hands it to a handler, writes the answer and
// turns thrown errors into JSON errors. Every simulator and the control endpoint runs on one,
// each on its own port, the way each platform is its own host in reality.
import * as https from "node:https";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { errorBody, LabHttpError, type LabRequest, type LabResponse } from "./lab-http";

/** Bodies above this are refused with 413; large enough for an 8 MB AXL request and more. */
const MAX_BODY_BYTES = 32 * 1024 * 1024;
export const LAB_HOST = "127.0.0.1";

/** Decides what to do with a request before its body is read (the fault layer hooks in here). */
export type EarlyHandler = (req: IncomingMessage, res: ServerResponse) => Promise<"handled" | "continue">;
/** `incoming` is the raw request the early handler saw, for state kept per request (the request log's entry). */
export type RequestHandler = (req: Omit<LabRequest, "params">, incoming: IncomingMessage) => Promise<LabResponse>;

export interface HttpsServerOptions {
  /** For messages: "control", "graph", ... */
  readonly name: string;
  /** 0 for a free port. */
  readonly port: number;
  readonly certPem: string;
  readonly keyPem: string;
  readonly handle: RequestHandler;
  readonly early?: EarlyHandler;
}

export interface RunningHttpsServer {
  readonly name: string;
  readonly port: number;
  /** https://127.0.0.1:<port> */
  readonly url: string;
  close(): Promise<void>;
}

export async function startHttpsServer(options: HttpsServerOptions): Promise<RunningHttpsServer> {
  const server = https.createServer({ cert: options.certPem, key: options.keyPem }, (req, res) => {
    void serve(options, req, res);
  });
  await new Promise<void>((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException): void => {
      const why = error.code === "EADDRINUSE" ? `port ${options.port} is already in use` : error.message;
      reject(new Error(`cannot start the lab's ${options.name} server on ${LAB_HOST}:${options.port}: ${why}`));
    };
    server.once("error", onError);
    server.listen(options.port, LAB_HOST, () => {
      server.off("error", onError);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  return {
    name: options.name,
    port,
    url: `https://${LAB_HOST}:${port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(new Error(`closing the lab's ${options.name} server: ${error.message}`)) : resolve()));
        // Keep-alive connections would hold close() open until clients hang up.
        server.closeAllConnections();
      }),
  };
}

async function serve(options: HttpsServerOptions, req: IncomingMessage, res: ServerResponse): Promise<void> {
  try {
    if (options.early && (await options.early(req, res)) === "handled") return;
    const url = new URL(req.url ?? "/", `https://${LAB_HOST}`);
    const body = await readBody(req);
    const response = await options.handle({
      method: (req.method ?? "GET").toUpperCase(),
      path: url.pathname,
      query: url.searchParams,
      headers: req.headers,
      body,
      text: () => body.toString("utf8"),
      json: () => parseJson(body),
    }, req);
    send(res, response);
  } catch (error) {
    if (error instanceof LabHttpError) {
      send(res, { status: error.status, headers: error.headers, body: errorBody(error.code, error.message) });
      return;
    }
    // The client's connection dropped while its body was read (a reset, the lab stopping): no one to answer.
    if (res.destroyed && (error as NodeJS.ErrnoException).code === "ECONNRESET") return;
    // A bug in a simulator: say so to the client and on the lab's console, never a fake success.
    const message = `the lab's ${options.name} server failed on ${req.method} ${req.url}: ${(error as Error).stack ?? String(error)}`;
    process.stderr.write(`${message}\n`);
    send(res, { status: 500, body: errorBody("LabInternalError", message) });
  }
}

export function send(res: ServerResponse, response: LabResponse): void {
  // A destroyed socket leaves res.destroyed false until its close event: check the socket too.
  if (res.headersSent || res.destroyed || res.socket?.destroyed) return;
  if (response.dropConnection) {
    res.socket?.destroy();
    return;
  }
  const headers: Record<string, string | readonly string[]> = { ...response.headers };
  let payload: Buffer | undefined;
  if (response.body === undefined) {
    payload = undefined;
  } else if (Buffer.isBuffer(response.body)) {
    payload = response.body;
  } else if (typeof response.body === "string") {
    payload = Buffer.from(response.body, "utf8");
    if (!hasHeader(headers, "content-type")) headers["content-type"] = "text/plain; charset=utf-8";
  } else {
    payload = Buffer.from(JSON.stringify(response.body), "utf8");
    if (!hasHeader(headers, "content-type")) headers["content-type"] = "application/json; charset=utf-8";
  }
  if (payload !== undefined) headers["content-length"] = String(payload.length);
  res.writeHead(response.status, headers as Record<string, string | string[]>);
  res.end(payload);
}

function hasHeader(headers: Record<string, unknown>, name: string): boolean {
  return Object.keys(headers).some((key) => key.toLowerCase() === name);
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const declared = Number(req.headers["content-length"] ?? 0);
  if (declared > MAX_BODY_BYTES) throw tooLarge();
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) throw tooLarge();
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

function tooLarge(): LabHttpError {
  return new LabHttpError(413, "PayloadTooLarge", `request bodies are limited to ${MAX_BODY_BYTES} bytes`);
}

function parseJson(body: Buffer): unknown {
  if (body.length === 0) return undefined;
  try {
    return JSON.parse(body.toString("utf8"));
  } catch (error) {
    throw new LabHttpError(400, "InvalidJson", `the request body is not valid JSON: ${(error as Error).message}`);
  }
}
