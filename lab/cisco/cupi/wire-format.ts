// CUPI's two wire formats. XML is the default; `Accept: application/json` gives JSON. Every
// value is text in both ("true", "190"), as Connection sends them. Lists are
// `<Users total="N"><User>...</User></Users>` in XML and `{"@total":"N","User":[...]}` in JSON,
// where one result is an object rather than a list and none leaves the key out (CUPI's
// documented JSON examples). Errors are `<ErrorDetails><errors><code/><message/></errors></ErrorDetails>`
// and `{"errors":{"code","message"}}`. Request bodies are flat `<User>` XML or a JSON object.
// Handlers throw LabHttpError(status, code, message); errorResponse renders it as CUPI does
// (the codes are guesses: docs/lab-unity-connection.md).
import { LabHttpError, type LabRequest, type LabResponse } from "../../http/lab-http";

export type WireFormat = "json" | "xml";

/** JSON when the client accepts it and not XML first; XML otherwise (Connection's default). */
export function responseFormat(req: Pick<LabRequest, "headers">): WireFormat {
  const accept = String(req.headers.accept ?? "").toLowerCase();
  const json = accept.indexOf("application/json");
  const xml = Math.max(accept.indexOf("application/xml"), accept.indexOf("text/xml"));
  return json >= 0 && (xml < 0 || json < xml) ? "json" : "xml";
}

/** A flat object whose values render as text; undefined fields are left out. */
export type WireObject = Readonly<Record<string, string | number | boolean | undefined>>;

const XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>';

export function objectResponse(format: WireFormat, element: string, object: WireObject, status = 200): LabResponse {
  return format === "json"
    ? { status, headers: { "content-type": "application/json" }, body: JSON.stringify(textValues(object)) }
    : { status, headers: { "content-type": "application/xml" }, body: `${XML_DECLARATION}${xmlElement(element, object)}` };
}

/** `total` may exceed the objects shown (paging). */
export function listResponse(format: WireFormat, listElement: string, element: string, objects: readonly WireObject[], total: number): LabResponse {
  if (format === "json") {
    const body: Record<string, unknown> = { "@total": String(total) };
    if (objects.length === 1) body[element] = textValues(objects[0] as WireObject);
    else if (objects.length > 1) body[element] = objects.map(textValues);
    return { status: 200, headers: { "content-type": "application/json" }, body: JSON.stringify(body) };
  }
  return {
    status: 200,
    headers: { "content-type": "application/xml" },
    body: `${XML_DECLARATION}<${listElement} total="${total}">${objects.map((o) => xmlElement(element, o)).join("")}</${listElement}>`,
  };
}

export function errorResponse(format: WireFormat, error: LabHttpError): LabResponse {
  const headers = { ...error.headers, "content-type": format === "json" ? "application/json" : "application/xml" };
  return format === "json"
    ? { status: error.status, headers, body: JSON.stringify({ errors: { code: error.code, message: error.message } }) }
    : { status: error.status, headers, body: `${XML_DECLARATION}<ErrorDetails><errors><code>${escapeXml(error.code)}</code><message>${escapeXml(error.message)}</message></errors></ErrorDetails>` };
}

/**
 * The fields of a request body: a JSON object, or flat XML such as `<User><Alias>jdoe</Alias></User>`
 * (by Content-Type, XML when it says neither). Values stay as sent: JSON may carry booleans and
 * numbers, XML only text.
 */
export function requestFields(req: LabRequest, element: string): Record<string, unknown> {
  const type = String(req.headers["content-type"] ?? "").toLowerCase();
  const text = req.text();
  if (type.includes("json") || (!type.includes("xml") && text.trimStart().startsWith("{"))) {
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch (error) {
      throw new LabHttpError(400, "INVALID_PARAMETER", `The request body is not valid JSON: ${(error as Error).message}`);
    }
    if (typeof body !== "object" || body === null || Array.isArray(body)) throw new LabHttpError(400, "INVALID_PARAMETER", `The request body must be a JSON object with the ${element} fields.`);
    return body as Record<string, unknown>;
  }
  return parseFlatXml(text, element);
}

function parseFlatXml(text: string, element: string): Record<string, unknown> {
  const stripped = text.replace(/^\s*<\?xml[^?]*\?>/, "").trim();
  const root = new RegExp(`^<${element}(?:\\s[^>]*)?>([\\s\\S]*)</${element}\\s*>$`).exec(stripped);
  if (!root) throw new LabHttpError(400, "INVALID_PARAMETER", `The request body must be a <${element}> element (or JSON with Content-Type: application/json).`);
  const fields: Record<string, unknown> = {};
  const inner = root[1] as string;
  const child = /\s*(?:<([A-Za-z][\w.-]*)\s*\/>|<([A-Za-z][\w.-]*)\s*>([^<]*)<\/\2\s*>)\s*/y;
  let at = 0;
  while (at < inner.length) {
    child.lastIndex = at;
    const match = child.exec(inner);
    if (!match) throw new LabHttpError(400, "INVALID_PARAMETER", `The <${element}> body holds something other than simple fields near ${JSON.stringify(inner.slice(at, at + 40))}; the lab reads flat <Field>value</Field> elements only.`);
    if (match[1] !== undefined) fields[match[1]] = "";
    else fields[match[2] as string] = unescapeXml((match[3] as string).trim());
    at = child.lastIndex;
  }
  return fields;
}

function textValues(object: WireObject): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(object)) if (value !== undefined) out[key] = String(value);
  return out;
}

function xmlElement(name: string, object: WireObject): string {
  const children = Object.entries(object)
    .filter(([, value]) => value !== undefined)
    .map(([key, value]) => `<${key}>${escapeXml(String(value))}</${key}>`)
    .join("");
  return `<${name}>${children}</${name}>`;
}

export function escapeXml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&apos;");
}

function unescapeXml(text: string): string {
  return text.replace(/&(lt|gt|amp|quot|apos|#\d+|#x[0-9a-fA-F]+);/g, (_, entity: string) => {
    if (entity === "lt") return "<";
    if (entity === "gt") return ">";
    if (entity === "amp") return "&";
    if (entity === "quot") return '"';
    if (entity === "apos") return "'";
    const code = entity.startsWith("#x") ? parseInt(entity.slice(2), 16) : parseInt(entity.slice(1), 10);
    if (code > 0x10ffff) throw new LabHttpError(400, "INVALID_PARAMETER", `The XML body has a character reference beyond Unicode: &${entity};`);
    return String.fromCodePoint(code);
  });
}
