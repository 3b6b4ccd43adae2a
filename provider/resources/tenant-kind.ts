// What the tenant kinds (Customer, DialPlan, ClassOfService, Site) share: the Microsoft clients
// they call, injected so tests can supply clients on replaying transports; errors that name the
// ucflow object first ("dial plan Cu1-Chicago: teams: creating ..."); the read-back of optional
// texts; and the regular expression check of patterns Teams evaluates.
import type { GraphClient } from "../backends/graph/client";
import type { TeamsAdminClient } from "../backends/teams/client";
import { providerMicrosoftClients } from "./microsoft-session";

/** The clients a tenant kind calls. */
export interface TenantClients {
  readonly graph: GraphClient;
  readonly teams: TeamsAdminClient;
}

/** Gives the clients when an operation runs (never when the module loads: configure comes first). */
export type TenantClientSource = () => TenantClients;

/** The provider process's clients, from stack config (see microsoft-session.ts). */
export const providerTenantClients: TenantClientSource = () => providerMicrosoftClients();

/** Runs `work`; a failure is rethrown with the ucflow object it concerns in front: "site Cu1Si1: ...". */
export async function about<T>(subject: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw inContextOf(subject, error);
  }
}

/** `error` with `subject` in front of its message, the original kept as `cause`. */
export function inContextOf(subject: string, error: unknown): Error {
  const message = error instanceof Error ? error.message : String(error);
  if (message.startsWith(`${subject}: `)) return error as Error;
  return new Error(`${subject}: ${message}`, { cause: error });
}

/**
 * An optional text read back from the platform. Teams answers "" or null for a text never set,
 * so an empty platform value is reported as the desired value's own emptiness ("" or absent):
 * otherwise an input left out would drift to "" on every refresh.
 */
export function optionalText(platform: unknown, desired: string | undefined): string | undefined {
  if (typeof platform === "string" && platform !== "") return platform;
  return desired === "" ? "" : undefined;
}

/**
 * Why JavaScript cannot parse `pattern` as a regular expression, or undefined when it can.
 * Teams evaluates .NET regular expressions; the two agree on everything dial plans and voice
 * routes normally use (anchors, classes, groups, quantifiers, lookahead), and only what
 * JavaScript cannot parse is refused, with a message that says so.
 */
export function regexProblem(pattern: string): string | undefined {
  try {
    new RegExp(pattern);
    return undefined;
  } catch (error) {
    const message = (error as Error).message;
    const prefix = `Invalid regular expression: /${pattern}/: `;
    const reason = message.startsWith(prefix) ? message.slice(prefix.length) : message;
    return (
      `${JSON.stringify(pattern)} is not a regular expression JavaScript can parse (${reason}). ` +
      "Teams evaluates .NET regular expressions and ucflow checks them with JavaScript's, refusing only what JavaScript cannot parse; " +
      "rewrite .NET-only constructs such as inline options (?i) or atomic groups (?>...)"
    );
  }
}

/** How many capturing groups `pattern` has (it must parse). */
export function captureGroupCount(pattern: string): number {
  // An empty alternative always matches, and the match has one slot per group.
  return (new RegExp(`${pattern}|`).exec("")?.length ?? 1) - 1;
}
