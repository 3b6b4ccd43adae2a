// An HTTPS transport over node:https for backends on servers with a private CA (Unified CM's
// AXL, Unity Connection's CUPI): a keep-alive agent (Cisco asks clients to reuse connections)
// and optional CA certificates added to the trusted ones, for this transport only. TLS
// verification stays on; there is no switch to turn it off.
import * as https from "node:https";
import * as tls from "node:tls";
import { ConfigurationError } from "./errors";
import { type PipelineRequest, type PipelineResponse, type SendRequest } from "./http-pipeline";

export interface HttpsTransportOptions {
  /** The service, for messages: "AXL", "Unity Connection". @default "HTTPS" */
  readonly service?: string;
  /** PEM certificates trusted in addition to Node's (and NODE_EXTRA_CA_CERTS): the CA that signed the server's (Tomcat) certificate. */
  readonly ca?: string | readonly string[];
  /** Abort an attempt that has not completed after this long. @default 120000 (1000 to 600000) */
  readonly requestTimeoutMs?: number;
  /** Open connections kept per host. @default 2 */
  readonly maxSockets?: number;
  /** Largest response body accepted (CUCM caps AXL list answers at 8 MB). @default 67108864 */
  readonly maxResponseBytes?: number;
}

const PEM_CERTIFICATE = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;

/** The certificates of PEM text; throws a ConfigurationError when there are none. */
export function pemCertificates(pem: string | readonly string[], setting = "ca", service = "HTTPS"): string[] {
  const texts = typeof pem === "string" ? [pem] : [...pem];
  const certificates = texts.flatMap((text) => text.match(PEM_CERTIFICATE) ?? []);
  if (certificates.length === 0) throw new ConfigurationError(`invalid ${service} TLS settings`, [`${setting} must hold PEM certificates ("-----BEGIN CERTIFICATE-----" ...); none found`]);
  return certificates;
}

/** Node's default trust (its bundled roots plus NODE_EXTRA_CA_CERTS where Node can list them) plus `extra`. */
function trustedCertificates(extra: readonly string[]): string[] {
  const withDefaults = tls as typeof tls & { getCACertificates?: (type: string) => string[] };
  const defaults = typeof withDefaults.getCACertificates === "function" ? withDefaults.getCACertificates("default") : [...tls.rootCertificates];
  return [...defaults, ...extra];
}

/** A SendRequest over node:https. */
export function httpsTransport(options: HttpsTransportOptions = {}): SendRequest {
  const service = options.service ?? "HTTPS";
  const requestTimeoutMs = options.requestTimeoutMs ?? 120_000;
  const maxResponseBytes = options.maxResponseBytes ?? 64 * 1024 * 1024;
  const problems: string[] = [];
  if (!Number.isInteger(requestTimeoutMs) || requestTimeoutMs < 1000 || requestTimeoutMs > 600_000) problems.push(`requestTimeoutMs must be an integer from 1000 to 600000; got ${requestTimeoutMs}`);
  if (problems.length > 0) throw new ConfigurationError(`invalid ${service} transport`, problems);
  const ca = options.ca === undefined ? undefined : trustedCertificates(pemCertificates(options.ca, "ca", service));
  const agent = new https.Agent({ keepAlive: true, maxSockets: options.maxSockets ?? 2, ...(ca ? { ca } : {}) });

  return (request: PipelineRequest) =>
    new Promise<PipelineResponse>((resolve, reject) => {
      const url = new URL(request.url);
      if (url.protocol !== "https:") {
        reject(new ConfigurationError(`invalid ${service} endpoint`, [`${service} is served over https only; got ${url.protocol}//${url.host}`]));
        return;
      }
      const headers: Record<string, string> = {};
      request.headers.forEach((value, name) => (headers[name] = value));
      if (request.body !== undefined) headers["content-length"] = String(Buffer.byteLength(request.body));
      const req = https.request(url, { method: request.method, headers, agent });
      const timer = setTimeout(() => req.destroy(Object.assign(new Error(`no complete response within ${requestTimeoutMs} ms`), { code: "ETIMEDOUT" })), requestTimeoutMs);
      req.on("error", (error) => {
        clearTimeout(timer);
        reject(error);
      });
      req.on("response", (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on("data", (chunk: Buffer) => {
          size += chunk.length;
          if (size > maxResponseBytes) {
            req.destroy(Object.assign(new Error(`response larger than ${maxResponseBytes} bytes`), { code: "ERR_RESPONSE_TOO_LARGE" }));
            return;
          }
          chunks.push(chunk);
        });
        res.on("error", (error) => {
          clearTimeout(timer);
          reject(error);
        });
        res.on("end", () => {
          clearTimeout(timer);
          const responseHeaders = new Headers();
          for (const [name, value] of Object.entries(res.headers)) {
            if (value === undefined) continue;
            for (const item of Array.isArray(value) ? value : [value]) responseHeaders.append(name, item);
          }
          resolve({ status: res.statusCode ?? 0, headers: responseHeaders, bodyText: Buffer.concat(chunks).toString("utf8") });
        });
      });
      req.end(request.body);
    });
}
