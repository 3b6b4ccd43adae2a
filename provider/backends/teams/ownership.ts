// How ucflow marks the Teams objects it creates for a customer, so that a later run can tell
// its own leftovers (a killed run's creates) from objects someone else made. Pure.
//
// The mark ends the object's Description: `[ucflow:<customer>]`, or `[ucflow:<customer>/<site>]`
// on a site's emergency location, after the description's own text and a space:
//   "Chicago site dial plan [ucflow:Cu1]"   "Cu1Si1 Chicago [ucflow:Cu1/Cu1Si1]"   "[ucflow:Cu1]"
// Tenant dial plans, voice routes, voice routing policies, calling policies and emergency
// locations carry it. PSTN usages are bare names in the tenant's one usage list and carry
// nothing; see pstnUsageOwnership.

/** Whose an object is: a customer, and for an emergency location the customer's site. */
export interface UcflowOwner {
  readonly customer: string;
  readonly site?: string;
}

// Customer and site codes are letters and digits (provider/resources/codecs.ts).
const MARK = /(?:^|\s)\[ucflow:([A-Za-z][A-Za-z0-9]*)(?:\/([A-Za-z][A-Za-z0-9]*))?\]$/;

/** `[ucflow:Cu1]` or `[ucflow:Cu1/Cu1Si1]`. */
export function ownerMark(owner: UcflowOwner): string {
  return `[ucflow:${owner.customer}${owner.site === undefined ? "" : `/${owner.site}`}]`;
}

/** `text` with `owner`'s mark at its end: what ucflow writes as the Description. */
export function markedDescription(text: string | undefined, owner: UcflowOwner): string {
  const own = unmarkedDescription(text);
  return own === "" ? ownerMark(owner) : `${own} ${ownerMark(owner)}`;
}

/** The owner a Description's mark names, or undefined when it carries no mark. */
export function descriptionOwner(description: unknown): UcflowOwner | undefined {
  if (typeof description !== "string") return undefined;
  const match = MARK.exec(description.trimEnd());
  if (!match) return undefined;
  return { customer: match[1] as string, ...(match[2] === undefined ? {} : { site: match[2] }) };
}

/** A Description without its mark: the text a user gave. */
export function unmarkedDescription(description: unknown): string {
  if (typeof description !== "string") return "";
  return description.trimEnd().replace(MARK, "").trimEnd();
}

/**
 * Whether an object with this Description is ucflow's for `owner`: marked, for the same
 * customer (and site), compared exactly as ucflow writes them.
 */
export function isMarkedFor(description: unknown, owner: UcflowOwner): boolean {
  const found = descriptionOwner(description);
  return found !== undefined && found.customer === owner.customer && found.site === owner.site;
}

/**
 * Why an object with this Description is not ucflow's for `owner`, for messages: "it is marked
 * [ucflow:Cu2]" or "its Description does not end in [ucflow:Cu1]". Undefined when it is.
 */
export function notOwnedReason(description: unknown, owner: UcflowOwner): string | undefined {
  if (isMarkedFor(description, owner)) return undefined;
  const found = descriptionOwner(description);
  return found === undefined ? `its Description does not end in ${ownerMark(owner)}` : `it is marked ${ownerMark(found)}, not ${ownerMark(owner)}`;
}

/** An object that lists PSTN usages (a voice route or a voice routing policy). */
export interface UsageListing {
  /** "voice route Cu1-Std-national", for messages. */
  readonly what: string;
  readonly description?: string;
  readonly usages: readonly string[];
}

/**
 * Whether the PSTN usage `usage` is ucflow's for `owner`. A usage has no Description, and the
 * only thing it does is to be listed by voice routes and voice routing policies, so it is taken
 * as ucflow's when every one of those that lists it is marked for the same customer; a usage
 * nothing lists holds no settings, and is taken as ucflow's too. Returns the objects that make it
 * someone else's (empty when it is ucflow's). Names compare ignoring case, as Teams does.
 */
export function pstnUsageOwnership(usage: string, listings: readonly UsageListing[], owner: UcflowOwner): readonly UsageListing[] {
  const name = usage.toLowerCase();
  return listings.filter((l) => l.usages.some((u) => u.toLowerCase() === name) && !isMarkedFor(l.description, owner));
}
