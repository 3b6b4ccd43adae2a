// A Teams subscriber of a set: usage location, licenses, phone number (Enterprise Voice follows
// the number), direct policy grants and the role's Entra group memberships of one Entra user. Observe the user (with ucflow's
// footprint record on it), let the planner decide (provider/plan/subscriber-changes.ts), record
// the intent on the user, apply the steps, record the result. At a site that adopts, a user who
// already holds some of the subscriber's services is adopted (subscriber-adoption.ts): taken as
// it is, with no write when it needs nothing, and left whole on removal unless the site's
// adoption says remove. The Graph client passed in is
// usually the batching one: many subscribers' calls travel together in `$batch` requests.
import { isNotFoundError, isUcflowError } from "../../core/errors";
import { writeObserved } from "../../core/unanswered-writes";
import { type GraphClient } from "../../backends/graph/client";
import { deleteUserExtension, findExtension, writeUserExtension } from "../../backends/graph/extensions";
import { addGroupMember, getGroup, listUserGroupMemberships, removeGroupMember } from "../../backends/graph/groups";
import { assignLicense } from "../../backends/graph/licenses";
import { assignNumber, listNumberAssignments, unassignNumber, updateNumberLocation } from "../../backends/graph/number-assignments";
import { assignPolicies, getPolicyId, unassignPolicies } from "../../backends/graph/policy-assignments";
import type { NumberType } from "../../backends/graph/types";
import { getUserConfiguration } from "../../backends/graph/user-configurations";
import { getUser, setUsageLocation } from "../../backends/graph/users";
import {
  canonical,
  EMPTY_FOOTPRINT,
  odataString,
  planSubscriberChanges,
  planSubscriberRemoval,
  type SubscriberFootprint,
  type SubscriberServices,
  type SubscriberStep,
} from "../../plan";
import { type AdoptionPolicy, adoptionPolicy, NO_ADOPTION, removalDecision } from "../adoption";
import { Guid, SiteCode } from "../codecs";
import type { InputProblem } from "../input-validation";
import { configureMicrosoft, providerMicrosoftClients } from "../microsoft-session";
import { describeTeamsDrift, rememberGroupName } from "./drift";
import { FOOTPRINT_EXTENSION, footprintFromExtension, footprintToExtension } from "./footprint-record";
import { SubscriberFailure, type SubscriberPlatform } from "./platform";
import { recordsIntent, subscriberAdoption } from "./subscriber-adoption";
import { type GivenRecord, type SubscriberLicense, type SubscriberSetInputs, TeamsSubscriberEntry } from "./types";

/** A Teams user as the platform has it, in the planner's terms. */
export interface ObservedTeamsUser {
  readonly userPrincipalName: string;
  readonly services: SubscriberServices;
  readonly enterpriseVoice: boolean;
  /** ucflow's record on the user, when there is one. */
  readonly record?: { readonly customer: string; readonly footprint: SubscriberFootprint };
}

/** The user, its Teams configuration and ucflow's record on it; undefined when the user is gone. */
export async function observeTeamsUser(graph: GraphClient, userId: string): Promise<ObservedTeamsUser | undefined> {
  let user;
  try {
    user = await getUser(graph, userId, ["id", "userPrincipalName", "usageLocation", "assignedLicenses"], ["extensions"]);
  } catch (error) {
    if (isNotFoundError(error)) return undefined;
    throw error;
  }
  const teams = await getUserConfiguration(graph, userId).catch((error) => {
    // Teams learns about new users a while after Entra does.
    if (isNotFoundError(error)) return undefined;
    throw error;
  });
  // A user with several numbers: the primary one, else the lowest (deterministic, whatever order Teams lists them in).
  const numbers = [...(teams?.telephoneNumbers ?? [])].sort((a, b) => (a.telephoneNumber < b.telephoneNumber ? -1 : a.telephoneNumber > b.telephoneNumber ? 1 : 0));
  const primary = numbers.find((n) => (n.assignmentCategory ?? "primary") === "primary") ?? numbers[0];
  const policies: Record<string, string> = {};
  for (const p of teams?.effectivePolicyAssignments ?? []) {
    if ((p.policyAssignment.assignmentType ?? "direct") !== "direct" || !p.policyAssignment.displayName) continue;
    policies[p.policyType] = bareName(p.policyAssignment.displayName);
  }
  const extension = findExtension((user as { extensions?: unknown }).extensions, FOOTPRINT_EXTENSION);
  let record: ObservedTeamsUser["record"];
  if (extension) {
    const decoded = footprintFromExtension(extension);
    if (typeof decoded === "string") throw new Error(`ucflow's record on the user (open extension ${FOOTPRINT_EXTENSION}) ${decoded}; fix or delete it`);
    record = decoded;
  }
  return {
    userPrincipalName: user.userPrincipalName ?? userId,
    services: {
      ...(user.usageLocation ? { usageLocation: user.usageLocation } : {}),
      licenses: (user.assignedLicenses ?? []).map((l) => ({ skuId: l.skuId, disabledPlans: [...(l.disabledPlans ?? [])] })),
      ...(primary ? { number: { telephoneNumber: primary.telephoneNumber, numberType: "unknown" } } : {}),
      policies,
    },
    enterpriseVoice: teams?.isEnterpriseVoiceEnabled === true,
    ...(record ? { record } : {}),
  };
}

/** The desired subscriber in the planner's terms; its number goes with the site's emergency location. */
export function desiredServices(entry: TeamsSubscriberEntry, locationId: string | undefined): SubscriberServices {
  return {
    usageLocation: entry.usageLocation,
    licenses: entry.licenses.map((l) => ({ skuId: l.skuId, disabledPlans: l.disabledPlans })),
    ...(entry.number ? { number: { ...entry.number, ...(locationId ? { locationId } : {}) } } : {}),
    policies: Object.fromEntries(Object.entries(entry.policies).filter(([, v]) => v !== undefined)) as Record<string, string>,
    ...(entry.groups && entry.groups.length > 0 ? { groups: entry.groups.map((g) => g.toLowerCase()) } : {}),
  };
}

/** The groups whose membership ucflow looks at for a subscriber: the role's and those ucflow added. */
export function groupsOfInterest(entry: TeamsSubscriberEntry | undefined, given: SubscriberFootprint): string[] {
  return [...new Set([...(entry?.groups ?? []), ...(given.groupsAdded ?? [])].map((g) => g.toLowerCase()))].sort();
}

/**
 * The user's direct memberships among `groups` (lower case, sorted); undefined when there are
 * none to look at, so subscribers without a role's groups cost no call. Names seen are kept for
 * the drift report.
 */
export async function observeGroupMemberships(graph: GraphClient, userId: string, groups: readonly string[]): Promise<string[] | undefined> {
  if (groups.length === 0) return undefined;
  const wanted = new Set(groups);
  const held: string[] = [];
  for (const membership of await listUserGroupMemberships(graph, userId)) {
    if (membership.displayName) rememberGroupName(membership.id, membership.displayName);
    if (wanted.has(membership.id)) held.push(membership.id);
  }
  return held.sort();
}

// Policy ids, looked up once per provider process and Graph endpoint: every subscriber of a
// profile is granted the same few policies, and a deployment does not rename them.
const policyIds = new Map<string, Promise<string>>();

function policyIdOf(graph: GraphClient, policyType: string, name: string): Promise<string> {
  const key = `${graph.baseUrl}|${policyType}|${name.toLowerCase()}`;
  let id = policyIds.get(key);
  if (!id) {
    id = getPolicyId(graph, policyType, name).then((p) => p.policyId);
    // A failed look-up (e.g. the policy is not created yet) is not remembered.
    id.catch(() => policyIds.delete(key));
    policyIds.set(key, id);
  }
  return id;
}

/**
 * Applies planned steps in order. Consecutive policy grants of one user go in one `assign`
 * call (its body takes a list), and so do revocations. Each backend error names the operation.
 */
export async function applySubscriberSteps(graph: GraphClient, userId: string, steps: readonly SubscriberStep[]): Promise<void> {
  for (let i = 0; i < steps.length; i++) {
    const step = steps[i];
    switch (step.kind) {
      case "setUsageLocation":
        await setUsageLocation(graph, userId, step.usageLocation);
        break;
      case "addLicenses":
        await assignLicense(graph, userId, { addLicenses: step.licenses.map((l) => ({ skuId: l.skuId, disabledPlans: [...l.disabledPlans] })), removeLicenses: [] });
        break;
      case "removeLicenses":
        await removeLicenses(graph, userId, step.skuIds);
        break;
      case "assignNumber":
        await assignNumberOnce(graph, userId, step.number);
        break;
      case "unassignNumber":
        await releaseNumber(graph, userId, step.telephoneNumber, step.numberType);
        break;
      case "moveNumberLocation":
        await updateNumberLocation(graph, step.telephoneNumber, step.locationId);
        break;
      case "addGroupMember":
        await addGroupMember(graph, step.groupId, userId);
        break;
      case "removeGroupMember":
        await removeGroupMember(graph, step.groupId, userId);
        break;
      case "grantPolicy":
      case "revokePolicy": {
        let j = i;
        while (j + 1 < steps.length && steps[j + 1].kind === step.kind) j++;
        const run = steps.slice(i, j + 1);
        i = j;
        if (step.kind === "grantPolicy") {
          const grants = await Promise.all(
            run.map(async (s) => {
              const g = s as Extract<SubscriberStep, { kind: "grantPolicy" }>;
              return { userId, policyType: g.policyType, policyId: await policyIdOf(graph, g.policyType, g.name) };
            }),
          );
          await assignPolicies(graph, grants);
        } else {
          await unassignPolicies(graph, run.map((s) => ({ userId, policyType: (s as Extract<SubscriberStep, { kind: "revokePolicy" }>).policyType })));
        }
        break;
      }
    }
  }
}

/**
 * Takes licenses away. Sent again after a lost answer, a removal that did arrive is refused
 * ("User does not have a corresponding license"), so a refusal is read back: the step has
 * succeeded when the user holds none of the SKUs.
 */
async function removeLicenses(graph: GraphClient, userId: string, skuIds: readonly string[]): Promise<void> {
  try {
    await assignLicense(graph, userId, { addLicenses: [], removeLicenses: [...skuIds] });
  } catch (error) {
    if (!isUcflowError(error) || error.statusCode !== 400) throw error;
    const held = await getUser(graph, userId, ["id", "assignedLicenses"]).then(
      (user) => new Set((user.assignedLicenses ?? []).map((l) => l.skuId.toLowerCase())),
      () => undefined,
    );
    if (held === undefined || skuIds.some((id) => held.has(id.toLowerCase()))) throw error;
  }
}

/** The number's assignment as the tenant lists it, if it is in the tenant. */
async function numberAssignmentOf(graph: GraphClient, telephoneNumber: string) {
  const [assignment] = await listNumberAssignments(graph, { filter: `telephoneNumber eq ${odataString(telephoneNumber)}` });
  return assignment;
}

/**
 * Assigns a number. The call may not be repeated blindly: when it fails without a clear answer
 * (a lost connection, a 5xx, a timed-out operation) the number's assignment is read back: the
 * step has succeeded if the number is the user's, is sent again if the number is still free,
 * and fails if someone else holds it. Sending again while the first call is still under way is
 * safe: both name the same user, so the number cannot reach anyone else, and at worst the second
 * is refused and the next `up` reads the number as the user's.
 */
export async function assignNumberOnce(graph: GraphClient, userId: string, number: { telephoneNumber: string; numberType: string; locationId?: string }): Promise<void> {
  await writeObserved({
    write: () =>
      assignNumber(graph, {
        telephoneNumber: number.telephoneNumber,
        assignmentTargetId: userId,
        numberType: number.numberType as NumberType,
        ...(number.locationId ? { locationId: number.locationId } : {}),
      }),
    observe: async () => {
      const holder = (await numberAssignmentOf(graph, number.telephoneNumber))?.assignmentTargetId;
      if (holder === userId) return { applied: true, result: undefined };
      return holder ? { applied: "conflict" } : { applied: false };
    },
  });
}

/** Releases a number the user holds; its type comes from the tenant when ucflow does not know it. */
async function releaseNumber(graph: GraphClient, userId: string, telephoneNumber: string, numberType: string | undefined): Promise<void> {
  let type = numberType;
  if (type === undefined) {
    const assignment = await numberAssignmentOf(graph, telephoneNumber);
    if (!assignment) throw new Error(`number ${telephoneNumber} is on the user but not in the tenant's number assignments`);
    if (assignment.assignmentTargetId !== userId) return; // already released
    if (!assignment.numberType) throw new Error(`the tenant lists number ${telephoneNumber} without a number type, so it cannot be unassigned`);
    type = assignment.numberType;
  }
  try {
    // An unanswered release is read back: done when the user no longer holds the number, else sent again.
    await writeObserved({
      write: () => unassignNumber(graph, { telephoneNumber, numberType: type as NumberType }),
      observe: async () => ((await numberAssignmentOf(graph, telephoneNumber))?.assignmentTargetId === userId ? { applied: false } : { applied: true, result: undefined }),
    });
  } catch (error) {
    // Released already (by a run that stopped before recording it): the read says so.
    const assignment = await numberAssignmentOf(graph, telephoneNumber).catch(() => undefined);
    if (assignment !== undefined && assignment.assignmentTargetId !== userId) return;
    throw error;
  }
}

/** What ucflow has given the user: its record on the user, else state's, else nothing. */
function givenOf(observed: ObservedTeamsUser, customer: string, stateGiven: GivenRecord | undefined): SubscriberFootprint {
  if (observed.record) {
    if (observed.record.customer !== customer) {
      throw new Error(`the user is a subscriber of ucflow customer ${observed.record.customer} (open extension ${FOOTPRINT_EXTENSION}); a user can be provisioned by one customer only`);
    }
    return observed.record.footprint;
  }
  if (!stateGiven) return EMPTY_FOOTPRINT;
  const { appliedAt: _at, ...footprint } = stateGiven;
  return footprint;
}

/** The observed services with the user's memberships of the groups ucflow looks at. */
async function withMemberships(graph: GraphClient, userId: string, observed: ObservedTeamsUser, groups: readonly string[]): Promise<SubscriberServices> {
  const held = await observeGroupMemberships(graph, userId, groups);
  return held === undefined ? observed.services : { ...observed.services, groups: held };
}

async function record(graph: GraphClient, userId: string, customer: string, footprint: SubscriberFootprint, exists: boolean): Promise<void> {
  await writeUserExtension(graph, userId, FOOTPRINT_EXTENSION, footprintToExtension({ customer, footprint }), exists);
}

/** Brings one subscriber to its entry; returns what ucflow has given it. Throws SubscriberFailure. */
export async function convergeTeamsSubscriber(
  graph: GraphClient,
  customer: string,
  userId: string,
  entry: TeamsSubscriberEntry,
  locationId: string | undefined,
  stateGiven: GivenRecord | undefined,
  adoption: AdoptionPolicy = NO_ADOPTION,
): Promise<GivenRecord> {
  let recorded: SubscriberFootprint | undefined;
  let adopted = stateGiven?.adopted === true;
  try {
    const observed = await observeTeamsUser(graph, userId);
    if (!observed) throw new Error(`the Entra user ${userId} does not exist`);
    const before = givenOf(observed, customer, stateGiven);
    recorded = observed.record?.footprint;
    const services = await withMemberships(graph, userId, observed, groupsOfInterest(entry, before));
    const desired = desiredServices(entry, locationId);
    adopted = subscriberAdoption({ inState: stateGiven !== undefined, adopted: stateGiven?.adopted, recordOnUser: observed.record !== undefined }, services, desired, adoption);
    const plan = planSubscriberChanges(services, desired, before);
    // Record first what ucflow is about to give, so a run that stops half-way still knows.
    if (observed.record ? canonical(plan.intent) !== canonical(before) : recordsIntent(adopted, false, plan.intent)) {
      // A failed record write may still have arrived (its answer lost): the intent is then on the
      // user, so state keeps it too, and a delete takes it back (nothing of it was given yet).
      recorded = plan.intent;
      await record(graph, userId, customer, plan.intent, observed.record !== undefined);
    }
    await applySubscriberSteps(graph, userId, plan.steps);
    // (No record yet only for an adopted user that needed nothing: then nothing was given either.)
    if (recorded !== undefined && canonical(plan.footprint) !== canonical(recorded)) {
      await record(graph, userId, customer, plan.footprint, true);
      recorded = plan.footprint;
    }
    // The time of the last write, for the consistency wait of a refresh: kept when nothing was written.
    return {
      ...plan.footprint,
      ...(adopted ? { adopted } : {}),
      appliedAt: plan.steps.length > 0 || !stateGiven?.appliedAt ? new Date().toISOString() : stateGiven.appliedAt,
    };
  } catch (error) {
    const given = recorded ?? stateGiven;
    throw new SubscriberFailure(error, adopted ? { ...(given ?? EMPTY_FOOTPRINT), adopted } : given);
  }
}

/**
 * Takes back what ucflow gave one subscriber, then its record. An adopted subscriber is left as
 * it is (only ucflow's record goes, when it wrote one) unless the adoption says remove; even then
 * only what ucflow gave is taken back. Throws SubscriberFailure.
 */
export async function removeTeamsSubscriber(graph: GraphClient, customer: string, userId: string, stateGiven: GivenRecord | undefined, adoption: AdoptionPolicy = NO_ADOPTION): Promise<void> {
  let given: SubscriberFootprint | undefined = stateGiven;
  try {
    const observed = await observeTeamsUser(graph, userId);
    if (!observed) return; // the user is gone, and with it everything ucflow gave
    if (removalDecision(stateGiven ?? {}, adoption) === "retain") {
      if (observed.record?.customer === customer) await deleteUserExtension(graph, userId, FOOTPRINT_EXTENSION);
      return;
    }
    given = givenOf(observed, customer, stateGiven);
    const services = await withMemberships(graph, userId, observed, groupsOfInterest(undefined, given));
    await applySubscriberSteps(graph, userId, planSubscriberRemoval(services, given));
    await deleteUserExtension(graph, userId, FOOTPRINT_EXTENSION);
  } catch (error) {
    throw new SubscriberFailure(error, given);
  }
}

/**
 * The subscriber as the platform has it, in its entry's terms: only what ucflow manages is
 * reported (licenses it gives or gave, its number, policy types it grants, the role's groups and
 * those it added), so what the user holds of their own is never drift. Undefined when the user is gone.
 */
export async function readTeamsSubscriber(
  graph: GraphClient,
  customer: string,
  userId: string,
  entry: TeamsSubscriberEntry,
  stateGiven: GivenRecord | undefined,
): Promise<{ entry: TeamsSubscriberEntry; given: GivenRecord } | undefined> {
  const observed = await observeTeamsUser(graph, userId);
  if (!observed) return undefined;
  const given = givenOf(observed, customer, stateGiven);
  const skuNames = new Map(entry.licenses.map((l) => [l.skuId.toLowerCase(), l.sku]));
  const tracked = new Set([...entry.licenses.map((l) => l.skuId.toLowerCase()), ...given.licensesAdded]);
  const policyTypes = new Set([...Object.keys(entry.policies), ...Object.keys(given.policiesReplaced)]);
  const manageNumber = entry.number !== undefined || given.numbers.length > 0;
  const interest = groupsOfInterest(entry, given);
  const held = await observeGroupMemberships(graph, userId, interest);
  // A role's group the user is no longer in is named in the drift report by its display name.
  await Promise.all(
    (entry.groups ?? [])
      .filter((g) => held !== undefined && !held.includes(g.toLowerCase()))
      .map((g) =>
        getGroup(graph, g.toLowerCase()).then(
          (group) => group.displayName && rememberGroupName(group.id, group.displayName),
          () => undefined, // deleted or unreadable: the report names its id
        ),
      ),
  );
  const { number: _desired, groups: _groups, ...rest } = entry;
  const number = observed.services.number;
  const seen: TeamsSubscriberEntry = {
    ...rest,
    userPrincipalName: observed.userPrincipalName as TeamsSubscriberEntry["userPrincipalName"],
    ...(observed.services.usageLocation ? { usageLocation: observed.services.usageLocation as TeamsSubscriberEntry["usageLocation"] } : {}),
    licenses: observed.services.licenses
      .filter((l) => tracked.has(l.skuId.toLowerCase()))
      .map((l) => ({ skuId: l.skuId, sku: skuNames.get(l.skuId.toLowerCase()) ?? l.skuId, disabledPlans: [...l.disabledPlans] })) as SubscriberLicense[],
    // A number is reported only where ucflow manages one; a user's own number is not drift.
    ...(manageNumber && number
      ? { number: { telephoneNumber: number.telephoneNumber, numberType: entry.number?.numberType ?? given.numbers[0]?.numberType ?? "directRouting" } as TeamsSubscriberEntry["number"] }
      : {}),
    policies: Object.fromEntries(Object.entries(observed.services.policies).filter(([type]) => policyTypes.has(type))) as TeamsSubscriberEntry["policies"],
    // Enterprise Voice follows the number: without a managed number it is the user's own.
    enterpriseVoice: entry.number ? observed.enterpriseVoice : entry.enterpriseVoice,
    // Only the role's groups and those ucflow added: the user's other memberships are not drift.
    ...(held !== undefined ? { groups: held as TeamsSubscriberEntry["groups"] } : entry.groups !== undefined ? { groups: entry.groups } : {}),
  };
  return { entry: seen, given: { ...given, ...(stateGiven?.adopted ? { adopted: true } : {}), ...(stateGiven?.appliedAt ? { appliedAt: stateGiven.appliedAt } : {}) } };
}

/** Whether ucflow's number for this entry must move to the site's (new) emergency location. */
export function numberNeedsMove(entry: TeamsSubscriberEntry, locationId: string | undefined, given: GivenRecord | undefined): boolean {
  if (!entry.number || !locationId) return false;
  const mine = given?.numbers.find((n) => n.telephoneNumber === entry.number!.telephoneNumber);
  return mine !== undefined && mine.locationId !== locationId;
}

function bareName(name: string): string {
  return name.startsWith("Tag:") ? name.slice("Tag:".length) : name;
}

/** Why a Teams entry cannot be applied in this set: Enterprise Voice without a number, a number at a site without a location. */
function teamsEntryProblems(set: SubscriberSetInputs, entry: TeamsSubscriberEntry): InputProblem[] {
  const problems: InputProblem[] = [];
  if (entry.enterpriseVoice && !entry.number) {
    problems.push({ property: "number", reason: "Enterprise Voice is enabled by assigning a number; give the subscriber a number or set enterpriseVoice to false" });
  }
  if (entry.number && set.locations?.[entry.site] === undefined) {
    problems.push({ property: "site", reason: `site ${entry.site} has no emergency location in this set's locations; its number could not be assigned` });
  }
  return problems;
}

/**
 * The locations the set's numbers are on: a site's new emergency location counts as applied
 * once every ucflow number there has moved to it; until then the old one is kept, so the next
 * `up` moves the rest.
 */
function appliedLocations(
  olds: SubscriberSetInputs | undefined,
  news: SubscriberSetInputs,
  applied: Readonly<Record<string, TeamsSubscriberEntry>>,
  given: Readonly<Record<string, GivenRecord>>,
): Record<string, string> {
  const locations: Record<string, string> = {};
  for (const [site, locationId] of Object.entries(news.locations ?? {})) {
    const lagging = Object.entries(applied).some(([uid, entry]) => entry.site === site && numberNeedsMove(entry, locationId, given[uid]));
    const before = olds?.locations?.[site];
    locations[site] = lagging && before !== undefined ? before : locationId;
  }
  return locations;
}

/** Microsoft Teams subscribers: Entra users provisioned through Graph, calls batched (`bulkGraph`). */
export const teamsSubscriberPlatform: SubscriberPlatform<TeamsSubscriberEntry, GivenRecord> = {
  title: "Teams",
  entry: TeamsSubscriberEntry,
  idProblem: (id) => (Guid.is(id) ? undefined : `${JSON.stringify(id)} is not an Entra object id (a GUID)`),
  setProblems: (set) =>
    (["locations", "adoption"] as const).flatMap((field) =>
      Object.keys(set[field] ?? {})
        .filter((site) => !SiteCode.is(site))
        .map((site) => ({ property: `${field}.${site}`, reason: `${JSON.stringify(site)} is not a site code` })),
    ),
  entryProblems: (set, _id, entry) => teamsEntryProblems(set, entry),
  nameOf: (_id, entry) => entry.userPrincipalName,
  needsWork: (set, _id, entry, given) => numberNeedsMove(entry, set.locations?.[entry.site], given),
  converge: (set, id, entry, given) =>
    convergeTeamsSubscriber(providerMicrosoftClients().bulkGraph, set.customer, id, entry, set.locations?.[entry.site], given, adoptionPolicy(set.adoption?.[entry.site])),
  // A subscriber whose site left the set's adoptions is kept if adopted (retain is the default).
  remove: (set, id, entry, given) => removeTeamsSubscriber(providerMicrosoftClients().bulkGraph, set.customer, id, given, adoptionPolicy(entry ? set.adoption?.[entry.site] : undefined)),
  read: (set, id, entry, given) => readTeamsSubscriber(providerMicrosoftClients().bulkGraph, set.customer, id, entry, given),
  writtenAt: (given) => {
    const at = Date.parse(given?.appliedAt ?? "");
    return Number.isFinite(at) ? at : undefined;
  },
  drift: describeTeamsDrift,
  appliedSetFields: (olds, news, applied, given) => ({ locations: appliedLocations(olds, news, applied, given) }),
  settleMs: () => providerMicrosoftClients().settleMs,
  configure: configureMicrosoft,
};
