// A subscriber on Microsoft Teams: usage location, licenses, phone number (Enterprise Voice
// follows the number) and direct policy grants of one Entra user. The provider observes the
// user, lets the planner decide the steps (provider/plan/subscriber-changes.ts) and applies
// them; state keeps what ucflow changed, so deprovisioning takes back only that.
import { isNotFoundError } from "../../core/errors";
import { type GraphClient } from "../../backends/graph/client";
import { assignLicense } from "../../backends/graph/licenses";
import { assignNumber, listNumberAssignments, unassignNumber } from "../../backends/graph/number-assignments";
import { assignPolicies, getPolicyId, unassignPolicies } from "../../backends/graph/policy-assignments";
import type { NumberType } from "../../backends/graph/types";
import { getUserConfiguration } from "../../backends/graph/user-configurations";
import { getUser, setUsageLocation } from "../../backends/graph/users";
import {
  EMPTY_FOOTPRINT,
  odataString,
  planSubscriberChanges,
  planSubscriberRemoval,
  type SubscriberFootprint,
  type SubscriberServices,
  type SubscriberStep,
} from "../../plan";
import { kindProvider, type KindDefinition } from "../kind-provider";
import { configureMicrosoft, providerMicrosoftClients } from "../microsoft-session";
import { SubscriberInputs } from "./types";

export interface SubscriberState extends SubscriberInputs {
  readonly footprint: SubscriberFootprint;
}

/** The user as the platform has it, in the planner's terms, plus Enterprise Voice. */
export async function observeSubscriber(graph: GraphClient, userId: string): Promise<(SubscriberServices & { enterpriseVoice: boolean }) | undefined> {
  let user;
  try {
    user = await getUser(graph, userId, ["id", "userPrincipalName", "usageLocation", "assignedLicenses"]);
  } catch (error) {
    if (isNotFoundError(error)) return undefined;
    throw error;
  }
  const teams = await getUserConfiguration(graph, userId).catch((error) => {
    // Teams learns about new users a while after Entra does.
    if (isNotFoundError(error)) return undefined;
    throw error;
  });
  const primary = teams?.telephoneNumbers?.find((n) => (n.assignmentCategory ?? "primary") === "primary") ?? teams?.telephoneNumbers?.[0];
  const policies: Record<string, string> = {};
  for (const p of teams?.effectivePolicyAssignments ?? []) {
    if ((p.policyAssignment.assignmentType ?? "direct") !== "direct" || !p.policyAssignment.displayName) continue;
    policies[p.policyType] = bareName(p.policyAssignment.displayName);
  }
  return {
    ...(user.usageLocation ? { usageLocation: user.usageLocation } : {}),
    licenses: (user.assignedLicenses ?? []).map((l) => ({ skuId: l.skuId, disabledPlans: [...(l.disabledPlans ?? [])] })),
    ...(primary ? { number: { telephoneNumber: primary.telephoneNumber, numberType: "unknown" } } : {}),
    policies,
    enterpriseVoice: teams?.isEnterpriseVoiceEnabled === true,
  };
}

/** The desired subscriber in the planner's terms. */
export function desiredServices(inputs: SubscriberInputs): SubscriberServices {
  return {
    usageLocation: inputs.usageLocation,
    licenses: inputs.licenses.map((l) => ({ skuId: l.skuId, disabledPlans: l.disabledPlans })),
    ...(inputs.number ? { number: { ...inputs.number } } : {}),
    policies: Object.fromEntries(Object.entries(inputs.policies).filter(([, v]) => v !== undefined)) as Record<string, string>,
  };
}

// Policy ids, looked up once per provider process and Graph endpoint: every subscriber of a
// profile is granted the same few policies, and a deployment does not rename them. Keyed by the
// endpoint, not the client, because each resource kind's configure() builds its own clients.
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

/** Applies planned steps in order; each backend error names the user and the operation. */
export async function applySubscriberSteps(graph: GraphClient, userId: string, steps: readonly SubscriberStep[]): Promise<void> {
  for (const step of steps) {
    switch (step.kind) {
      case "setUsageLocation":
        await setUsageLocation(graph, userId, step.usageLocation);
        break;
      case "addLicenses":
        await assignLicense(graph, userId, { addLicenses: step.licenses.map((l) => ({ skuId: l.skuId, disabledPlans: [...l.disabledPlans] })), removeLicenses: [] });
        break;
      case "removeLicenses":
        await assignLicense(graph, userId, { addLicenses: [], removeLicenses: [...step.skuIds] });
        break;
      case "assignNumber":
        await assignNumber(graph, {
          telephoneNumber: step.number.telephoneNumber,
          assignmentTargetId: userId,
          numberType: step.number.numberType as NumberType,
          ...(step.number.locationId ? { locationId: step.number.locationId } : {}),
        });
        break;
      case "unassignNumber": {
        // Unassigning needs the number's type, which the user's configuration does not carry.
        const [assignment] = await listNumberAssignments(graph, { filter: `telephoneNumber eq ${odataString(step.number.telephoneNumber)}` });
        if (!assignment) throw new Error(`subscriber ${userId}: number ${step.number.telephoneNumber} is on the user but not in the tenant's number assignments`);
        if (assignment.assignmentTargetId !== userId) break; // already released
        await unassignNumber(graph, { telephoneNumber: step.number.telephoneNumber, numberType: (assignment.numberType ?? "directRouting") as NumberType });
        break;
      }
      case "grantPolicy": {
        const policyId = await policyIdOf(graph, step.policyType, step.name);
        await assignPolicies(graph, [{ userId, policyType: step.policyType, policyId }]);
        break;
      }
      case "revokePolicy":
        await unassignPolicies(graph, [{ userId, policyType: step.policyType }]);
        break;
    }
  }
}

export function subscriberDefinition(clients: () => { graph: GraphClient } = providerMicrosoftClients): KindDefinition<SubscriberInputs, SubscriberState> {
  const converge = async (inputs: SubscriberInputs, footprint: SubscriberFootprint): Promise<SubscriberState> => {
    const { graph } = clients();
    const observed = await observeSubscriber(graph, inputs.userId);
    if (!observed) throw new Error(`subscriber ${inputs.userPrincipalName}: the Entra user ${inputs.userId} does not exist`);
    const plan = planSubscriberChanges(observed, desiredServices(inputs), footprint);
    await applySubscriberSteps(graph, inputs.userId, plan.steps);
    return { ...inputs, footprint: plan.footprint };
  };
  return {
    kind: "Subscriber",
    inputs: SubscriberInputs,
    replaceOn: ["customer", "userId"],
    describe: (i) => `subscriber ${i.userPrincipalName}`,
    configure: configureMicrosoft,
    validate: (i) =>
      i.enterpriseVoice && !i.number
        ? [{ property: "number", reason: "Enterprise Voice is enabled by assigning a number; give the subscriber a number or set enterpriseVoice to false" }]
        : [],
    async create(inputs) {
      return { id: inputs.userId, state: await converge(inputs, EMPTY_FOOTPRINT) };
    },
    async read(id, state) {
      const observed = await observeSubscriber(clients().graph, id);
      if (!observed) return undefined;
      const skuNames = new Map(state.licenses.map((l) => [l.skuId.toLowerCase(), l.sku]));
      const tracked = new Set([...state.licenses.map((l) => l.skuId.toLowerCase()), ...state.footprint.licensesAdded.map((s) => s.toLowerCase())]);
      const policyTypes = new Set([...Object.keys(state.policies), ...Object.keys(state.footprint.policiesReplaced)]);
      const { number: _managed, ...rest } = state;
      return {
        ...rest,
        ...(observed.usageLocation ? { usageLocation: observed.usageLocation as SubscriberInputs["usageLocation"] } : {}),
        licenses: observed.licenses
          .filter((l) => tracked.has(l.skuId.toLowerCase()))
          .map((l) => ({ skuId: l.skuId, sku: skuNames.get(l.skuId.toLowerCase()) ?? l.skuId, disabledPlans: l.disabledPlans })) as SubscriberInputs["licenses"],
        // A number is reported only where ucflow manages one; a user's own number is not drift.
        ...(observed.number && (state.number || state.footprint.numberAssigned)
          ? { number: { ...state.number, telephoneNumber: observed.number.telephoneNumber, numberType: state.number?.numberType ?? "directRouting" } as SubscriberInputs["number"] }
          : {}),
        policies: Object.fromEntries(Object.entries(observed.policies).filter(([type]) => policyTypes.has(type))) as SubscriberInputs["policies"],
        // Enterprise Voice follows the number: without a managed number it is the user's own.
        enterpriseVoice: state.number ? observed.enterpriseVoice : state.enterpriseVoice,
      };
    },
    async update(_id, olds, news) {
      return converge(news, olds.footprint ?? EMPTY_FOOTPRINT);
    },
    async delete(id, state) {
      const { graph } = clients();
      const observed = await observeSubscriber(graph, id);
      if (!observed) return; // the user is gone, and with it everything ucflow gave
      await applySubscriberSteps(graph, id, planSubscriberRemoval(observed, state.footprint ?? EMPTY_FOOTPRINT));
    },
  };
}

function bareName(name: string): string {
  return name.startsWith("Tag:") ? name.slice("Tag:".length) : name;
}

export const provider = kindProvider(subscriberDefinition());
