// ClassOfService on Microsoft Teams: for a class named N that allows call classes C1..Cn,
//   - PSTN usages N-C1..N-Cn, added to the tenant's Global OnlinePstnUsages list,
//   - voice routes N-C1..N-Cn (OnlineVoiceRoute): the class's NumberPattern (number-patterns.ts),
//     the SBCs of pstnGateways, usage N-Ci, Priority = the class's position in CALL_CLASSES,
//   - the voice routing policy Tag:N listing the usages (in CALL_CLASSES order),
//   - the calling policy Tag:N with AllowPrivateCalling / AllowCallForwardingToPhone when given.
// Every one but the usages has a Description ending in ucflow's mark for the customer
// ([ucflow:Cu1], backends/teams/ownership.ts); a usage counts as the customer's when everything
// that lists it is (pstnUsageOwnership). Create refuses if any object under the class's names is
// not the customer's; otherwise it adopts what a killed run left and converges like update,
// creating the rest in that order, and if a step fails removes what it created before rethrowing.
// With `adoption.existing: adopt` the objects that are not the customer's are adopted instead of
// refused: named in state's `adoptedObjects`, kept with their own Descriptions (no mark), and
// brought to the inputs only where they differ. Read maps the objects back to the inputs (drift);
// delete removes them in reverse order, leaving the adopted ones (and the usages they list)
// unless `adoption.onDelete` is remove.
import type * as pulumi from "@pulumi/pulumi";
import { type TeamsAdminClient } from "../../backends/teams/client";
import { createConfiguration, deleteConfiguration, listConfigurations, setConfiguration } from "../../backends/teams/configurations";
import { formatPolicyIdentity } from "../../backends/teams/identity";
import { markedDescription, notOwnedReason, ownerMark, pstnUsageOwnership, type UcflowOwner, type UsageListing } from "../../backends/teams/ownership";
import { addPstnUsages, getPstnUsages, removePstnUsages } from "../../backends/teams/pstn-usages";
import { type OnlineVoiceRoute, type OnlineVoiceRoutingPolicy, type TeamsCallingPolicy } from "../../backends/teams/types";
import { ifFound, isAlreadyExistsError, isUcflowError } from "../../core/errors";
import { about, providerTenantClients, regexProblem, type TenantClientSource } from "../tenant-kind";
import type { InputProblem } from "../input-validation";
import { adoptionPolicy, creationDecision, removalDecision } from "../adoption";
import { type KindDefinition, kindProvider } from "../kind-provider";
import { configureMicrosoft } from "../microsoft-session";
import { CALL_CLASSES, defaultNumberPattern, numberPatternFor } from "./number-patterns";
import { type CallClass, ClassOfServiceInputs, type ClassOfServiceState } from "./types";

/** `<name>-<class>`: the name of the class's PSTN usage and of its voice route. */
export function classObjectName(name: string, callClass: CallClass): string {
  return `${name}-${callClass}`;
}

/** The Teams objects a class of service is made of. */
export interface ClassOfServiceObjects {
  /** The allowed classes in CALL_CLASSES order. */
  readonly classes: readonly CallClass[];
  readonly usages: readonly string[];
  readonly routes: readonly { readonly callClass: CallClass; readonly route: OnlineVoiceRoute }[];
  readonly routingPolicy: OnlineVoiceRoutingPolicy;
  readonly callingPolicy: TeamsCallingPolicy;
}

export function classOfServiceObjects(inputs: ClassOfServiceInputs): ClassOfServiceObjects {
  const classes = CALL_CLASSES.filter((c) => inputs.allows.includes(c));
  const owner: UcflowOwner = { customer: inputs.customer };
  const text = `ucflow class of service ${inputs.name}`;
  const description = markedDescription(text, owner);
  const routes = classes.map((callClass) => {
    const pattern = numberPatternFor(inputs, callClass);
    // check refuses this; create and update decode but do not validate again.
    if (pattern === undefined) throw new Error(`allows ${callClass} calls but has no number pattern for them; give numberPatterns.${callClass}`);
    const name = classObjectName(inputs.name, callClass);
    return {
      callClass,
      route: {
        Identity: name,
        Description: markedDescription(`${text}: ${callClass} calls`, owner),
        NumberPattern: pattern,
        OnlinePstnGatewayList: [...(inputs.pstnGateways ?? [])],
        OnlinePstnUsages: [name],
        Priority: CALL_CLASSES.indexOf(callClass),
      },
    };
  });
  const identity = formatPolicyIdentity({ kind: "tag", name: inputs.name });
  return {
    classes,
    usages: routes.map((r) => r.route.Identity),
    routes,
    routingPolicy: { Identity: identity, Description: description, OnlinePstnUsages: routes.map((r) => r.route.Identity) },
    callingPolicy: {
      Identity: identity,
      Description: description,
      ...(inputs.allowPrivateCalling === undefined ? {} : { AllowPrivateCalling: inputs.allowPrivateCalling }),
      ...(inputs.allowCallForwardingToPhone === undefined ? {} : { AllowCallForwardingToPhone: inputs.allowCallForwardingToPhone }),
    },
  };
}

/** What the tenant holds under a class of service's names. */
export interface ClassOfServicePlatform {
  /** The tenant's whole usage list. */
  readonly usages: readonly string[];
  readonly routes: ReadonlyMap<CallClass, OnlineVoiceRoute>;
  readonly routingPolicy?: OnlineVoiceRoutingPolicy;
  readonly callingPolicy?: TeamsCallingPolicy;
  /** Every voice route and voice routing policy in the tenant that lists one of the class's usage names. */
  readonly listings: readonly UsageListing[];
}

/** Four reads: the usage list, the voice routes, the routing policies, the calling policies. */
export async function readClassOfServicePlatform(teams: TeamsAdminClient, name: string): Promise<ClassOfServicePlatform> {
  const usages = await getPstnUsages(teams);
  const allRoutes = await listConfigurations(teams, "OnlineVoiceRoute");
  const routes = new Map<CallClass, OnlineVoiceRoute>();
  for (const callClass of CALL_CLASSES) {
    const route = allRoutes.find((r) => same(r.Identity, classObjectName(name, callClass)));
    if (route !== undefined) routes.set(callClass, route);
  }
  const identity = formatPolicyIdentity({ kind: "tag", name });
  const allRoutingPolicies = await listConfigurations(teams, "OnlineVoiceRoutingPolicy");
  const routingPolicy = allRoutingPolicies.find((p) => same(p.Identity, identity));
  const callingPolicy = (await listConfigurations(teams, "TeamsCallingPolicy")).find((p) => same(p.Identity, identity));
  const names = CALL_CLASSES.map((c) => classObjectName(name, c));
  const listings = [
    ...allRoutes.map((r) => ({ what: `voice route ${r.Identity}`, description: r.Description, usages: r.OnlinePstnUsages ?? [] })),
    ...allRoutingPolicies.map((p) => ({ what: `voice routing policy ${p.Identity}`, description: p.Description, usages: p.OnlinePstnUsages ?? [] })),
  ]
    .filter((l) => l.usages.some((u) => names.some((n) => same(u, n))))
    .map(({ description, ...rest }) => (typeof description === "string" ? { ...rest, description } : rest));
  return { usages, routes, ...(routingPolicy ? { routingPolicy } : {}), ...(callingPolicy ? { callingPolicy } : {}), listings };
}

/**
 * The objects under the class's names (its usages, routes and policies, for every call class)
 * that are not ucflow's for the customer, each with why: what create must not take over. Empty
 * when everything there is the customer's own, or nothing is there.
 */
export function classOfServiceConflicts(platform: ClassOfServicePlatform, inputs: Pick<ClassOfServiceInputs, "customer" | "name">): string[] {
  return foreignObjects(platform, inputs).map((o) => `${o.object} (${o.reason})`);
}

/** An object under a class's names that is not the customer's: "voice route Cu1-Std-national", and why. */
export interface ForeignObject {
  readonly object: string;
  readonly reason: string;
}

/** The objects under the class's names that are not ucflow's for the customer, in create's order. */
export function foreignObjects(platform: ClassOfServicePlatform, inputs: Pick<ClassOfServiceInputs, "customer" | "name">): ForeignObject[] {
  const owner: UcflowOwner = { customer: inputs.customer };
  const foreign: ForeignObject[] = [];
  for (const callClass of CALL_CLASSES) {
    const usage = platform.usages.find((u) => same(u, classObjectName(inputs.name, callClass)));
    if (usage === undefined) continue;
    const others = pstnUsageOwnership(usage, platform.listings, owner);
    if (others.length > 0) foreign.push({ object: `PSTN usage ${usage}`, reason: `listed by ${others.map((l) => l.what).join(", ")}, not ucflow's for customer ${inputs.customer}` });
  }
  const described = (what: string, object: { readonly Description?: unknown } | undefined) => {
    const reason = object === undefined ? undefined : notOwnedReason(object.Description, owner);
    if (reason !== undefined) foreign.push({ object: what, reason });
  };
  for (const callClass of CALL_CLASSES) {
    const route = platform.routes.get(callClass);
    described(`voice route ${route?.Identity}`, route);
  }
  described(`voice routing policy ${platform.routingPolicy?.Identity}`, platform.routingPolicy);
  described(`calling policy ${platform.callingPolicy?.Identity}`, platform.callingPolicy);
  return foreign;
}

/** Whether `object` ("voice route Cu1-Std-national") is among `adopted` (Teams ignores case). */
function isAdopted(adopted: readonly string[], object: string): boolean {
  return adopted.some((a) => same(a, object));
}

/**
 * The desired objects with an adopted object's own Description in place of ucflow's marked one:
 * an adopted object is brought to the class's settings, but not marked as ucflow's.
 */
export function withAdoptedDescriptions(desired: ClassOfServiceObjects, platform: ClassOfServicePlatform, adopted: readonly string[]): ClassOfServiceObjects {
  if (adopted.length === 0) return desired;
  const own = <T extends { readonly Identity: string; readonly Description?: string }>(what: string, object: T, current: { readonly Description?: unknown } | undefined): T => {
    if (current === undefined || !isAdopted(adopted, `${what} ${object.Identity}`)) return object;
    const { Description: _marked, ...rest } = object;
    return (typeof current.Description === "string" ? { ...rest, Description: current.Description } : rest) as T;
  };
  return {
    ...desired,
    routes: desired.routes.map((r) => ({ callClass: r.callClass, route: own("voice route", r.route, platform.routes.get(r.callClass)) })),
    routingPolicy: own("voice routing policy", desired.routingPolicy, platform.routingPolicy),
    callingPolicy: own("calling policy", desired.callingPolicy, platform.callingPolicy),
  };
}

/**
 * Delete's writes, in order: the calling policy, the routing policy, the routes (reverse class
 * order), then the usages. `retained` objects (adopted, and kept on delete) stay, and so do the
 * usages a retained route or routing policy lists: removing them would break what is kept.
 */
export function classOfServiceRemovals(platform: ClassOfServicePlatform, name: string, retained: readonly string[]): ClassOfServiceChange[] {
  const changes: ClassOfServiceChange[] = [];
  const kept: string[] = [];
  const remove = (type: PolicyType, object: { readonly Identity: string; readonly OnlinePstnUsages?: readonly string[] } | undefined) => {
    if (object === undefined) return;
    if (isAdopted(retained, `${OBJECT_WORDS[type]} ${object.Identity}`)) kept.push(...(object.OnlinePstnUsages ?? []));
    else changes.push({ op: "delete", type, identity: object.Identity });
  };
  remove("TeamsCallingPolicy", platform.callingPolicy);
  remove("OnlineVoiceRoutingPolicy", platform.routingPolicy);
  for (const callClass of [...CALL_CLASSES].reverse()) remove("OnlineVoiceRoute", platform.routes.get(callClass));
  const usages = platform.usages.filter(
    (u) => CALL_CLASSES.some((c) => same(u, classObjectName(name, c))) && !isAdopted(retained, `PSTN usage ${u}`) && !kept.some((k) => same(k, u)),
  );
  if (usages.length > 0) changes.push({ op: "remove usages", usages });
  return changes;
}

type PolicyType = "OnlineVoiceRoute" | "OnlineVoiceRoutingPolicy" | "TeamsCallingPolicy";

/** One write that brings the tenant to a class of service; classOfServiceChanges lists them in order. */
export type ClassOfServiceChange =
  | { readonly op: "add usages"; readonly usages: readonly string[] }
  | { readonly op: "create"; readonly type: PolicyType; readonly configuration: OnlineVoiceRoute | OnlineVoiceRoutingPolicy | TeamsCallingPolicy }
  | { readonly op: "set"; readonly type: PolicyType; readonly identity: string; readonly settings: Record<string, unknown> }
  | { readonly op: "delete"; readonly type: PolicyType; readonly identity: string }
  | { readonly op: "remove usages"; readonly usages: readonly string[] };

/**
 * The writes that bring what the tenant holds to `desired`, only where it differs: additions in
 * dependency order, removals in reverse (a usage exists before a route or the policy names it,
 * and is removed only after nothing names it any more). Empty when the tenant is up to date.
 */
export function classOfServiceChanges(desired: ClassOfServiceObjects, platform: ClassOfServicePlatform, name: string): ClassOfServiceChange[] {
  const changes: ClassOfServiceChange[] = [];
  const missing = desired.usages.filter((u) => !platform.usages.some((p) => same(p, u)));
  if (missing.length > 0) changes.push({ op: "add usages", usages: missing });
  for (const { callClass, route } of desired.routes) {
    const current = platform.routes.get(callClass);
    if (current === undefined) changes.push({ op: "create", type: "OnlineVoiceRoute", configuration: route });
    else if (routeDiffers(current, route)) {
      // Teams keeps one priority order for all of the tenant's routes; an existing route keeps its place.
      const { Identity: _identity, ...settings } = route;
      changes.push({ op: "set", type: "OnlineVoiceRoute", identity: current.Identity, settings: { ...settings, Priority: current.Priority ?? route.Priority } });
    }
  }
  const { Identity: _policyIdentity, ...routingSettings } = desired.routingPolicy;
  const routing = platform.routingPolicy;
  if (routing === undefined) changes.push({ op: "create", type: "OnlineVoiceRoutingPolicy", configuration: desired.routingPolicy });
  else if (!sameList(routing.OnlinePstnUsages ?? [], routingSettings.OnlinePstnUsages) || routing.Description !== routingSettings.Description) {
    changes.push({ op: "set", type: "OnlineVoiceRoutingPolicy", identity: routing.Identity, settings: routingSettings });
  }
  const { Identity: _callingIdentity, ...callingSettings } = desired.callingPolicy;
  const calling = platform.callingPolicy;
  if (calling === undefined) changes.push({ op: "create", type: "TeamsCallingPolicy", configuration: desired.callingPolicy });
  else if (Object.entries(callingSettings).some(([key, value]) => calling[key] !== value)) {
    changes.push({ op: "set", type: "TeamsCallingPolicy", identity: calling.Identity, settings: callingSettings });
  }
  for (const callClass of CALL_CLASSES.filter((c) => !desired.classes.includes(c))) {
    const route = platform.routes.get(callClass);
    if (route !== undefined) changes.push({ op: "delete", type: "OnlineVoiceRoute", identity: route.Identity });
  }
  const stale = platform.usages.filter((u) => CALL_CLASSES.some((c) => !desired.classes.includes(c) && same(u, classObjectName(name, c))));
  if (stale.length > 0) changes.push({ op: "remove usages", usages: stale });
  return changes;
}

/**
 * The inputs as the tenant has them, or undefined when none of the objects exists. `allows` is
 * what the routing policy lists (in the inputs' order), `pstnGateways` and `numberPatterns` what
 * the routes hold (a pattern that is not the expected one becomes an override), the calling
 * settings what the calling policy holds (only those the inputs set). Anything else out of step
 * is described in `drift`.
 */
export function classOfServiceFromPlatform(platform: ClassOfServicePlatform, state: ClassOfServiceState): ClassOfServiceState | undefined {
  const name = state.name;
  const present = (usage: string) => platform.usages.some((u) => same(u, usage));
  const exists =
    platform.routingPolicy !== undefined || platform.callingPolicy !== undefined || platform.routes.size > 0 || CALL_CLASSES.some((c) => present(classObjectName(name, c)));
  if (!exists) return undefined;

  const drift: string[] = [];
  const identity = formatPolicyIdentity({ kind: "tag", name });
  const listed = platform.routingPolicy?.OnlinePstnUsages ?? [];
  const listedClasses = CALL_CLASSES.filter((c) => listed.some((u) => same(u, classObjectName(name, c))));
  if (platform.routingPolicy === undefined) drift.push(`voice routing policy ${identity} is missing`);
  const foreign = listed.filter((u) => !CALL_CLASSES.some((c) => same(u, classObjectName(name, c))));
  if (foreign.length > 0) drift.push(`voice routing policy ${identity} also lists PSTN usages ${foreign.join(", ")}`);
  if (platform.callingPolicy === undefined) drift.push(`calling policy ${identity} is missing`);

  const allows = [...state.allows.filter((c) => listedClasses.includes(c)), ...listedClasses.filter((c) => !state.allows.includes(c))];
  for (const callClass of allows) {
    const usage = classObjectName(name, callClass);
    if (!present(usage)) drift.push(`PSTN usage ${usage} is missing from the tenant's usages`);
    const route = platform.routes.get(callClass);
    if (route === undefined) drift.push(`voice route ${usage} is missing`);
    else if (!sameList(route.OnlinePstnUsages ?? [], [usage])) drift.push(`voice route ${usage} uses PSTN usages ${(route.OnlinePstnUsages ?? []).join(", ") || "(none)"} instead of ${usage}`);
  }

  const routes = allows.map((c) => [c, platform.routes.get(c)] as const).filter((e): e is readonly [CallClass, OnlineVoiceRoute] => e[1] !== undefined);
  const differentGateways = routes.find(([, route]) => !sameList(route.OnlinePstnGatewayList ?? [], state.pstnGateways ?? []));
  const pstnGateways = differentGateways ? [...(differentGateways[1].OnlinePstnGatewayList ?? [])] : state.pstnGateways;

  let numberPatterns = state.numberPatterns;
  for (const [callClass, route] of routes) {
    if (route.NumberPattern !== numberPatternFor(state, callClass)) numberPatterns = { ...numberPatterns, [callClass]: route.NumberPattern };
  }

  const { drift: _previous, numberPatterns: _patterns, ...rest } = state;
  const calling = platform.callingPolicy;
  return {
    ...rest,
    allows,
    pstnGateways,
    ...(numberPatterns === undefined ? {} : { numberPatterns }),
    ...(state.allowPrivateCalling === undefined ? {} : { allowPrivateCalling: booleanOr(calling?.AllowPrivateCalling, state.allowPrivateCalling) }),
    ...(state.allowCallForwardingToPhone === undefined ? {} : { allowCallForwardingToPhone: booleanOr(calling?.AllowCallForwardingToPhone, state.allowCallForwardingToPhone) }),
    ...(drift.length === 0 ? {} : { drift }),
  } as ClassOfServiceState;
}

/** Rules beyond the codec. */
export function validateClassOfService(inputs: ClassOfServiceInputs): InputProblem[] {
  const problems: InputProblem[] = [];
  const ccValid = /^[1-9]\d{0,2}$/.test(inputs.countryCallingCode);
  if (!ccValid) {
    problems.push({ property: "countryCallingCode", reason: `must be an E.164 country calling code: 1 to 3 digits, no + and no leading 0, e.g. "1" or "44"; got ${JSON.stringify(inputs.countryCallingCode)}` });
  }
  const repeatedClasses = inputs.allows.filter((c, i) => inputs.allows.indexOf(c) !== i);
  if (repeatedClasses.length > 0) problems.push({ property: "allows", reason: `lists ${[...new Set(repeatedClasses)].join(", ")} more than once` });
  const gateways = (inputs.pstnGateways ?? []).map((g) => g.toLowerCase());
  const repeatedGateways = (inputs.pstnGateways ?? []).filter((_g, i) => gateways.indexOf(gateways[i]) !== i);
  if (repeatedGateways.length > 0) problems.push({ property: "pstnGateways", reason: `lists ${[...new Set(repeatedGateways)].join(", ")} more than once (SBC names ignore case)` });
  // On Teams (this kind) the routes need SBCs; whether a definition's class of service is used on Teams is the definition's check.
  if (inputs.allows.length > 0 && inputs.pstnGateways !== undefined && inputs.pstnGateways.length === 0) {
    problems.push({ property: "pstnGateways", reason: "is empty, so the voice routes could reach no SBC; give the FQDNs of the Direct Routing SBCs, e.g. sbc1.contoso.com" });
  }
  for (const [key, pattern] of Object.entries(inputs.numberPatterns ?? {})) {
    if (!(CALL_CLASSES as readonly string[]).includes(key)) {
      problems.push({ property: `numberPatterns.${key}`, reason: `is not a call class; the classes are ${CALL_CLASSES.join(", ")}` });
      continue;
    }
    if (pattern === undefined) continue;
    const problem = regexProblem(pattern);
    if (problem !== undefined) problems.push({ property: `numberPatterns.${key}`, reason: problem });
  }
  if (ccValid) {
    for (const callClass of new Set(inputs.allows)) {
      if (inputs.numberPatterns?.[callClass] !== undefined) continue;
      const fallback = defaultNumberPattern(inputs.countryCallingCode, callClass);
      if ("none" in fallback) problems.push({ property: `numberPatterns.${callClass}`, reason: `is required because allows includes "${callClass}": ${fallback.none}` });
    }
  }
  return problems;
}

interface UndoStep {
  readonly what: string;
  readonly run: () => Promise<unknown>;
}

export function classOfServiceDefinition(clients: TenantClientSource = providerTenantClients): KindDefinition<ClassOfServiceInputs, ClassOfServiceState> {
  const describe = (i: ClassOfServiceInputs) => `class of service ${i.name}`;

  /** Makes the writes in order. With `undo`, a failure removes again what this call created. */
  const apply = async (teams: TeamsAdminClient, changes: readonly ClassOfServiceChange[], undo: boolean): Promise<void> => {
    const done: UndoStep[] = [];
    try {
      for (const change of changes) {
        const undoStep = undo ? undoOf(teams, change) : undefined;
        // Recorded before it runs: a create whose answer was lost may still have happened.
        if (undoStep) done.push(undoStep);
        try {
          await write(teams, change);
        } catch (error) {
          // Refused (4xx: invalid, or someone else's object created since the look-up): nothing
          // of this step exists to undo. Anything else (5xx, a lost answer) may have happened.
          if (undoStep && (isAlreadyExistsError(error) || (isUcflowError(error) && error.statusCode !== undefined && error.statusCode < 500))) done.pop();
          throw error;
        }
      }
    } catch (error) {
      if (!undo) throw error;
      throw await rolledBack(error, done);
    }
  };

  /** Creates the class's objects; returns the objects it adopted (none unless the customer adopts). */
  const create = async (inputs: ClassOfServiceInputs): Promise<string[]> => {
    const teams = clients().teams;
    const platform = await readClassOfServicePlatform(teams, inputs.name);
    const foreign = foreignObjects(platform, inputs);
    const decision = creationDecision(foreign.length === 0 ? { found: false } : { found: true, ours: false }, adoptionPolicy(inputs.adoption));
    if (decision.action === "refuse") {
      const one = foreign.length === 1;
      throw new Error(
        `${foreign.map((o) => `${o.object} (${o.reason})`).join(", ")} already ${one ? "exists" : "exist"} in the tenant, and ucflow does not take over objects it did not create; nothing was changed. ` +
          `Remove ${one ? "it" : "them"} or rename this class of service; to bring ${one ? "it" : "them"} under management as ${one ? "it is" : "they are"}, ` +
          `adopt with adoption: { existing: adopt } on the customer (customer.adoption in the definition); to let ucflow take back objects that are this customer's, ` +
          `end their Descriptions (for a PSTN usage, those of the objects that list it) with ${ownerMark({ customer: inputs.customer })}`,
      );
    }
    // Whatever else is there is the customer's own (a killed run's leftovers): taken back and converged.
    const adopted = decision.action === "adopt" ? foreign.map((o) => o.object) : [];
    await apply(teams, classOfServiceChanges(withAdoptedDescriptions(classOfServiceObjects(inputs), platform, adopted), platform, inputs.name), true);
    return adopted;
  };

  /** Brings every object to the inputs, creating, setting or removing only what differs. */
  const converge = async (inputs: ClassOfServiceInputs, adopted: readonly string[]): Promise<void> => {
    const teams = clients().teams;
    const platform = await readClassOfServicePlatform(teams, inputs.name);
    await apply(teams, classOfServiceChanges(withAdoptedDescriptions(classOfServiceObjects(inputs), platform, adopted), platform, inputs.name), false);
  };

  return {
    kind: "ClassOfService",
    inputs: ClassOfServiceInputs,
    replaceOn: ["customer", "name"],
    describe,
    configure: configureMicrosoft,
    validate: (inputs) => [
      ...validateClassOfService(inputs),
      ...(inputs.allows.length > 0 && inputs.pstnGateways === undefined
        ? [{ property: "pstnGateways", reason: "is required on Teams: the voice routes need the FQDNs of the Direct Routing SBCs, e.g. sbc1.contoso.com" }]
        : []),
    ],

    create: (inputs) =>
      about(describe(inputs), async () => {
        const adopted = await create(inputs);
        return { id: inputs.name, state: { ...inputs, ...adoptionRecord(adopted) } };
      }),

    read: (_id, state) => about(describe(state), async () => classOfServiceFromPlatform(await readClassOfServicePlatform(clients().teams, state.name), state)),

    update: (_id, olds, news) =>
      about(describe(news), async () => {
        const adopted = olds.adoptedObjects ?? [];
        await converge(news, adopted);
        return { ...news, ...adoptionRecord(adopted) };
      }),

    delete: (_id, state) =>
      about(describe(state), async () => {
        const teams = clients().teams;
        const platform = await readClassOfServicePlatform(teams, state.name);
        // Adopted objects stay in the tenant unless the adoption says remove.
        const retained = removalDecision(state, adoptionPolicy(state.adoption)) === "retain" ? (state.adoptedObjects ?? []) : [];
        for (const change of classOfServiceRemovals(platform, state.name, retained)) await write(teams, change);
      }),
  };
}

/** What state records of the objects create adopted: nothing when it adopted none. */
function adoptionRecord(adopted: readonly string[]): Pick<ClassOfServiceState, "adopted" | "adoptedObjects"> {
  return adopted.length === 0 ? {} : { adopted: true, adoptedObjects: [...adopted] };
}

const OBJECT_WORDS: Record<PolicyType, string> = { OnlineVoiceRoute: "voice route", OnlineVoiceRoutingPolicy: "voice routing policy", TeamsCallingPolicy: "calling policy" };

function write(teams: TeamsAdminClient, change: ClassOfServiceChange): Promise<unknown> {
  switch (change.op) {
    case "add usages":
      return addPstnUsages(teams, change.usages);
    case "create":
      return createConfiguration(teams, change.type, change.configuration as never);
    case "set":
      return setConfiguration(teams, change.type, change.identity, change.settings as never);
    case "delete":
      return ifFound(deleteConfiguration(teams, change.type, change.identity));
    case "remove usages":
      return removePstnUsages(teams, change.usages);
  }
}

/** How to take back a write of create: only what it adds; a set or a removal is not undone. */
function undoOf(teams: TeamsAdminClient, change: ClassOfServiceChange): UndoStep | undefined {
  switch (change.op) {
    case "add usages":
      return { what: `PSTN usages ${change.usages.join(", ")}`, run: () => removePstnUsages(teams, change.usages) };
    case "create":
      return { what: `${OBJECT_WORDS[change.type]} ${change.configuration.Identity}`, run: () => ifFound(deleteConfiguration(teams, change.type, change.configuration.Identity)) };
    default:
      return undefined;
  }
}

/** Undoes `done` in reverse; the error to throw says what was undone, or what is left. */
async function rolledBack(error: unknown, done: readonly UndoStep[]): Promise<Error> {
  const message = error instanceof Error ? error.message : String(error);
  const left: string[] = [];
  for (const step of [...done].reverse()) {
    try {
      await step.run();
    } catch (undoError) {
      left.push(`${step.what} (${undoError instanceof Error ? undoError.message : String(undoError)})`);
    }
  }
  if (done.length === 0) return new Error(`${message}; nothing had been created`, { cause: error });
  if (left.length === 0) {
    return new Error(`${message}; what was created before the failure was removed again: ${done.map((s) => s.what).join(", ")}`, { cause: error });
  }
  return new Error(`${message}; undoing the create failed too, so these may be left in the tenant and need removing by hand: ${left.join("; ")}`, { cause: error });
}

function routeDiffers(current: OnlineVoiceRoute, desired: OnlineVoiceRoute): boolean {
  return (
    current.NumberPattern !== desired.NumberPattern ||
    !sameList(current.OnlinePstnGatewayList ?? [], desired.OnlinePstnGatewayList) ||
    !sameList(current.OnlinePstnUsages ?? [], desired.OnlinePstnUsages) ||
    (current.Description ?? "") !== (desired.Description ?? "")
  );
}

function booleanOr(platform: unknown, fallback: boolean): boolean {
  return typeof platform === "boolean" ? platform : fallback;
}

/** Teams compares names ignoring case. */
function same(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((item, i) => same(item, b[i] as string));
}

export const classOfService = classOfServiceDefinition();
const kind = kindProvider(classOfService);

/** The kind's provider; a state with recorded drift always differs, so `up` converges it. */
export const provider: pulumi.dynamic.ResourceProvider = {
  ...kind,
  async diff(id, olds, news) {
    const result = await kind.diff!(id, olds, news);
    const drift = (olds as { drift?: unknown }).drift;
    return Array.isArray(drift) && drift.length > 0 ? { ...result, changes: true } : result;
  },
};
