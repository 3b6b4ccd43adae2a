// Which AXL operation a body element names: add/get/update/remove/list<Kind> for the kinds the
// lab serves (add/update/remove only for the managed ones), getCCMVersion, the device actions.
// Reads, writes (database changes, throttled) and actions (need write access, change nothing
// but the device event log) are told apart for access and throttling.
import { compareSchemaVersions, type SchemaVersion } from "../protocol/schema-versions";
import type { KindName } from "../schema/field-spec";
import { kindBySuffix } from "../schema/kinds";
import { escapeXml, type XmlElement } from "../xml/xml-tree";
import { addObject, getObject, removeObject, updateObject } from "./crud";
import { doDeviceLogin, doDeviceLogout, doDeviceReset, phoneAction } from "./device-actions";
import { listObjects } from "./list-objects";
import type { OperationContext } from "./operation-context";

export type OperationClass = "read" | "write" | "action";

export interface AxlOperation {
  readonly name: string;
  readonly class: OperationClass;
  /** The kind written (for the write throttle's cost). */
  readonly kind?: KindName;
  /** The content of the answer's <return> element. */
  run(request: XmlElement, context: OperationContext): string;
}

const SPECIAL: Readonly<Record<string, Omit<AxlOperation, "name">>> = {
  getCCMVersion: { class: "read", run: (_request, context) => `<componentVersion><version>${escapeXml(context.state.cluster.version)}</version></componentVersion>` },
  doDeviceReset: { class: "action", run: doDeviceReset },
  resetPhone: { class: "action", run: phoneAction },
  restartPhone: { class: "action", run: phoneAction },
  applyPhone: { class: "action", run: phoneAction },
  doDeviceLogin: { class: "write", kind: "phone", run: doDeviceLogin },
  doDeviceLogout: { class: "write", kind: "phone", run: doDeviceLogout },
};

/** The operation, or undefined when the lab does not serve it in this schema. */
export function resolveOperation(name: string, version: SchemaVersion): AxlOperation | undefined {
  const special = SPECIAL[name];
  if (special) return { name, ...special };
  const match = /^(add|get|update|remove|list)([A-Z]\w*)$/.exec(name);
  if (!match) return undefined;
  const verb = match[1] as "add" | "get" | "update" | "remove" | "list";
  const spec = kindBySuffix(match[2] as string);
  if (!spec || (spec.since !== undefined && compareSchemaVersions(version, spec.since) < 0)) return undefined;
  if (verb === "get") return { name, class: "read", run: (request, context) => getObject(spec, request, context) };
  if (verb === "list") return { name, class: "read", run: (request, context) => listObjects(spec, request, context) };
  if (!spec.writable) return undefined;
  const run = { add: addObject, update: updateObject, remove: removeObject }[verb];
  return { name, class: "write", kind: spec.kind, run: (request, context) => run(spec, request, context) };
}

/**
 * Whether an operation asks to change the cluster (a database write or a device action), from
 * its name alone, so that operations the lab does not serve are told apart too: add*, update*,
 * remove*, do*, reset*, restart*, apply*, wipe*, lock* and executeSQLUpdate.
 */
export function operationChangesState(name: string): boolean {
  const special = SPECIAL[name];
  if (special) return special.class !== "read";
  return /^(add|update|remove|do|reset|restart|apply|wipe|lock)[A-Z]|^executeSQLUpdate$/.test(name);
}
