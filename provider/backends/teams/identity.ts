// Identities of Teams configuration instances: the default is `Global`, custom instances are
// `Tag:<name>` (reference §5.3). One pair to format and parse them.
import { ConfigurationError } from "../../core/errors";

export const GLOBAL_IDENTITY = "Global";

export type PolicyIdentity = { readonly kind: "global" } | { readonly kind: "tag"; readonly name: string };

/** `Global` for the default instance, `Tag:<name>` for a custom one. */
export function formatPolicyIdentity(identity: PolicyIdentity): string {
  if (identity.kind === "global") return GLOBAL_IDENTITY;
  const problems: string[] = [];
  if (identity.name.trim() === "") problems.push("a policy name cannot be empty");
  if (/[/\\]/.test(identity.name)) problems.push(`a policy name cannot contain / or \\; got ${JSON.stringify(identity.name)}`);
  if (problems.length > 0) throw new ConfigurationError("invalid Teams policy name", problems);
  return `Tag:${identity.name}`;
}

/** The identity's kind and name; undefined for scopes ucflow does not manage (e.g. `Site:`). */
export function parsePolicyIdentity(identity: string): PolicyIdentity | undefined {
  if (identity.toLowerCase() === "global") return { kind: "global" };
  if (/^tag:/i.test(identity) && identity.length > 4) return { kind: "tag", name: identity.slice(4) };
  return undefined;
}
