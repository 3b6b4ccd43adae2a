// What an AXL operation works with: the cluster's state and index, the schema version it is
// served in, and how references in its request are resolved.
import { faults } from "../protocol/axl-fault";
import type { SchemaVersion } from "../protocol/schema-versions";
import type { ClusterIndex } from "../model/cluster-index";
import { displayName, numberKey } from "../model/cluster-index";
import type { AxlClusterState } from "../model/cluster-state";
import type { ReferenceResolver } from "../model/request-codec";
import { canonicalUuid } from "../model/uuids";
import type { FieldSpec, FkValue, KindName, NumberRefValue } from "../schema/field-spec";
import { kindSpec } from "../schema/kinds";

export interface OperationContext {
  readonly state: AxlClusterState;
  readonly index: ClusterIndex;
  readonly version: SchemaVersion;
  /** The operation's element name, e.g. "addPhone". */
  readonly operation: string;
  /** The application user calling. */
  readonly caller: string;
  readonly now: () => number;
  /** A new object uuid ("{UPPERCASE}"); the seeded cluster uses a deterministic sequence. */
  readonly newUuid: () => string;
}

/** "Item not valid: The specified Device Pool was not found" (devices by their name). */
export function notFoundFault(kind: KindName, name: string | undefined): Error {
  const spec = kindSpec(kind);
  return faults.notFound(spec.notFoundByName && name ? name : spec.label);
}

/** A uuid from a request, or a fault saying it is not one. */
export function requestUuid(value: string, path: string): string {
  const uuid = canonicalUuid(value);
  if (!uuid) throw faults.invalid(`${path} "${value}" is not a uuid such as {A8D94FF0-4627-EECC-0D8D-E2EE69123B32}`);
  return uuid;
}

export function referenceResolver(context: OperationContext): ReferenceResolver {
  const { index } = context;
  const fkValue = (kind: KindName, uuid: string): FkValue => {
    const found = index.byUuid(uuid);
    return { name: displayName(kindSpec(kind), found?.object.fields ?? {}), uuid };
  };
  const resolveFk = (targets: readonly KindName[], name: string | undefined, uuid: string | undefined, path: string): FkValue => {
    if (uuid !== undefined) {
      const found = index.byUuid(requestUuid(uuid, `${path}@uuid`));
      if (found && targets.includes(found.kind)) return fkValue(found.kind, found.object.uuid);
      throw notFoundFault(targets[0] as KindName, name);
    }
    for (const kind of targets) {
      const found = index.findByName(kind, name ?? "");
      if (found) return fkValue(kind, found.uuid);
    }
    throw notFoundFault(targets[0] as KindName, name);
  };
  return {
    version: context.version,
    newUuid: context.newUuid,
    fk: (field, name, uuid, path) => resolveFk((field as Extract<FieldSpec, { kind: "fk" }>).target, name, uuid, path),
    number: (field, reference, path): NumberRefValue => {
      const target: KindName = field.target;
      const spec = kindSpec(target);
      const scopeKind: KindName = target === "line" ? "routePartition" : "css";
      let found;
      if (reference.uuid !== undefined) {
        const located = index.byUuid(requestUuid(reference.uuid, `${path}/uuid`));
        found = located?.kind === target ? located.object : undefined;
      } else {
        const scope = reference.scope !== undefined || reference.scopeUuid !== undefined ? resolveFk([scopeKind], reference.scope, reference.scopeUuid, path) : null;
        found = index.findByKey(spec, numberKey(reference.number ?? "", scope));
      }
      if (!found) throw notFoundFault(target, undefined);
      const scopeField = target === "line" ? "routePartitionName" : "cssName";
      const scope = found.fields[scopeField] as FkValue | null | undefined;
      const numberField = target === "line" ? "pattern" : "dirn";
      return { uuid: found.uuid, number: String(found.fields[numberField]), scope: scope ? { ...scope } : null };
    },
  };
}
