// The HTTPS transport to CUCM (reference §1: keep-alive, a private CA trusted for this cluster
// only): core's, with AXL in its messages.
import { type HttpsTransportOptions, httpsTransport as coreHttpsTransport, pemCertificates as corePemCertificates } from "../../core/https-transport";
import { type SendRequest } from "../../core/http-pipeline";

export type { HttpsTransportOptions } from "../../core/https-transport";

/** The certificates of PEM text; throws a ConfigurationError when there are none. */
export function pemCertificates(pem: string | readonly string[], setting = "ca"): string[] {
  return corePemCertificates(pem, setting, "AXL");
}

/** A SendRequest over node:https to a CUCM publisher. */
export function httpsTransport(options: Omit<HttpsTransportOptions, "service"> = {}): SendRequest {
  return coreHttpsTransport({ ...options, service: "AXL" });
}
