// The drift report of a refresh, one sentence per subscriber and field, in a UC engineer's
// words: who is affected, what the platform shows, what ucflow gave.
import { canonical } from "../../plan";
import type { TeamsSubscriberEntry } from "./types";

// Display names of groups as last read (memberships, or the group itself when a membership is
// missing), so a report names "Sales Voice" rather than its object id.
const groupNames = new Map<string, string>();

/** Keeps a group's display name for the drift report. */
export function rememberGroupName(groupId: string, displayName: string): void {
  groupNames.set(groupId.toLowerCase(), displayName);
}

function groupName(groupId: string): string {
  return groupNames.get(groupId.toLowerCase()) ?? groupId;
}

/** What differs between the entry ucflow applied and the subscriber as read back now. */
export function describeTeamsDrift(who: string, applied: TeamsSubscriberEntry, seen: TeamsSubscriberEntry | undefined): string[] {
  if (seen === undefined) return [`${who}: the Entra user no longer exists`];
  const drift: string[] = [];
  if (seen.userPrincipalName !== applied.userPrincipalName) drift.push(`${who}: the user principal name is now ${seen.userPrincipalName}`);
  if (seen.usageLocation !== applied.usageLocation) drift.push(`${who}: usage location is ${seen.usageLocation ?? "not set"}, ucflow set ${applied.usageLocation}`);
  const seenLicenses = new Map(seen.licenses.map((l) => [l.skuId.toLowerCase(), l]));
  for (const license of applied.licenses) {
    const now = seenLicenses.get(license.skuId.toLowerCase());
    if (!now) drift.push(`${who}: license ${license.sku} was removed`);
    else if (canonical([...now.disabledPlans].sort()) !== canonical([...license.disabledPlans].sort())) drift.push(`${who}: license ${license.sku} has other service plans disabled than ucflow set`);
    seenLicenses.delete(license.skuId.toLowerCase());
  }
  for (const extra of seenLicenses.values()) drift.push(`${who}: holds license ${extra.sku}, which ucflow gave before and no longer gives`);
  const had = applied.number?.telephoneNumber;
  const has = seen.number?.telephoneNumber;
  if (had !== has) {
    drift.push(has === undefined ? `${who}: has no number, ucflow assigned ${had}` : had === undefined ? `${who}: holds number ${has}, which ucflow assigned before` : `${who}: has number ${has}, ucflow assigned ${had}`);
  }
  if (seen.enterpriseVoice !== applied.enterpriseVoice) drift.push(`${who}: Enterprise Voice is ${seen.enterpriseVoice ? "on" : "off"}, ucflow set it ${applied.enterpriseVoice ? "on" : "off"}`);
  const types = [...new Set([...Object.keys(applied.policies), ...Object.keys(seen.policies)])].sort();
  for (const type of types) {
    const want = (applied.policies as Record<string, string | undefined>)[type];
    const got = (seen.policies as Record<string, string | undefined>)[type];
    if (want === got) continue;
    if (got === undefined) drift.push(`${who}: ${type} ${want} is no longer granted`);
    else if (want === undefined) drift.push(`${who}: ${type} is ${got}, granted by ucflow before and no longer given`);
    else drift.push(`${who}: ${type} is ${got}, ucflow granted ${want}`);
  }
  const inGroups = new Set((seen.groups ?? []).map((g) => g.toLowerCase()));
  const wantGroups = new Set((applied.groups ?? []).map((g) => g.toLowerCase()));
  const ofRole = applied.role ? ` of role ${applied.role}` : "";
  for (const group of wantGroups) if (!inGroups.has(group)) drift.push(`${who}: not in group ${groupName(group)}${ofRole}`);
  for (const group of inGroups) if (!wantGroups.has(group)) drift.push(`${who}: is in group ${groupName(group)}, which ucflow added before and no longer gives`);
  return drift;
}
