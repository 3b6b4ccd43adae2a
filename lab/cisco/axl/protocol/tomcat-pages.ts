// The HTML answers CUCM's Tomcat gives where AXL's SOAP layer is never reached: 401 and 403
// (reference §1: HTML pages, not SOAP), 404 (a wrong path, an expired JSESSIONIDSSO), 405, 503
// (the write throttle), and the GET /axl/ banner. Texts are Tomcat 9's status-report pages.
import { STATUS_CODES } from "node:http";
import type { LabResponse } from "../../../http/lab-http";

const HTML = "text/html;charset=utf-8";

const DESCRIPTIONS: Readonly<Record<number, readonly [string, string]>> = {
  401: ["Unauthorized", "The request has not been applied to the target resource because it lacks valid authentication credentials for that resource."],
  403: ["Forbidden", "The server understood the request but refuses to authorize it."],
  404: ["Not Found", "The origin server did not find a current representation for the target resource or is not willing to disclose that one exists."],
  405: ["Method Not Allowed", "The method received in the request-line is known by the origin server but not supported by the target resource."],
  503: ["Service Unavailable", "The server is currently unable to handle the request due to a temporary overload or scheduled maintenance, which will likely be alleviated after some delay."],
};

/** A Tomcat status-report page (any status; the common ones with Tomcat's description). */
export function tomcatPage(status: number, headers: Readonly<Record<string, string>> = {}): LabResponse {
  const [title, description] = DESCRIPTIONS[status] ?? [STATUS_CODES[status] ?? "Error", "The server could not complete the request."];
  const body =
    `<!doctype html><html lang="en"><head><title>HTTP Status ${status} – ${title}</title></head>` +
    `<body><h1>HTTP Status ${status} – ${title}</h1><hr class="line" /><p><b>Type</b> Status Report</p>` +
    `<p><b>Description</b> ${description}</p><hr class="line" /><h3>Apache Tomcat</h3></body></html>`;
  return { status, headers: { "content-type": HTML, ...headers }, body };
}

/** GET /axl/ for an authenticated user: the page clients use as a liveness and credentials probe. */
export function axlBanner(): LabResponse {
  return {
    status: 200,
    headers: { "content-type": HTML },
    body:
      "<html><head><title>Cisco CallManager: AXL Web Service</title></head><body>" +
      "<h1>Cisco CallManager: AXL Web Service</h1>" +
      "<p>The AXL Web Service is working and accepting requests. Use HTTP POST to send a request.</p></body></html>",
  };
}

/** HTTP 599: the requested schema version is not one the cluster accepts. */
export function unsupportedVersionPage(text: string): LabResponse {
  return { status: 599, headers: { "content-type": HTML }, body: text };
}
