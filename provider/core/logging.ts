// Debug logging of HTTP exchanges, redacted before anything reaches a sink: URLs and header
// values go through redaction, non-allowlisted headers are masked, bodies are never logged.
import { type Backend } from "./errors";
import { type HeaderSet, redactHeaders, redactText } from "./redaction";

/** Where log lines go (Pulumi's log, the console, a test array). Lines arrive already redacted. */
export interface Logger {
  debug(line: string): void;
  warn(line: string): void;
}

export const silentLogger: Logger = { debug: () => {}, warn: () => {} };

export interface Exchange {
  readonly backend: Backend;
  readonly method: string;
  readonly url: string;
  readonly requestHeaders?: HeaderSet;
  readonly statusCode?: number;
  readonly responseHeaders?: HeaderSet;
  /** Why no response arrived. */
  readonly failure?: string;
  readonly elapsedMs: number;
}

/** One log line for one HTTP attempt. */
export function formatExchange(exchange: Exchange): string {
  const outcome = exchange.statusCode !== undefined ? `${exchange.statusCode}` : `failed (${exchange.failure ?? "no response"})`;
  const parts = [
    `${exchange.backend}: ${exchange.method} ${exchange.url} -> ${outcome} in ${exchange.elapsedMs} ms`,
    `request headers ${JSON.stringify(redactHeaders(exchange.requestHeaders))}`,
  ];
  if (exchange.responseHeaders !== undefined) parts.push(`response headers ${JSON.stringify(redactHeaders(exchange.responseHeaders))}`);
  return redactText(parts.join("; "));
}
