// DialPlan on Microsoft Teams: one tenant dial plan, Identity `Tag:<name>`, whose normalization
// rules are the inputs' rules in order (Priority = position). Subscribers of a site get the site
// dial plan as their TenantDialPlan policy. Its Description ends in ucflow's mark for the
// customer ([ucflow:Cu1], backends/teams/ownership.ts). Create takes back a `Tag:<name>` that
// carries the customer's mark (a killed run's leftover), bringing it to the inputs; any other
// existing `Tag:<name>` is refused unless the customer adopts (`adoption.existing: adopt`): then it
// is adopted, recorded as `adopted`, and brought to the inputs only where it differs. An adopted
// dial plan gets no mark (its Description is the inputs' text, or left alone when they give
// none), and delete leaves it in the tenant unless `adoption.onDelete` is remove.
import { createConfiguration, deleteConfiguration, getConfiguration, setConfiguration } from "../../backends/teams/configurations";
import { formatPolicyIdentity } from "../../backends/teams/identity";
import { markedDescription, notOwnedReason, ownerMark, unmarkedDescription } from "../../backends/teams/ownership";
import { type NormalizationRule as TeamsNormalizationRule, type TenantDialPlan } from "../../backends/teams/types";
import { ifFound, isAlreadyExistsError, isNotFoundError } from "../../core/errors";
import { adoptionPolicy, creationDecision, removalDecision } from "../adoption";
import { about, captureGroupCount, optionalText, providerTenantClients, regexProblem, type TenantClientSource } from "../tenant-kind";
import type { InputProblem } from "../input-validation";
import { type KindDefinition, kindProvider } from "../kind-provider";
import { configureMicrosoft } from "../microsoft-session";
import { DialPlanInputs, type DialPlanState, type NormalizationRule } from "./types";

/** Teams limits a tenant dial plan's Identity, `Tag:` included, to 49 characters. */
export const MAX_DIAL_PLAN_IDENTITY_LENGTH = 49;
/** Teams' limit on a dial plan's description, ucflow's mark included. */
export const MAX_DESCRIPTION_LENGTH = 1040;

/** `Tag:<name>`. */
export function dialPlanIdentity(name: string): string {
  return formatPolicyIdentity({ kind: "tag", name });
}

/**
 * The tenant dial plan's settings for the inputs: rules in order, Priority = position. An adopted
 * dial plan is not marked: its Description is the inputs' text, or not set when they give none.
 */
export function dialPlanSettings(inputs: DialPlanInputs, adopted = false): Omit<TenantDialPlan, "Identity"> {
  return {
    // The user's text and the customer's mark; without a text the mark alone, which also
    // clears a description the inputs no longer give.
    ...(!adopted
      ? { Description: markedDescription(inputs.description, { customer: inputs.customer }) }
      : inputs.description !== undefined
        ? { Description: inputs.description }
        : {}),
    NormalizationRules: inputs.normalizationRules.map((rule, index) => ({
      Name: rule.name,
      Description: rule.description ?? "",
      Pattern: rule.pattern,
      Translation: rule.translation,
      IsInternalExtension: rule.isInternalExtension ?? false,
      Priority: index,
    })),
  };
}

/**
 * The inputs as the platform has them: the rules in priority order, mapped back. Properties
 * Teams does not hold (customer, scope, site) come from `state`; an empty description or a false
 * isInternalExtension that the inputs left out stays left out, so only real edits show as drift.
 */
export function dialPlanFromPlatform(plan: TenantDialPlan, state: DialPlanState): DialPlanState {
  const desiredByName = new Map(state.normalizationRules.map((rule) => [rule.name.toLowerCase(), rule]));
  const rules = [...(plan.NormalizationRules ?? [])]
    .map((rule, position) => ({ rule, position }))
    .sort((a, b) => (a.rule.Priority ?? a.position) - (b.rule.Priority ?? b.position) || a.position - b.position)
    .map(({ rule }) => ruleFromPlatform(rule, desiredByName));
  const { description: _description, ...rest } = state;
  // An adopted dial plan's own Description is not managed when the inputs give none.
  const description = state.adopted === true && state.description === undefined ? undefined : optionalText(unmarkedDescription(plan.Description), state.description);
  return { ...rest, ...(description === undefined ? {} : { description }), normalizationRules: rules } as DialPlanState;
}

function ruleFromPlatform(rule: TeamsNormalizationRule, desiredByName: ReadonlyMap<string, NormalizationRule>): NormalizationRule {
  const name = rule.Name || (rule.Identity ?? "").split("/").pop() || "";
  const desired = desiredByName.get(name.toLowerCase());
  const description = optionalText(rule.Description, desired?.description);
  const internal = rule.IsInternalExtension === true;
  return {
    name,
    pattern: rule.Pattern,
    translation: rule.Translation ?? "",
    ...(description === undefined ? {} : { description }),
    ...(internal || desired?.isInternalExtension !== undefined ? { isInternalExtension: internal } : {}),
  } as NormalizationRule;
}

/** What create does with the tenant dial plan it finds under the dial plan's Identity. */
export type DialPlanCreation =
  | { readonly action: "create" }
  /** The customer's own leftover: set it to the inputs, unless it already has them. */
  | { readonly action: "take-own"; readonly upToDate: boolean }
  /** Someone else's, and the customer adopts: record it as adopted, set it to the inputs unless it already has them. */
  | { readonly action: "adopt"; readonly upToDate: boolean }
  | { readonly action: "refuse"; readonly reason: string };

export function dialPlanCreation(existing: TenantDialPlan | undefined, inputs: DialPlanInputs): DialPlanCreation {
  if (existing === undefined) return { action: "create" };
  const reason = notOwnedReason(existing.Description, { customer: inputs.customer });
  const decision = creationDecision({ found: true, ours: reason === undefined }, adoptionPolicy(inputs.adoption));
  switch (decision.action) {
    case "refuse":
      return { action: "refuse", reason: reason as string };
    case "adopt":
      return { action: "adopt", upToDate: sameDialPlanSettings(existing, dialPlanSettings(inputs, true)) };
    default:
      return { action: "take-own", upToDate: sameDialPlanSettings(existing, dialPlanSettings(inputs)) };
  }
}

/** Whether `plan` already holds `settings`: the same Description and rules, in the same order. */
export function sameDialPlanSettings(plan: TenantDialPlan, settings: Omit<TenantDialPlan, "Identity">): boolean {
  const ordered = [...(plan.NormalizationRules ?? [])].map((rule, position) => ({ rule, position })).sort((a, b) => (a.rule.Priority ?? a.position) - (b.rule.Priority ?? b.position) || a.position - b.position);
  const text = (value: unknown) => (typeof value === "string" ? value : "");
  return (
    // Settings without a Description leave the plan's alone.
    (!("Description" in settings) || text(plan.Description) === text(settings.Description)) &&
    ordered.length === settings.NormalizationRules.length &&
    ordered.every(({ rule }, i) => {
      const want = settings.NormalizationRules[i]!;
      const name = rule.Name || (rule.Identity ?? "").split("/").pop() || "";
      return (
        name.toLowerCase() === (want.Name ?? "").toLowerCase() &&
        rule.Pattern === want.Pattern &&
        text(rule.Translation) === want.Translation &&
        text(rule.Description) === text(want.Description) &&
        (rule.IsInternalExtension === true) === want.IsInternalExtension
      );
    })
  );
}

/** Rules beyond the codec: where the plan applies, its Identity's length, and each rule. */
export function validateDialPlan(inputs: DialPlanInputs): InputProblem[] {
  const problems: InputProblem[] = [];
  if (inputs.scope === "site" && inputs.site === undefined) {
    problems.push({ property: "site", reason: 'is required when scope is "site": give the code of the site whose subscribers get this dial plan, e.g. Cu1Si1' });
  }
  if (inputs.scope === "customer" && inputs.site !== undefined) {
    problems.push({ property: "site", reason: `must be left out when scope is "customer" (a customer dial plan is for every site); remove site ${JSON.stringify(inputs.site)} or set scope: "site"` });
  }
  const identity = `Tag:${inputs.name}`;
  if (identity.length > MAX_DIAL_PLAN_IDENTITY_LENGTH) {
    problems.push({
      property: "name",
      reason: `makes the Identity ${JSON.stringify(identity)} of ${identity.length} characters; Teams allows ${MAX_DIAL_PLAN_IDENTITY_LENGTH} with "Tag:", so the name can have at most ${MAX_DIAL_PLAN_IDENTITY_LENGTH - 4}`,
    });
  }
  const markLength = ownerMark({ customer: inputs.customer }).length + 1;
  if (inputs.description !== undefined && inputs.description.length > MAX_DESCRIPTION_LENGTH - markLength) {
    problems.push({
      property: "description",
      reason: `has ${inputs.description.length} characters; Teams allows ${MAX_DESCRIPTION_LENGTH}, and ucflow adds " ${ownerMark({ customer: inputs.customer })}" to mark the dial plan as the customer's, so it can have at most ${MAX_DESCRIPTION_LENGTH - markLength}`,
    });
  }
  const firstByName = new Map<string, number>();
  inputs.normalizationRules.forEach((rule, index) => {
    const at = `normalizationRules[${index}]`;
    const first = firstByName.get(rule.name.toLowerCase());
    if (first !== undefined) {
      problems.push({ property: `${at}.name`, reason: `${JSON.stringify(rule.name)} is already the name of normalizationRules[${first}]; rule names must be unique within a dial plan (Teams ignores case)` });
    } else firstByName.set(rule.name.toLowerCase(), index);
    const problem = regexProblem(rule.pattern);
    if (problem !== undefined) {
      problems.push({ property: `${at}.pattern`, reason: problem });
      return;
    }
    const groups = captureGroupCount(rule.pattern);
    const missing = [...new Set([...rule.translation.matchAll(/\$(\d+)/g)].map((m) => Number(m[1])).filter((n) => n > groups))];
    if (missing.length > 0) {
      problems.push({
        property: `${at}.translation`,
        reason: `uses ${missing.map((n) => `$${n}`).join(", ")} but the pattern ${JSON.stringify(rule.pattern)} has ${groups} capturing group${groups === 1 ? "" : "s"}; Teams would insert nothing there`,
      });
    }
  });
  return problems;
}

export function dialPlanDefinition(clients: TenantClientSource = providerTenantClients): KindDefinition<DialPlanInputs, DialPlanState> {
  const describe = (i: DialPlanInputs) => `dial plan ${i.name}`;

  /** Creates, takes back or adopts the dial plan; true when it was adopted. */
  const create = async (inputs: DialPlanInputs, identity: string): Promise<boolean> => {
    const teams = clients().teams;
    const owner = ownerMark({ customer: inputs.customer });
    const decide = async () => dialPlanCreation(await getConfiguration(teams, "TenantDialPlan", identity), inputs);
    let decision = await decide();
    if (decision.action === "create") {
      try {
        await createConfiguration(teams, "TenantDialPlan", { Identity: identity, ...dialPlanSettings(inputs) });
        return false;
      } catch (error) {
        // Created by someone else between the look-up and the create: decide again on what is there.
        if (!isAlreadyExistsError(error)) throw error;
        decision = await decide();
        if (decision.action === "create") throw error;
      }
    }
    if (decision.action === "refuse") {
      throw new Error(
        `a tenant dial plan ${identity} already exists in the tenant and is not ucflow's for customer ${inputs.customer} (${decision.reason}), ` +
          `and ucflow does not take over objects it did not create; nothing was changed. Remove it (Remove-CsTenantDialPlan -Identity ${JSON.stringify(identity)}) ` +
          `or rename this dial plan; to bring it under management as it is, adopt it with adoption: { existing: adopt } on the customer ` +
          `(customer.adoption in the definition), or end its Description with ${owner} if it is this customer's`,
      );
    }
    const adopted = decision.action === "adopt";
    if (!decision.upToDate) await setConfiguration(teams, "TenantDialPlan", identity, dialPlanSettings(inputs, adopted));
    return adopted;
  };

  return {
    kind: "DialPlan",
    inputs: DialPlanInputs,
    replaceOn: ["customer", "name"],
    describe,
    configure: configureMicrosoft,
    validate: (inputs) => validateDialPlan(inputs),

    create: (inputs) =>
      about(describe(inputs), async () => {
        const identity = dialPlanIdentity(inputs.name);
        const adopted = await create(inputs, identity);
        return { id: identity, state: { ...inputs, identity, ...(adopted ? { adopted } : {}) } };
      }),

    read: (id, state) =>
      about(describe(state), async () => {
        const plan = await getConfiguration(clients().teams, "TenantDialPlan", id);
        return plan === undefined ? undefined : { ...dialPlanFromPlatform(plan, state), identity: id };
      }),

    update: (id, olds, news) =>
      about(describe(news), async () => {
        const teams = clients().teams;
        if (olds.adopted === true) {
          // Someone else's dial plan, adopted: written only where it differs from the inputs.
          const current = await getConfiguration(teams, "TenantDialPlan", id);
          if (current === undefined) return { ...news, identity: id, ...((await create(news, id)) ? { adopted: true } : {}) };
          const settings = dialPlanSettings(news, true);
          if (!sameDialPlanSettings(current, settings)) await setConfiguration(teams, "TenantDialPlan", id, settings);
          return { ...news, identity: id, adopted: true };
        }
        try {
          await setConfiguration(teams, "TenantDialPlan", id, dialPlanSettings(news));
        } catch (error) {
          // Removed out of band since the last refresh: converge by creating it again.
          if (!isNotFoundError(error)) throw error;
          if (await create(news, id)) return { ...news, identity: id, adopted: true };
        }
        return { ...news, identity: id };
      }),

    delete: (id, state) =>
      about(describe(state), async () => {
        // An adopted dial plan stays in the tenant unless the adoption says remove.
        if (removalDecision(state, adoptionPolicy(state.adoption)) === "retain") return;
        await ifFound(deleteConfiguration(clients().teams, "TenantDialPlan", id));
      }),
  };
}

export const dialPlan = dialPlanDefinition();
export const provider = kindProvider(dialPlan);
