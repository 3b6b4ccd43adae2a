// Teams policy grants through Graph (reference §4.1): find a policy's id by type and name, then
// assign or unassign it per user. Grants take ~30-45 s to show in userConfigurations; wait with
// core waitFor when read-after-write matters.
import { NotFoundError } from "../../core/errors";
import { type GraphClient, unexpectedResponse } from "./client";
import { type CallContext } from "./errors";
import { type PolicyAssignment, type PolicyIdentifier, type PolicyUnassignment } from "./types";

export const POLICY_PATH = "/admin/teams/policy";

const USER_ASSIGNMENT_TYPE = "#microsoft.graph.teamsAdministration.teamsPolicyUserAssignment";

/**
 * The id of policy `name` of `policyType` ("TeamsCallingPolicy", "AllowCalling"). `name` may
 * carry Teams' `Tag:` prefix or not; "Global" is the default instance. NotFoundError if none.
 */
export async function getPolicyId(graph: GraphClient, policyType: string, name: string): Promise<PolicyIdentifier> {
  const bare = name.startsWith("Tag:") ? name.slice("Tag:".length) : name;
  const context: CallContext = { operation: "finding policy", object: `${policyType} ${bare}` };
  graph.requireTeamsAdministration(context);
  const response = await graph.send({ method: "GET", path: `${POLICY_PATH}/getPolicyId(type=${odataPathLiteral(policyType)},name=${odataPathLiteral(bare)})`, context });
  const value = (response.body as { value?: unknown } | undefined)?.value;
  if (!Array.isArray(value)) throw unexpectedResponse(context, "expected a `value` array of {name, policyId}", response.requestId);
  const found = value.filter((v): v is PolicyIdentifier => typeof v === "object" && v !== null && typeof v.name === "string" && typeof v.policyId === "string");
  const exact = found.find((p) => p.name === `Tag:${bare}` || p.name === bare);
  const match = exact ?? (found.length === 1 ? found[0] : undefined);
  if (match === undefined) {
    throw new NotFoundError({ backend: "graph", ...context }, { detail: found.length === 0 ? "no such policy" : `no exact match among ${found.map((p) => p.name).join(", ")}`, requestId: response.requestId });
  }
  return { name: match.name, policyId: match.policyId };
}

/** Grants policies to users in one call (204). Re-granting the same policy changes nothing, so it is retried like a PUT. */
export async function assignPolicies(graph: GraphClient, assignments: readonly PolicyAssignment[]): Promise<void> {
  if (assignments.length === 0) return;
  const context: CallContext = { operation: "assigning policy", object: describeGrants(assignments) };
  graph.requireTeamsAdministration(context);
  await graph.send({
    method: "POST",
    path: `${POLICY_PATH}/userAssignments/assign`,
    body: { value: assignments.map((a) => ({ "@odata.type": USER_ASSIGNMENT_TYPE, userId: a.userId, policyType: a.policyType, policyId: a.policyId })) },
    idempotent: true,
    context,
  });
}

/** Removes direct grants, so the users fall back to group or Global policy (204). */
export async function unassignPolicies(graph: GraphClient, unassignments: readonly PolicyUnassignment[]): Promise<void> {
  if (unassignments.length === 0) return;
  const context: CallContext = { operation: "unassigning policy", object: describeGrants(unassignments) };
  graph.requireTeamsAdministration(context);
  await graph.send({
    method: "POST",
    path: `${POLICY_PATH}/userAssignments/unassign`,
    body: { value: unassignments.map((u) => ({ userId: u.userId, policyType: u.policyType })) },
    idempotent: true,
    context,
  });
}

/** A quoted OData string for a function parameter in a URL path (percent-encoded there, unlike query values). */
function odataPathLiteral(value: string): string {
  return `'${encodeURIComponent(value.replace(/'/g, "''"))}'`;
}

function describeGrants(grants: readonly { readonly userId: string; readonly policyType: string }[]): string {
  return grants.length === 1 ? `${grants[0].policyType} for user ${grants[0].userId}` : `${grants.length} policy grants`;
}
