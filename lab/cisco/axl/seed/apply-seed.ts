// POST /seed for an AXL cluster: cluster identity, application users, knobs, and objects to add,
// update or remove - objects go through the same checks as add/update/remove requests, so a
// seed cannot hold a dangling reference or a duplicate. Refused data changes nothing (the
// service applies it to a copy).
import { SeedReader } from "../../../microsoft/tenant/seed-input";
import { AxlFault, SoapFault } from "../protocol/axl-fault";
import { KNOWN_SCHEMA_VERSIONS, isSchemaVersion, type SchemaVersion } from "../protocol/schema-versions";
import type { ClusterIndex } from "../model/cluster-index";
import type { AxlClusterState } from "../model/cluster-state";
import { readAxlSettings } from "../model/settings";
import { newAxlUuid } from "../model/uuids";
import { deleteObject, insertObject, locate, updateObject } from "../operations/crud";
import type { OperationContext } from "../operations/operation-context";
import { isKindName, kindSpec } from "../schema/kinds";
import type { KindSpec } from "../schema/field-spec";
import { keyElement, objectElement, SeedShapeError, updateElement } from "./seed-objects";

export const AXL_SEED_FIELDS = ["cluster", "applicationUsers", "removeApplicationUsers", "settings", "remove", "objects", "updates"] as const;

/** Seeds are read in the newest schema the lab knows. */
const SEED_SCHEMA: SchemaVersion = KNOWN_SCHEMA_VERSIONS[KNOWN_SCHEMA_VERSIONS.length - 1] as SchemaVersion;

export function applyAxlSeed(state: AxlClusterState, index: ClusterIndex, data: unknown, newUuid: () => string = newAxlUuid, now: () => number = Date.now): AxlClusterState {
  const read = new SeedReader("axl");
  const input = read.object(data, "the data", AXL_SEED_FIELDS);
  if (input.cluster !== undefined) {
    const cluster = read.object(input.cluster, "cluster", ["name", "version", "schemaVersions"]);
    if (cluster.name !== undefined) state.cluster.name = read.string(cluster.name, "cluster.name");
    if (cluster.version !== undefined) {
      const version = read.string(cluster.version, "cluster.version");
      if (!/^\d+\.\d+\.\d+\.\d+(-\d+)?$/.test(version)) read.fail(`cluster.version must be a CUCM build such as "15.0.1.12900-1", got ${JSON.stringify(version)}`);
      state.cluster.version = version;
    }
    if (cluster.schemaVersions !== undefined) {
      const versions = read.strings(cluster.schemaVersions, "cluster.schemaVersions");
      const unknown = versions.filter((version) => !isSchemaVersion(version));
      if (versions.length === 0 || unknown.length > 0) read.fail(`cluster.schemaVersions must list AXL schemas the lab knows (${KNOWN_SCHEMA_VERSIONS.join(", ")}), got ${JSON.stringify(versions)}`);
      state.cluster.schemaVersions = [...new Set(versions as SchemaVersion[])];
    }
  }
  if (input.settings !== undefined) state.settings = readAxlSettings(read, input.settings, state.settings);
  if (input.removeApplicationUsers !== undefined) {
    const gone = new Set(read.strings(input.removeApplicationUsers, "removeApplicationUsers"));
    state.applicationUsers = state.applicationUsers.filter((user) => !gone.has(user.userid));
  }
  if (input.applicationUsers !== undefined) {
    read.list(input.applicationUsers, "applicationUsers").forEach((raw, i) => {
      const where = `applicationUsers[${i}]`;
      const user = read.object(raw, where, ["userid", "password", "roles"]);
      const entry = { userid: read.string(user.userid, `${where}.userid`), password: read.string(user.password, `${where}.password`), roles: user.roles === undefined ? [] : read.strings(user.roles, `${where}.roles`) };
      state.applicationUsers = [...state.applicationUsers.filter((existing) => existing.userid !== entry.userid), entry];
    });
  }

  const context: OperationContext = { state, index, version: SEED_SCHEMA, operation: "seed", caller: "lab seed", now, newUuid };
  const each = (field: "remove" | "objects" | "updates", apply: (spec: KindSpec, body: Record<string, unknown>, where: string) => void): void => {
    if (input[field] === undefined) return;
    read.list(input[field], field).forEach((raw, i) => {
      const { kind, ...body } = read.object(raw, `${field}[${i}]`);
      if (typeof kind !== "string" || !isKindName(kind)) read.fail(`${field}[${i}].kind must name an AXL kind the lab serves, got ${JSON.stringify(kind)}`);
      const spec = kindSpec(kind as Parameters<typeof kindSpec>[0]);
      const where = `${field}[${i}] (${spec.kind})`;
      try {
        apply(spec, body, where);
      } catch (error) {
        if (error instanceof AxlFault || error instanceof SoapFault || error instanceof SeedShapeError) read.fail(`${where}: ${error.message}`);
        throw error;
      }
    });
  };
  each("remove", (spec, body, where) => {
    const target = locate(spec, keyElement(spec, body, where), { ...context, operation: `remove${spec.suffix}` });
    if (!target) read.fail(`${where}: no such ${spec.label} to remove`);
    deleteObject(spec, target as NonNullable<typeof target>, context);
  });
  each("objects", (spec, body, where) => {
    insertObject(spec, objectElement(spec, body, where), { ...context, operation: `add${spec.suffix}` }, `${spec.element}`);
  });
  each("updates", (spec, body, where) => {
    updateObject(spec, updateElement(spec, body, where), { ...context, operation: `update${spec.suffix}` });
  });
  return state;
}
