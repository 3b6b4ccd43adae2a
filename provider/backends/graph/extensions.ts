// Open extensions on users (Graph `openTypeExtension`): a few primitive values an application
// keeps with a directory object. Limits (docs-contrib concepts/extensibility-overview.md): up to
// 2 KB per extension, two open extensions per application per object; values are primitives or
// arrays of primitives. PATCH replaces the whole extension: properties left out are removed.
import { isAlreadyExistsError, isNotFoundError } from "../../core/errors";
import { type GraphClient } from "./client";
import { type CallContext } from "./errors";
import { userPath } from "./users";

export const OPEN_EXTENSION_TYPE = "microsoft.graph.openTypeExtension";

/** What an open extension may hold. */
export type ExtensionData = Readonly<Record<string, string | number | boolean | readonly string[]>>;

/** An open extension as Graph returns it, with the application's data. */
export interface OpenExtension {
  readonly id?: string;
  readonly extensionName?: string;
  readonly [property: string]: unknown;
}

/** The extension called `name` among a user's `extensions` (from `$expand=extensions`), if any. */
export function findExtension(extensions: unknown, name: string): OpenExtension | undefined {
  if (!Array.isArray(extensions)) return undefined;
  const wanted = name.toLowerCase();
  return (extensions as OpenExtension[]).find(
    (e) => typeof e === "object" && e !== null && (String(e.extensionName ?? "").toLowerCase() === wanted || String(e.id ?? "").toLowerCase().endsWith(wanted)),
  );
}

/**
 * Writes the extension `name` on the user with exactly `data`: PATCH when it exists (or is
 * believed to), POST to create it otherwise. Either way round, a wrong belief is corrected once
 * (404 on PATCH creates, 409 on POST replaces), so the write is safe to repeat. A POST whose
 * connection was lost may have created it: the PATCH that follows finds out (404: it did not).
 */
export async function writeUserExtension(graph: GraphClient, user: string, name: string, data: ExtensionData, exists: boolean): Promise<void> {
  const body = { "@odata.type": OPEN_EXTENSION_TYPE, extensionName: name, ...data };
  const context: CallContext = { operation: "recording ucflow's footprint", preposition: "on", object: user };
  const patch = () => graph.send({ method: "PATCH", path: `${userPath(user)}/extensions/${encodeURIComponent(name)}`, body, idempotent: true, context });
  // A POST sent twice is answered 409 the second time, which turns into the PATCH below: so a
  // lost answer may be retried like an idempotent call.
  const post = () => graph.send({ method: "POST", path: `${userPath(user)}/extensions`, body, idempotent: true, context });
  if (exists) {
    try {
      await patch();
    } catch (error) {
      if (!isNotFoundError(error)) throw error;
      await post();
    }
    return;
  }
  try {
    await post();
  } catch (error) {
    if (!isAlreadyExistsError(error)) throw error;
    await patch();
  }
}

/** Deletes the extension `name` from the user; done when it (or the user) is gone already. */
export async function deleteUserExtension(graph: GraphClient, user: string, name: string): Promise<void> {
  try {
    await graph.send({
      method: "DELETE",
      path: `${userPath(user)}/extensions/${encodeURIComponent(name)}`,
      context: { operation: "removing ucflow's footprint", preposition: "from", object: user },
    });
  } catch (error) {
    if (!isNotFoundError(error)) throw error;
  }
}
