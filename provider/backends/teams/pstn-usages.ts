// The tenant's PSTN usage names: one shared list (the `Global` OnlinePstnUsages instance) that
// every class of service adds to. Changing it is read-modify-write of the whole list, so edits
// in this process are serialised with a per-name lock; two processes editing at once can still
// lose an update, which the next `up` repairs.
import { lockByName } from "../../core/concurrency";
import { type TeamsAdminClient } from "./client";
import { getConfiguration, setConfiguration } from "./configurations";
import { GLOBAL_IDENTITY } from "./identity";

/** The tenant's usage names, in order. */
export async function getPstnUsages(teams: TeamsAdminClient): Promise<readonly string[]> {
  return (await getConfiguration(teams, "OnlinePstnUsages", GLOBAL_IDENTITY))?.Usage ?? [];
}

/** Adds the names not yet present (at the end); returns the resulting list. Writes only if something changes. */
export function addPstnUsages(teams: TeamsAdminClient, usages: readonly string[]): Promise<readonly string[]> {
  return editPstnUsages(teams, (current) => [...current, ...[...new Set(usages)].filter((u) => !current.includes(u))]);
}

/** Removes the names present; returns the resulting list. Writes only if something changes. */
export function removePstnUsages(teams: TeamsAdminClient, usages: readonly string[]): Promise<readonly string[]> {
  return editPstnUsages(teams, (current) => current.filter((u) => !usages.includes(u)));
}

function editPstnUsages(teams: TeamsAdminClient, edit: (current: readonly string[]) => readonly string[]): Promise<readonly string[]> {
  return lockByName(`teams:${teams.baseUrl}:OnlinePstnUsages:${GLOBAL_IDENTITY}`, async () => {
    const current = await getPstnUsages(teams);
    const wanted = edit(current);
    if (wanted.length !== current.length || wanted.some((u, i) => u !== current[i])) {
      await setConfiguration(teams, "OnlinePstnUsages", GLOBAL_IDENTITY, { Usage: wanted });
    }
    return wanted;
  });
}
