// Granting a policy to one user by name (reference §5.3), PowerShell's Grant-Cs<Type>:
//   PATCH /Skype.Policy/users/{userId}/policies/{PolicyType}  {"PolicyName":"<name>"}
// with null to remove the direct grant. Grants surface after ~30-45 s.
import { pathSegment, type TeamsAdminClient } from "./client";

/**
 * Grants `policyName` of `policyType` (e.g. "TenantDialPlan", "OnlineVoiceRoutingPolicy") to
 * the user, or removes the direct grant when `policyName` is null. The name is sent without
 * Teams' `Tag:` prefix, as Grant-Cs* takes it. Setting the same grant twice changes nothing,
 * so it is retried like a PUT.
 */
export async function grantPolicy(teams: TeamsAdminClient, userId: string, policyType: string, policyName: string | null): Promise<void> {
  const name = policyName !== null && /^tag:/i.test(policyName) ? policyName.slice(4) : policyName;
  await teams.send({
    method: "PATCH",
    path: `/Skype.Policy/users/${pathSegment(userId)}/policies/${pathSegment(policyType)}`,
    body: { PolicyName: name },
    idempotent: true,
    context: name === null ? { operation: "removing grant of", object: `${policyType} from user ${userId}` } : { operation: "granting", object: `${policyType} ${name} to user ${userId}` },
  });
}
