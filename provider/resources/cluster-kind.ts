// What the Unified CM kinds (ClusterDialPlan, CucmSite) share: reading what a cluster holds under
// their objects' names, bringing it to the plan (provider/plan/cucm-objects.ts decides; this
// reads and writes), reporting drift, removing what is ucflow's, and the checks of a dial plan
// both kinds take as input. The kinds record each object they own as (kind, key, uuid).
import { COUNTRY_CALLING_CODE_RULE, isCountryCallingCode } from "./codecs";
import type * as pulumi from "@pulumi/pulumi";
import type { AxlClient } from "../backends/axl/client";
import { isAxlFault } from "../backends/axl/errors";
import { CUCM_CALL_CLASSES } from "../plan/cucm-names";
import {
  CUCM_OBJECT_KINDS,
  cucmObjectId,
  cucmObjectLabel,
  cucmObjectsDrift,
  type CucmObjectKind,
  type CucmObjectRecord,
  type DesiredCucmObject,
  differingFields,
  type ObservedCucmObject,
  planCucmObjects,
} from "../plan/cucm-objects";
import { type AdoptionPolicy, NO_ADOPTION, removalDecision } from "../plan/adoption";
import { show } from "../plan/messages";
import { AXL_OBJECTS } from "./cucm/axl-objects";
import { addOnce } from "./cucm/repeat-safe-writes";
import type { CucmDialPlan } from "./cucm/types";
import type { InputProblem } from "./input-validation";
import { PartialFailure } from "./kind-provider";
import { inContextOf } from "./tenant-kind";

/** What a Unified CM kind adds to its inputs in state. */
export interface ClusterObjectsState {
  /** The objects ucflow made or adopted on the cluster. */
  readonly objects: readonly CucmObjectRecord[];
  /** After a refresh: what is out of step on the cluster; the next `up` puts it right. */
  readonly drift?: readonly string[];
}

/** Rules of a dial plan beyond its codec, for the property `at`. */
export function validateCucmDialPlan(dialPlan: CucmDialPlan, at = "dialPlan"): InputProblem[] {
  const problems: InputProblem[] = [];
  if (!Number.isInteger(dialPlan.extensionLength) || dialPlan.extensionLength < 1 || dialPlan.extensionLength > 15) {
    problems.push({ property: `${at}.extensionLength`, reason: `must be a whole number of digits from 1 to 15, e.g. 4; got ${show(dialPlan.extensionLength)}` });
  }
  if (!isCountryCallingCode(dialPlan.countryCallingCode)) {
    problems.push({ property: `${at}.countryCallingCode`, reason: `${COUNTRY_CALLING_CODE_RULE}; got ${show(dialPlan.countryCallingCode)}` });
  }
  for (const key of Object.keys(dialPlan.routePatterns ?? {})) {
    if (!(CUCM_CALL_CLASSES as readonly string[]).includes(key)) problems.push({ property: `${at}.routePatterns.${key}`, reason: `is not a call class; the classes are ${CUCM_CALL_CLASSES.join(", ")}` });
  }
  const emergency = dialPlan.emergencyNumbers ?? [];
  const repeated = emergency.filter((n, i) => emergency.indexOf(n) !== i);
  if (repeated.length > 0) problems.push({ property: `${at}.emergencyNumbers`, reason: `lists ${[...new Set(repeated)].join(", ")} more than once` });
  return problems;
}

/** What the cluster has under every desired and recorded key; the client bounds how many reads run at once. */
export async function observeObjects(client: AxlClient, desired: readonly DesiredCucmObject[], recorded: readonly CucmObjectRecord[]): Promise<Map<string, ObservedCucmObject | undefined>> {
  const keys = new Map<string, { kind: CucmObjectKind; key: string }>();
  for (const { kind, key } of [...desired, ...recorded]) keys.set(cucmObjectId(kind, key), { kind, key });
  const entries = await Promise.all([...keys].map(async ([id, { kind, key }]) => [id, await AXL_OBJECTS[kind].get(client, key)] as const));
  return new Map(entries);
}

/** "its description ends with [ucflow:Cu2]": the fix of an "already exists" refusal. */
function conflictError(conflicts: readonly string[], cluster: string, mark: string): Error {
  const one = conflicts.length === 1;
  return new Error(
    `${conflicts.join("; ")} already ${one ? "exists" : "exist"} on cluster ${cluster}, and ucflow does not take over objects it did not create; nothing was changed. ` +
      `To bring ${one ? "it" : "them"} under management, set adoption: {existing: adopt} on the customer (its dial plan) or the site (docs/adoption.md); ` +
      `otherwise remove or rename ${one ? "it" : "them"} on the cluster, or end the description of a partition, route pattern or calling search space that is this customer's with ${mark}`,
  );
}

/** Objects the definition names as existing (`existingDialPlan`, `cucm.existing`) that the cluster lacks. */
function missingError(missing: readonly string[], cluster: string): Error {
  const one = missing.length === 1;
  return new Error(
    `the definition names ${missing.join(", ")} as already on cluster ${cluster}, but ${one ? "it is" : "they are"} not there; nothing was changed. ` +
      "Correct the name (Unified CM Administration lists it), or leave the name out to let ucflow make its own",
  );
}

/** `existing` names objects to adopt: without adoption.existing adopt they would be refused. */
export function existingNeedsAdoption(existing: object | undefined, adoption: { readonly existing?: string } | undefined, whose: string): InputProblem[] {
  if (existing === undefined || adoption?.existing === "adopt") return [];
  return [{ property: "existing", reason: `names objects already on the cluster, which ucflow adopts only when ${whose} adoption says so: give adoption: {existing: adopt}, or leave existing out` }];
}

/** A removal refused because something still refers to the object (CUCM's Informix -692), said with the fix. */
function removalError(error: unknown, record: CucmObjectRecord, cluster: string): unknown {
  if (!isAxlFault(error) || error.axlcode !== -692) return error;
  return new Error(
    `${cucmObjectLabel(record.kind, record.key)} is still in use on cluster ${cluster}, so ucflow did not remove it (${error.axlmessage.replace(/\.$/, "")}); ` +
      "remove what refers to it first (a site's calling search spaces go with its CucmSite, lines with their subscribers)",
    { cause: error },
  );
}

/** What converge did: the records to keep in state, and the error that stopped it, if any. */
export interface ConvergeOutcome {
  readonly objects: CucmObjectRecord[];
  /** How many writes ran before it stopped (or all of them). */
  readonly written: number;
  readonly failure?: unknown;
}

/**
 * Brings the cluster to `desired`: observes, refuses (nothing written) when any object under
 * ucflow's names is not ucflow's, then adds, updates only what differs and removes recorded
 * objects no longer desired. A failed write stops it; the outcome still says what is ucflow's.
 */
export async function convergeObjects(client: AxlClient, cluster: string, desired: readonly DesiredCucmObject[], recorded: readonly CucmObjectRecord[], mark: string, adoption: AdoptionPolicy = NO_ADOPTION): Promise<ConvergeOutcome> {
  const observed = await observeObjects(client, desired, recorded);
  const plan = planCucmObjects({ desired, observed, recorded, mark, adoption });
  if (plan.missing.length > 0) throw missingError(plan.missing, cluster);
  if (plan.conflicts.length > 0) throw conflictError(plan.conflicts, cluster, mark);
  const uuids = new Map(plan.owned.map((r) => [cucmObjectId(r.kind, r.key), r.uuid]));
  const adopted = new Set(plan.owned.filter((r) => r.adopted).map((r) => cucmObjectId(r.kind, r.key)));
  const removed = new Set<string>();
  let written = 0;
  let failure: unknown;
  for (const write of plan.writes) {
    try {
      if (write.op === "add") {
        const adapter = AXL_OBJECTS[write.object.kind];
        const object = write.object;
        // A lost answer is followed by a read: the object as ucflow adds it is the one it made.
        const uuid = (await addOnce(() => adapter.add(client, object.value), () => adapter.get(client, object.key), (found) => differingFields(object, found).length === 0)) || (await adapter.get(client, object.key))?.uuid;
        if (uuid) uuids.set(cucmObjectId(object.kind, object.key), uuid);
      } else if (write.op === "update") {
        await AXL_OBJECTS[write.object.kind].update(client, write.uuid, write.object, write.fields);
      } else {
        try {
          await AXL_OBJECTS[write.record.kind].remove(client, write.record.uuid);
        } catch (error) {
          throw removalError(error, write.record, cluster);
        }
        removed.add(cucmObjectId(write.record.kind, write.record.key));
      }
      written++;
    } catch (error) {
      failure = error;
      break;
    }
  }
  const wanted = new Set(desired.map((o) => cucmObjectId(o.kind, o.key)));
  const objects: CucmObjectRecord[] = [];
  for (const object of desired) {
    const id = cucmObjectId(object.kind, object.key);
    const uuid = uuids.get(id);
    if (uuid !== undefined) objects.push({ kind: object.kind, key: object.key, uuid, ...(adopted.has(id) ? { adopted: true as const } : {}) });
  }
  // Recorded objects no longer wanted stay recorded until they are removed, if they are still there.
  for (const write of plan.writes) {
    if (write.op !== "remove") continue;
    const id = cucmObjectId(write.record.kind, write.record.key);
    if (!wanted.has(id) && !removed.has(id)) objects.push(write.record);
  }
  return { objects, written, ...(failure === undefined ? {} : { failure }) };
}

/**
 * Refresh: the state with the drift of every object (none when in step), or undefined, gone,
 * when none of them is on the cluster any more.
 */
export async function refreshedState<S extends ClusterObjectsState>(client: AxlClient, state: S, desired: readonly DesiredCucmObject[], mark: string): Promise<S | undefined> {
  const recorded = state.objects ?? [];
  const observed = await observeObjects(client, desired, recorded);
  if (![...observed.values()].some((o) => o !== undefined)) return undefined;
  const drift = cucmObjectsDrift({ desired, observed, recorded, mark });
  const { drift: _previous, ...rest } = state;
  return (drift.length > 0 ? { ...rest, drift } : rest) as S;
}

/**
 * Delete: removes, devices' references first (reverse of CUCM_OBJECT_KINDS), every object under
 * the kind's names or in its state that is ucflow's for deleting: a partition, pattern or calling
 * search space only while it carries `mark` (remove the mark by hand to keep one), a device pool
 * or location when state records it or (adoption off) it is exactly what ucflow creates. An object state records
 * as adopted stays on the cluster unless `adoption.onDelete` is remove. Every removal is tried;
 * what failed is reported together, and running the command again retries only that.
 */
export async function removeObjects(client: AxlClient, cluster: string, desired: readonly DesiredCucmObject[], recorded: readonly CucmObjectRecord[], mark: string, adoption: AdoptionPolicy = NO_ADOPTION): Promise<void> {
  const observed = await observeObjects(client, desired, recorded);
  const desiredById = new Map(desired.map((o) => [cucmObjectId(o.kind, o.key), o]));
  const targets: CucmObjectRecord[] = [];
  for (const [id, current] of observed) {
    if (current === undefined) continue;
    const wanted = desiredById.get(id);
    const record = recorded.find((r) => cucmObjectId(r.kind, r.key) === id);
    if (record?.adopted === true) {
      // Adopted: the recorded one is removed only when the policy says so; another under the name is not ucflow's.
      if (removalDecision(record, adoption) === "remove" && record.uuid.toUpperCase() === current.uuid.toUpperCase()) targets.push({ kind: record.kind, key: record.key, uuid: current.uuid });
      continue;
    }
    const kind = (wanted ?? record)!.kind;
    const key = (wanted ?? record)!.key;
    const ours =
      kind === "devicePool" || kind === "location"
        ? record?.uuid.toUpperCase() === current.uuid.toUpperCase() || (adoption.existing !== "adopt" && wanted !== undefined && differingFields(wanted, current).length === 0)
        : String(current.fields.description ?? "").endsWith(mark);
    if (ours) targets.push({ kind, key, uuid: current.uuid });
  }
  targets.sort((a, b) => CUCM_OBJECT_KINDS.indexOf(b.kind) - CUCM_OBJECT_KINDS.indexOf(a.kind));
  const failures: string[] = [];
  for (const target of targets) {
    try {
      await AXL_OBJECTS[target.kind].remove(client, target.uuid);
    } catch (error) {
      const reported = removalError(error, target, cluster);
      failures.push(reported instanceof Error ? reported.message : String(reported));
    }
  }
  if (failures.length > 0) {
    throw new Error(`${failures.length === 1 ? "one object" : `${failures.length} objects`} could not be removed; the rest were removed, and running the command again retries only these:\n${failures.map((f) => `  - ${f}`).join("\n")}`);
  }
}

/**
 * The state to return after a converge, or the error to throw: nothing recorded (a create that
 * made or adopted nothing, an update that wrote nothing) fails plainly; otherwise a
 * PartialFailure records what was done, and the next `up` goes on from there.
 */
export function convergedState<S>(subject: string, id: string, state: S, outcome: ConvergeOutcome, creating: boolean): S {
  if (outcome.failure === undefined) return state;
  const error = inContextOf(subject, outcome.failure);
  if (creating ? outcome.objects.length === 0 : outcome.written === 0) throw error;
  const message = `${error.message}; the ${outcome.written === 1 ? "change" : `${outcome.written} changes`} made before it ${outcome.written === 1 ? "is" : "are"} recorded, and the next \`pulumi up\` goes on from there`;
  throw new PartialFailure(message, id, state, [message]);
}

/** A kind's provider whose diff reports a change whenever a refresh recorded drift, so `up` converges it. */
export function convergingDrift(kind: pulumi.dynamic.ResourceProvider): pulumi.dynamic.ResourceProvider {
  return {
    ...kind,
    async diff(id, olds, news) {
      const result = await kind.diff!(id, olds, news);
      const drift = (olds as { drift?: unknown }).drift;
      return Array.isArray(drift) && drift.length > 0 ? { ...result, changes: true } : result;
    },
  };
}
