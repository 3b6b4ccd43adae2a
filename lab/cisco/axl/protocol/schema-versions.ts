// Which AXL schema a request is served with (reference §1, §1.1): the SOAPAction header
// `"CUCM:DB ver=15.0 addPhone"` and the operation's namespace `http://www.cisco.com/AXL/API/15.0`
// must name the same version; without SOAPAction the namespace decides, and `.../API/1.0` means
// the oldest schema the cluster accepts. A version the cluster does not accept is HTTP 599.
// Pure: the decision is tested without sockets.
import { AxlFault, AXL_CODES } from "./axl-fault";

/** The schemas the lab knows (those a CUCM 15 accepts). */
export const KNOWN_SCHEMA_VERSIONS = ["12.0", "12.5", "14.0", "15.0"] as const;
export type SchemaVersion = (typeof KNOWN_SCHEMA_VERSIONS)[number];

/** What the brief's cluster accepts by default (a real CUCM 15 also accepts 12.0: seed it). */
export const DEFAULT_SCHEMA_VERSIONS: readonly SchemaVersion[] = ["12.5", "14.0", "15.0"];

export const AXL_NAMESPACE_PREFIX = "http://www.cisco.com/AXL/API/";

export function isSchemaVersion(value: string): value is SchemaVersion {
  return (KNOWN_SCHEMA_VERSIONS as readonly string[]).includes(value);
}

/** Orders schema versions (12.0 < 12.5 < 14.0 < 15.0). */
export function compareSchemaVersions(a: SchemaVersion, b: SchemaVersion): number {
  return KNOWN_SCHEMA_VERSIONS.indexOf(a) - KNOWN_SCHEMA_VERSIONS.indexOf(b);
}

export interface SoapAction {
  readonly version: string;
  readonly operation: string;
}

/** `"CUCM:DB ver=15.0 addPhone"` (quotes optional); undefined for an absent or empty header. */
export function parseSoapAction(header: string | undefined): SoapAction | "malformed" | undefined {
  if (header === undefined) return undefined;
  const unquoted = header.trim().replace(/^"(.*)"$/, "$1").trim();
  if (unquoted === "") return undefined;
  const match = /^CUCM:DB ver=(\S+)\s+(\S+)$/.exec(unquoted);
  if (!match) return "malformed";
  return { version: match[1] as string, operation: match[2] as string };
}

/** "15.0" from `http://www.cisco.com/AXL/API/15.0`; undefined for any other namespace. */
export function namespaceVersion(uri: string): string | undefined {
  if (!uri.startsWith(AXL_NAMESPACE_PREFIX)) return undefined;
  const version = uri.slice(AXL_NAMESPACE_PREFIX.length);
  return /^\d+\.\d+$/.test(version) ? version : undefined;
}

export type VersionDecision =
  | { readonly kind: "served"; readonly version: SchemaVersion }
  /** HTTP 599 with Cisco's text. */
  | { readonly kind: "unsupported"; readonly body: string };

/**
 * The schema a request is served with. Throws AxlFault for a malformed SOAPAction, for a
 * SOAPAction naming another operation than the body, and for a namespace that disagrees with the
 * SOAPAction's version (the lab's choice of answer: docs/lab-cisco.md).
 */
export function decideSchemaVersion(soapActionHeader: string | undefined, operationUri: string, operationName: string, accepted: readonly SchemaVersion[]): VersionDecision {
  const action = parseSoapAction(soapActionHeader);
  const fromNamespace = namespaceVersion(operationUri);
  if (action === "malformed") {
    throw new AxlFault(AXL_CODES.invalid, `The SOAPAction header ${JSON.stringify(soapActionHeader)} is not of the form "CUCM:DB ver=<version> <operation>"`, "soapenv:Client");
  }
  if (fromNamespace === undefined) {
    throw new AxlFault(AXL_CODES.invalid, `The operation element ${operationName} is in namespace "${operationUri}", not ${AXL_NAMESPACE_PREFIX}<version>`, "soapenv:Client");
  }
  const oldest = [...accepted].sort(compareSchemaVersions)[0] as SchemaVersion;
  const pick = (version: string): VersionDecision =>
    isSchemaVersion(version) && accepted.includes(version) ? { kind: "served", version } : { kind: "unsupported", body: unsupportedVersionText(accepted) };
  if (action === undefined) return fromNamespace === "1.0" ? { kind: "served", version: oldest } : pick(fromNamespace);
  const decision = pick(action.version);
  if (decision.kind === "unsupported") return decision;
  if (action.operation !== operationName) {
    throw new AxlFault(AXL_CODES.invalid, `The SOAPAction header names operation ${action.operation} but the request body is ${operationName}`, "soapenv:Client");
  }
  if (fromNamespace !== action.version) {
    throw new AxlFault(AXL_CODES.invalid, `The SOAPAction header asks for AXL schema ${action.version} but the request is in namespace ${AXL_NAMESPACE_PREFIX}${fromNamespace}; both must name the same version`, "soapenv:Client");
  }
  return decision;
}

/** The body of the 599 answer, as CUCM words it ("... Supported axl versions: 11.5,12.5,14"). */
export function unsupportedVersionText(accepted: readonly SchemaVersion[]): string {
  return `Incorrect axl version. Supported axl versions: ${[...accepted].sort(compareSchemaVersions).join(",")}`;
}
