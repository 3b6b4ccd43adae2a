// The parsed WSDL of one (schema version, schema directory), loaded once per process: ucflow's
// own, rendered in memory (small, a few milliseconds), or an operator's AXL toolkit files
// (Cisco's 15.0 WSDL takes about a second and ~40 MB of heap to parse, reference §5.2).
import * as fs from "node:fs/promises";
import * as path from "node:path";
import * as soap from "soap";
import { ConfigurationError } from "../../core/errors";
import { AXL_SCHEMA_VERSIONS, type AxlSchemaVersion } from "./schema/description";
import { renderAxlWsdl } from "./schema/render";

/** node-soap options every AXL WSDL is parsed with. */
export const AXL_WSDL_OPTIONS = {
  // CUCM and Cisco's samples write soapenv: (reference §5.2).
  envelopeKey: "soapenv",
  // Never fetch anything while parsing.
  disableCache: true,
} as const;

/** A parsed WSDL and where it came from. */
export interface AxlWsdl {
  readonly version: AxlSchemaVersion;
  /** Undefined for ucflow's built-in schema. */
  readonly schemaDir?: string;
  readonly wsdl: soap.WSDL;
}

const loaded = new Map<string, Promise<AxlWsdl>>();

/** The WSDL for a version, from `schemaDir` when given; cached per process, failures not cached. */
export function loadAxlWsdl(version: AxlSchemaVersion, schemaDir?: string): Promise<AxlWsdl> {
  const dir = schemaDir === undefined ? undefined : path.resolve(schemaDir);
  const key = `${version}\u0000${dir ?? ""}`;
  let promise = loaded.get(key);
  if (promise === undefined) {
    promise = dir === undefined ? builtInWsdl(version) : toolkitWsdl(version, dir);
    loaded.set(key, promise);
    promise.catch(() => loaded.delete(key));
  }
  return promise;
}

/** How many WSDLs this process has loaded (for tests). */
export function loadedWsdlCount(): number {
  return loaded.size;
}

async function builtInWsdl(version: AxlSchemaVersion): Promise<AxlWsdl> {
  const wsdl = new soap.WSDL(renderAxlWsdl(version, { inlineSchema: true }), `ucflow-axl-${version}.wsdl`, { ...AXL_WSDL_OPTIONS });
  await new Promise<void>((resolve, reject) => wsdl.onReady((error: unknown) => (error ? reject(error) : resolve())));
  return { version, wsdl };
}

const VERSION_NAMESPACE = /http:\/\/www\.cisco\.com\/AXL\/API\/(\d+\.\d+)/;

/** The AXL schema version a WSDL's text declares (its AXL namespace), or undefined. */
export function declaredVersion(wsdlText: string): string | undefined {
  return VERSION_NAMESPACE.exec(wsdlText)?.[1];
}

async function toolkitWsdl(version: AxlSchemaVersion, dir: string): Promise<AxlWsdl> {
  const file = path.join(dir, "AXLAPI.wsdl");
  const problems: string[] = [];
  let text = "";
  try {
    text = await fs.readFile(file, "utf8");
  } catch (error) {
    problems.push(`schemaDir ${JSON.stringify(dir)} has no readable AXLAPI.wsdl (${(error as Error).message}); point it at one version's folder of the AXL toolkit (axlsqltoolkit.zip, schema/<version>/)`);
  }
  try {
    await fs.access(path.join(dir, "AXLSoap.xsd"));
  } catch {
    problems.push(`schemaDir ${JSON.stringify(dir)} has no AXLSoap.xsd beside AXLAPI.wsdl`);
  }
  if (problems.length === 0) {
    const declared = declaredVersion(text);
    if (declared === undefined) problems.push(`${file} declares no AXL namespace (http://www.cisco.com/AXL/API/<version>); is it Cisco's AXLAPI.wsdl?`);
    else if (declared !== version) problems.push(`${file} is for AXL schema ${declared}, but the cluster is used with schema ${version}; point schemaDir at the ${version} folder, or set version to ${declared}`);
  }
  if (problems.length > 0) throw new ConfigurationError("invalid AXL schema directory", problems);
  const client = await soap.createClientAsync(file, { ...AXL_WSDL_OPTIONS });
  return { version, schemaDir: dir, wsdl: client.wsdl };
}

/** The schema versions ucflow supports, for messages. */
export const SUPPORTED_VERSIONS_TEXT = AXL_SCHEMA_VERSIONS.join(", ");
