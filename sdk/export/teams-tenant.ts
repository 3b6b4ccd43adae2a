// `ucflow export --platform teams`, the reading: everything teamsExportDefinition needs from a
// tenant, read once, nothing written. Graph: the organization, users, subscribed SKUs, acquired
// numbers, and each licensed user's Teams configuration (Enterprise Voice, direct policy
// grants; sent in `$batch` requests); the Teams admin API: tenant dial plans, emergency
// locations, voice routing policies, and for each policy made like a class of service the
// usages, routes and calling policy under its names. Unlicensed users cannot be subscribers, so their configuration is not read.
import { listSubscribedSkus } from "../../provider/backends/graph/licenses";
import { listNumberAssignments } from "../../provider/backends/graph/number-assignments";
import { getUserConfiguration } from "../../provider/backends/graph/user-configurations";
import { listUsers } from "../../provider/backends/graph/users";
import { listConfigurations } from "../../provider/backends/teams/configurations";
import { listEmergencyLocations } from "../../provider/backends/teams/emergency-locations";
import { isNotFoundError } from "../../provider/core/errors";
import { readOrganization } from "../../provider/resources/customer/provider";
import { classObjectName, readClassOfServicePlatform } from "../../provider/resources/class-of-service/provider";
import { CALL_CLASSES } from "../../provider/resources/class-of-service/number-patterns";
import type { MicrosoftClients } from "../../provider/resources/microsoft-session";
import { DEFAULT_USER_ATTRIBUTES } from "../directory/entra";
import type { TeamsExportSnapshot, TeamsExportUser } from "./teams-export";

/** The tenant the clients sign in to, as teamsExportDefinition takes it. */
export async function readTeamsExportSnapshot(clients: Pick<MicrosoftClients, "graph" | "bulkGraph" | "teams">): Promise<TeamsExportSnapshot> {
  const { graph, bulkGraph, teams } = clients;
  const [organization, users, skus, numbers, dialPlans, emergencyLocations, routingPolicies] = await Promise.all([
    readOrganization(graph),
    listUsers(graph, { select: [...DEFAULT_USER_ATTRIBUTES, "state", "employeeType"] }),
    listSubscribedSkus(graph),
    listNumberAssignments(graph),
    listConfigurations(teams, "TenantDialPlan"),
    listEmergencyLocations(teams),
    listConfigurations(teams, "OnlineVoiceRoutingPolicy"),
  ]);
  // A policy Tag:N listing only usages N-<call class> may be a class of service: read what is under its names.
  const candidates = routingPolicies.flatMap((p) => {
    const name = /^tag:(.+)$/i.exec(p.Identity)?.[1];
    const usages = p.OnlinePstnUsages ?? [];
    return name !== undefined && usages.length > 0 && usages.every((u) => CALL_CLASSES.some((c) => u.toLowerCase() === classObjectName(name, c).toLowerCase())) ? [name] : [];
  });
  const classOfServiceCandidates = [];
  for (const name of candidates) classOfServiceCandidates.push({ name, platform: await readClassOfServicePlatform(teams, name) });
  const exported = await Promise.all(
    users.users.map(async (user): Promise<TeamsExportUser> => {
      const { id, assignedLicenses, ...attributes } = user as unknown as Record<string, unknown> & { id: string; assignedLicenses?: { skuId: string; disabledPlans?: string[] }[] };
      const licenses = (assignedLicenses ?? []).map((l) => ({ skuId: l.skuId, disabledPlans: [...(l.disabledPlans ?? [])] }));
      const configuration =
        licenses.length === 0
          ? undefined
          : await getUserConfiguration(bulkGraph, id).catch((error) => {
              // Teams learns about new users a while after Entra does: such a user holds nothing in Teams yet.
              if (isNotFoundError(error)) return undefined;
              throw error;
            });
      const policies: Record<string, string> = {};
      for (const p of configuration?.effectivePolicyAssignments ?? []) {
        // Group grants are the group's, not the user's: a profile does not repeat them.
        if ((p.policyAssignment.assignmentType ?? "direct") !== "direct" || !p.policyAssignment.displayName) continue;
        policies[p.policyType] = p.policyAssignment.displayName.replace(/^Tag:/i, "");
      }
      return { id, attributes: attributes as TeamsExportUser["attributes"], licenses, enterpriseVoice: configuration?.isEnterpriseVoiceEnabled === true, policies };
    }),
  );
  return {
    tenant: organization,
    users: exported,
    skus: skus.map((s) => ({ skuId: s.skuId, skuPartNumber: s.skuPartNumber, servicePlans: s.servicePlans.map((p) => ({ servicePlanId: p.servicePlanId, servicePlanName: p.servicePlanName })) })),
    numbers: numbers.map((n) => ({ telephoneNumber: n.telephoneNumber, ...(n.numberType ? { numberType: n.numberType } : {}), assignmentTargetId: n.assignmentTargetId ?? null, locationId: n.locationId ?? null, city: n.city ?? null })),
    dialPlans,
    emergencyLocations,
    classOfServiceCandidates,
  };
}
