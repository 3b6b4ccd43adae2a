// The tenant's Teams policy names, read when the program runs so a profile or site naming a
// policy that does not exist fails the preview (provider/plan/teams-references.ts decides).
// One listing per policy type, in parallel, through the Teams admin client's configuration
// listing; nothing is written.
import * as pulumi from "@pulumi/pulumi";
import { type TeamsAdminClient } from "../../provider/backends/teams/client";
import { listConfigurations } from "../../provider/backends/teams/configurations";
import { GLOBAL_IDENTITY, parsePolicyIdentity } from "../../provider/backends/teams/identity";
import { TEAMS_POLICY_TYPES, type TeamsPolicyCatalog, type TeamsPolicyType } from "../../provider/plan/teams-references";
import { microsoftClients } from "../../provider/resources/microsoft-session";

/**
 * The policy instance names the tenant has for each of `types`: bare names (`US-National` for
 * `Tag:US-National`) and `Global`; instances of other scopes (e.g. `Site:`) are left out.
 * Read only the types a definition names (referencedPolicyTypes): fewer calls, and no call for
 * a type the credential may not list.
 */
export async function readTeamsPolicyCatalog(teams: TeamsAdminClient, types: readonly TeamsPolicyType[] = TEAMS_POLICY_TYPES): Promise<TeamsPolicyCatalog> {
  const listed = await Promise.all(
    [...new Set(types)].map(async (type) => {
      const names = (await listConfigurations(teams, type)).flatMap((instance) => {
        const identity = parsePolicyIdentity(instance.Identity);
        return identity === undefined ? [] : [identity.kind === "global" ? GLOBAL_IDENTITY : identity.name];
      });
      return [type, [...new Set(names)]] as const;
    }),
  );
  return Object.fromEntries(listed);
}

/** A Teams admin client from the `ucflow:*` stack config (or the environment), as the providers build theirs. */
export function configuredTeamsAdminClient(config: pulumi.Config = new pulumi.Config("ucflow")): TeamsAdminClient {
  return microsoftClients((name) => config.get(name)).teams;
}
