// Checks a cluster read back from the state directory (maybe from an older lab, or edited by
// hand): structural only, enough that operations never meet a missing list or an unknown kind.
// Knobs a file lacks get their defaults.
import { isSchemaVersion } from "../protocol/schema-versions";
import { isKindName } from "../schema/kinds";
import type { AxlClusterState } from "./cluster-state";
import { defaultAxlSettings } from "./settings";

class StateShapeError extends Error {}

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json => typeof value === "object" && value !== null && !Array.isArray(value);

function need(ok: boolean, problem: string): void {
  if (!ok) throw new StateShapeError(problem);
}

export function decodeAxlState(raw: unknown): AxlClusterState {
  need(isObject(raw) && raw.kind === "axl", `the state is not an AXL cluster (kind is ${JSON.stringify(isObject(raw) ? raw.kind : raw)})`);
  const state = raw as Json;
  const cluster = state.cluster as Json;
  need(isObject(cluster) && typeof cluster.name === "string" && typeof cluster.version === "string", "cluster must have a name and a version");
  const versions = cluster.schemaVersions;
  need(Array.isArray(versions) && versions.length > 0 && versions.every((version) => typeof version === "string" && isSchemaVersion(version)), "cluster.schemaVersions must list known AXL schemas");
  need(Array.isArray(state.applicationUsers), "applicationUsers must be a list");
  (state.applicationUsers as unknown[]).forEach((user, i) => {
    need(isObject(user) && typeof user.userid === "string" && typeof user.password === "string" && Array.isArray(user.roles), `applicationUsers[${i}] must have userid, password and roles`);
  });
  const defaults = defaultAxlSettings();
  const settings = state.settings === undefined ? {} : state.settings;
  need(isObject(settings) && (settings.throttling === undefined || isObject(settings.throttling)), "settings must be an object");
  const known = settings as Json;
  state.settings = { ...defaults, ...known, throttling: { ...defaults.throttling, ...((known.throttling as Json | undefined) ?? {}) } };
  need(isObject(state.objects), "objects must be an object of kinds");
  for (const [kind, objects] of Object.entries(state.objects as Json)) {
    need(isKindName(kind) && isObject(objects), `objects.${kind} is not a kind the lab serves`);
    for (const [uuid, object] of Object.entries(objects as Json)) {
      need(isObject(object) && object.uuid === uuid && isObject(object.fields), `objects.${kind}.${uuid} must have its uuid and fields`);
    }
  }
  need(typeof state.nextCtiid === "number" && Number.isSafeInteger(state.nextCtiid), "nextCtiid must be a whole number");
  need(Array.isArray(state.deviceEvents), "deviceEvents must be a list");
  return state as unknown as AxlClusterState;
}
