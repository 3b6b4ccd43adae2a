// XML as the AXL simulator reads and writes it: a strict, namespace-aware parse (sax, which
// comes with npm `soap`) into a small element tree, and escaping for the answers it writes.
// Prefixes are kept only for messages: every lookup is by namespace URI and local name, so
// `ns:`, `xsd1:` and default-namespace requests read the same.

/** The part of sax's API the lab uses (sax ships no type declarations). */
interface SaxQualifiedAttribute {
  readonly name: string;
  readonly value: string;
  readonly local: string;
  readonly uri: string;
}
interface SaxQualifiedTag {
  readonly name: string;
  readonly local: string;
  readonly uri: string;
  readonly attributes: Readonly<Record<string, SaxQualifiedAttribute>>;
}
interface SaxParser {
  onopentag: (tag: SaxQualifiedTag) => void;
  onclosetag: (name: string) => void;
  ontext: (text: string) => void;
  oncdata: (text: string) => void;
  ondoctype: (doctype: string) => void;
  onerror: (error: Error) => void;
  line: number;
  column: number;
  write(text: string): SaxParser;
  close(): SaxParser;
}
const sax = require("sax") as { parser(strict: boolean, options: { xmlns: boolean; strictEntities?: boolean; position?: boolean }): SaxParser };

export const XSI_NAMESPACE = "http://www.w3.org/2001/XMLSchema-instance";

export interface XmlElement {
  /** The qualified name as written, e.g. "ns:addPhone". */
  readonly name: string;
  readonly local: string;
  /** Namespace URI; "" for unqualified elements (AXL's children are unqualified). */
  readonly uri: string;
  /** Attributes by local name (xmlns declarations left out). */
  readonly attributes: Readonly<Record<string, string>>;
  /** xsi:nil="true". */
  readonly nil: boolean;
  readonly children: XmlElement[];
  /** Character data directly inside the element (text and CDATA), as written. */
  text: string;
}

export class XmlSyntaxError extends Error {
  override readonly name = "XmlSyntaxError";
}

/** Parses one XML document; throws XmlSyntaxError with the line and column of the first problem. */
export function parseXml(text: string): XmlElement {
  const parser = sax.parser(true, { xmlns: true, strictEntities: true, position: true });
  const stack: XmlElement[] = [];
  let root: XmlElement | undefined;
  let failure: Error | undefined;
  parser.onerror = (error) => {
    failure ??= error;
    throw error; // stops sax at the first error
  };
  parser.ondoctype = () => {
    // SOAP 1.1 §3: a message must not contain a DTD (and the lab never expands entities).
    throw new XmlSyntaxError(`line ${parser.line + 1}: a SOAP message must not contain a document type declaration`);
  };
  parser.onopentag = (tag) => {
    const attributes: Record<string, string> = {};
    let nil = false;
    for (const attribute of Object.values(tag.attributes)) {
      if (attribute.name === "xmlns" || attribute.name.startsWith("xmlns:")) continue;
      if (attribute.uri === XSI_NAMESPACE) {
        if (attribute.local === "nil") nil = attribute.value === "true" || attribute.value === "1";
        continue;
      }
      attributes[attribute.local] = attribute.value;
    }
    const element: XmlElement = { name: tag.name, local: tag.local, uri: tag.uri, attributes, nil, children: [], text: "" };
    const parent = stack[stack.length - 1];
    if (parent) parent.children.push(element);
    else root = element;
    stack.push(element);
  };
  parser.onclosetag = () => {
    stack.pop();
  };
  const onText = (value: string): void => {
    const current = stack[stack.length - 1];
    if (current) current.text += value;
  };
  parser.ontext = onText;
  parser.oncdata = onText;
  try {
    parser.write(text).close();
  } catch (error) {
    if (error instanceof XmlSyntaxError) throw error;
    const reason = (failure ?? (error as Error)).message.split("\n")[0];
    throw new XmlSyntaxError(`the request is not well-formed XML: ${reason} (line ${parser.line + 1}, column ${parser.column + 1})`);
  }
  if (!root) throw new XmlSyntaxError("the request is not well-formed XML: it has no root element");
  return root;
}

/** The element children with this local name, in document order. */
export function childrenNamed(element: XmlElement, local: string): XmlElement[] {
  return element.children.filter((child) => child.local === local);
}

/** The first element child with this local name. */
export function childNamed(element: XmlElement, local: string): XmlElement | undefined {
  return element.children.find((child) => child.local === local);
}

/** Escapes text for element content and attribute values. */
export function escapeXml(value: string): string {
  return value.replace(/[&<>"']/g, (char) => ESCAPES[char] as string);
}

const ESCAPES: Readonly<Record<string, string>> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&apos;" };

/** `<name a="v">content</name>`, or `<name a="v"/>` when content is empty. Content is XML already. */
export function xmlElement(name: string, attributes: Readonly<Record<string, string>>, content: string): string {
  let open = `<${name}`;
  for (const [key, value] of Object.entries(attributes)) open += ` ${key}="${escapeXml(value)}"`;
  return content === "" ? `${open}/>` : `${open}>${content}</${name}>`;
}
