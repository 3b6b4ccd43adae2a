// Number allocation: which directory number or DID each subscriber gets. Unlike a VOSS number
// inventory, which only knows what it assigned itself, the plan is checked against what the
// platform actually holds, so a number someone assigned by hand is never handed out twice.
import { compareIds } from "./identifiers";
import { duplicatesOf, formatCount, plural, show } from "./messages";

/** E.164 (`+` then 8 to 15 digits) or an internal extension (digits only). */
export type NumberKind = "e164" | "extension";

/** A block of consecutive numbers of one kind, for one site or (no site) the whole customer. */
export interface NumberRange {
  /** First number, e.g. `+14155550100` or `4100`. */
  readonly start: string;
  /** Last number, inclusive; same kind and number of digits as `start`. */
  readonly end: string;
  /** The site code the range serves. @default - the range serves every site of the customer */
  readonly site?: string;
}

/** A number recently freed, held back until `until` so callers of its old owner do not reach a new one. */
export interface CoolingNumber {
  readonly number: string;
  /** ISO 8601 date (`2026-03-01`, read as UTC midnight) or date-time with a zone (`2026-03-01T12:00:00Z`). */
  readonly until: string;
}

export interface NumberInventory {
  readonly ranges: readonly NumberRange[];
  /** Numbers never allocated automatically; they may still be pinned. @default [] */
  readonly reserved?: readonly string[];
  /** @default [] */
  readonly cooling?: readonly CoolingNumber[];
}

/** One subscriber that needs a number. */
export interface NumberRequest {
  readonly subscriberId: string;
  /** The subscriber's site code. */
  readonly site: string;
  /** The number the subscriber has now (from state or the platform); kept while still valid. */
  readonly current?: string;
  /** A number chosen by hand; it must be in the site's or the customer-wide ranges. */
  readonly pinned?: string;
}

export interface AllocateNumbersArgs {
  readonly inventory: NumberInventory;
  readonly requests: readonly NumberRequest[];
  /**
   * Numbers assigned on the platform now, to the id of their owner (same id space as
   * `subscriberId`). Keys are written as in the inventory (`+14155550100`, `4100`); normalise
   * platform forms such as `tel:+14155550100` first, as other keys are ignored. @default - none
   */
  readonly usedOnPlatform?: ReadonlyMap<string, string>;
  /** The time cooling is compared with. */
  readonly now: Date;
  /** Which kind of number to allocate; ranges of the other kind are ignored. @default "e164" */
  readonly kind?: NumberKind;
  /** The customer's site codes; when given, a range for another site is a problem. */
  readonly sites?: readonly string[];
}

/** How a subscriber's number was chosen. */
export type AllocationSource = "pinned" | "current" | "platform" | "allocated";

export interface NumberAllocation {
  readonly subscriberId: string;
  readonly site: string;
  readonly number: string;
  /**
   * `pinned`; `current` (kept); `platform` (kept: the platform shows the subscriber already holds
   * it, though it was not given as current); `allocated` (the lowest free number).
   */
  readonly source: AllocationSource;
  /** The current number the subscriber loses, and why, for the reviewer of the plan. */
  readonly replaced?: { readonly number: string; readonly reason: string };
}

export interface NumberPlan {
  /** One per subscriber that got a number, sorted by subscriber id. */
  readonly allocations: readonly NumberAllocation[];
  /** Invalid inventory or requests, conflicts and exhausted sites; throw them once (throwIfProblems). */
  readonly problems: readonly string[];
}

/** A range may hold at most this many numbers; larger ones are almost always a typo in start or end. */
export const MAX_RANGE_SIZE = 100_000;

const E164 = /^\+[1-9]\d{7,14}$/;
const EXTENSION = /^\d{1,15}$/;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2}))?$/;
const KIND_NAME: Record<NumberKind, string> = { e164: "E.164 number", extension: "internal extension" };

/** A number as kind, digit count and value; 15 digits stay below 2^53, so a double holds it exactly. */
export interface ParsedNumber {
  readonly kind: NumberKind;
  readonly width: number;
  readonly value: number;
}

/** Parses an E.164 number or an extension; undefined when it is neither. */
export function parseNumber(text: string): ParsedNumber | undefined {
  if (typeof text !== "string") return undefined;
  if (E164.test(text)) return { kind: "e164", width: text.length - 1, value: Number(text.slice(1)) };
  if (EXTENSION.test(text)) return { kind: "extension", width: text.length, value: Number(text) };
  return undefined;
}

/** The number's text: `+` and the digits for E.164, the zero-padded digits for an extension. */
export function formatNumber(n: ParsedNumber): string {
  const digits = String(n.value).padStart(n.width, "0");
  return n.kind === "e164" ? `+${digits}` : digits;
}

function notANumber(text: unknown): string {
  return `${show(text)} is neither an E.164 number (+ then 8 to 15 digits, not starting with 0, e.g. +14155550100) nor an internal extension (1 to 15 digits, e.g. 4100)`;
}

interface Range {
  readonly index: number;
  readonly kind: NumberKind;
  readonly width: number;
  readonly lo: number;
  readonly hi: number;
  readonly site: string | undefined;
}

/** Every problem with the inventory: malformed numbers and dates, mixed or reversed or oversized ranges, overlaps. */
export function validateNumberInventory(inventory: NumberInventory, sites?: readonly string[]): string[] {
  return checkInventory(inventory, sites).problems;
}

function checkInventory(inventory: NumberInventory, sites: readonly string[] | undefined): { ranges: Range[]; problems: string[] } {
  const problems: string[] = [];
  const ranges: Range[] = [];
  inventory.ranges.forEach((r, index) => {
    const at = `ranges[${index}]`;
    const start = parseNumber(r.start);
    const end = parseNumber(r.end);
    if (start === undefined) problems.push(`${at}.start: ${notANumber(r.start)}`);
    if (end === undefined) problems.push(`${at}.end: ${notANumber(r.end)}`);
    if (r.site !== undefined && (typeof r.site !== "string" || r.site === "")) {
      problems.push(`${at}.site: is empty; give a site code, or leave site out for a customer-wide range`);
    } else if (r.site !== undefined && sites !== undefined && !sites.includes(r.site)) {
      problems.push(`${at}.site: ${show(r.site)} is not a site; the sites are ${sites.join(", ")}`);
    }
    if (start === undefined || end === undefined) return;
    if (start.kind !== end.kind) {
      problems.push(`${at}: start ${show(r.start)} is an ${KIND_NAME[start.kind]} but end ${show(r.end)} is an ${KIND_NAME[end.kind]}; a range holds numbers of one kind`);
    } else if (start.width !== end.width) {
      problems.push(`${at}: start ${show(r.start)} has ${start.width} digits but end ${show(r.end)} has ${end.width}; start and end must have the same number of digits`);
    } else if (start.value > end.value) {
      problems.push(`${at}: start ${show(r.start)} is after end ${show(r.end)}; swap them`);
    } else if (end.value - start.value + 1 > MAX_RANGE_SIZE) {
      problems.push(`${at}: ${show(r.start)} to ${show(r.end)} holds ${formatCount(end.value - start.value + 1)} numbers; a range may hold at most ${formatCount(MAX_RANGE_SIZE)}, so split it or check start and end`);
    } else {
      ranges.push({ index, kind: start.kind, width: start.width, lo: start.value, hi: end.value, site: r.site });
    }
  });
  problems.push(...overlaps(ranges));
  // A reserved number outside every range reserves nothing: most often a typo of one inside.
  const inSomeRange = (n: ParsedNumber) => ranges.some((r) => r.kind === n.kind && r.width === n.width && n.value >= r.lo && n.value <= r.hi);
  const rangesCheckable = problems.length === 0;
  (inventory.reserved ?? []).forEach((n, i) => {
    const parsed = parseNumber(n);
    if (parsed === undefined) problems.push(`reserved[${i}]: ${notANumber(n)}`);
    else if (rangesCheckable && !inSomeRange(parsed)) {
      problems.push(`reserved[${i}]: ${show(n)} is in none of the ranges, so reserving it keeps nothing from being handed out; correct the number, or leave it out`);
    }
  });
  (inventory.cooling ?? []).forEach((c, i) => {
    if (parseNumber(c.number) === undefined) problems.push(`cooling[${i}].number: ${notANumber(c.number)}`);
    if (parseDate(c.until) === undefined) {
      problems.push(`cooling[${i}].until: ${show(c.until)} is not an ISO 8601 date such as "2026-03-01" or "2026-03-01T00:00:00Z"`);
    }
  });
  return { ranges, problems };
}

function parseDate(text: string): number | undefined {
  if (typeof text !== "string" || !ISO_DATE.test(text)) return undefined;
  const time = Date.parse(text);
  return Number.isFinite(time) ? time : undefined;
}

/** Sweeps the ranges in order; each range that starts before the furthest end so far overlaps that range. */
function overlaps(ranges: readonly Range[]): string[] {
  const sorted = [...ranges].sort((a, b) => compareIds(a.kind, b.kind) || a.width - b.width || a.lo - b.lo || a.index - b.index);
  const problems: string[] = [];
  let furthest: Range | undefined;
  for (const r of sorted) {
    if (furthest !== undefined && furthest.kind === r.kind && furthest.width === r.width && r.lo <= furthest.hi) {
      const [first, second] = furthest.index < r.index ? [furthest, r] : [r, furthest];
      const from = formatNumber({ ...r, value: r.lo });
      const to = formatNumber({ ...r, value: Math.min(r.hi, furthest.hi) });
      problems.push(`ranges[${second.index}] (${describeRange(second)}) overlaps ranges[${first.index}] (${describeRange(first)}) from ${from} to ${to}; a number may be in one range only`);
    }
    if (furthest === undefined || furthest.kind !== r.kind || furthest.width !== r.width || r.hi > furthest.hi) furthest = r;
  }
  return problems;
}

function describeRange(r: Range): string {
  return `${formatNumber({ ...r, value: r.lo })} to ${formatNumber({ ...r, value: r.hi })}`;
}

/**
 * Gives every request a number, deterministically: requests are handled in order of subscriber
 * id, in three passes, so that no request's position changes the result.
 *
 * 1. Pinned numbers. A pinned number must lie in a range of the subscriber's site or a
 *    customer-wide range (so the inventory stays the one record of the customer's numbers), must
 *    not be cooling, used on the platform by someone else, or pinned to another subscriber.
 *    It may be reserved: reserving keeps a number out of automatic allocation, pinning is the
 *    deliberate way to hand it out.
 * 2. Kept numbers. The current number, else the lowest number the platform shows the subscriber
 *    holding, is kept while it lies in a range for the subscriber's site (or customer-wide), is
 *    not used on the platform by someone else and is not pinned to or kept by another subscriber.
 *    Reserved and cooling numbers are kept: they only stop numbers being handed out anew.
 * 3. New numbers. The lowest number of the site's own ranges, then of the customer-wide ranges,
 *    that is not used on the platform, reserved, cooling (until after `now`) or already
 *    allocated in this plan. A site short of numbers is one problem saying how many it lacks.
 */
export function allocateNumbers(args: AllocateNumbersArgs): NumberPlan {
  const kind = args.kind ?? "e164";
  const { ranges: allRanges, problems } = checkInventory(args.inventory, args.sites);
  problems.push(...checkRequests(args.requests, kind));
  const now = args.now.getTime();
  if (!Number.isFinite(now)) problems.push("now: is not a valid date");
  if (problems.length > 0) return { allocations: [], problems };

  const ranges = allRanges.filter((r) => r.kind === kind).sort((a, b) => a.width - b.width || a.lo - b.lo);
  const canonical = (text: string | undefined) => {
    const parsed = text === undefined ? undefined : parseNumber(text);
    return parsed === undefined ? undefined : formatNumber(parsed);
  };
  const platformOwner = new Map<string, string>();
  const platformNumbers = new Map<string, string[]>();
  for (const [number, owner] of args.usedOnPlatform ?? []) {
    const n = canonical(number);
    if (n === undefined) continue;
    platformOwner.set(n, owner);
    platformNumbers.set(owner, [...(platformNumbers.get(owner) ?? []), n]);
  }
  const reserved = new Set((args.inventory.reserved ?? []).map((n) => canonical(n) as string));
  const cooling = new Map<string, string>();
  for (const c of args.inventory.cooling ?? []) {
    if ((parseDate(c.until) as number) > now) cooling.set(canonical(c.number) as string, c.until);
  }

  const requests = [...args.requests].sort((a, b) => compareIds(a.subscriberId, b.subscriberId));
  const holder = new Map<string, { subscriberId: string; source: AllocationSource }>();
  const result = new Map<string, NumberAllocation>();
  const allocate = (request: NumberRequest, number: string, source: AllocationSource, replaced?: NumberAllocation["replaced"]) => {
    holder.set(number, { subscriberId: request.subscriberId, source });
    result.set(request.subscriberId, { subscriberId: request.subscriberId, site: request.site, number, source, ...(replaced ? { replaced } : {}) });
  };
  const rangeFor = (number: string, site: string) => {
    const n = parseNumber(number) as ParsedNumber;
    const containing = ranges.find((r) => r.width === n.width && r.lo <= n.value && n.value <= r.hi);
    return { containing, usable: containing !== undefined && (containing.site === undefined || containing.site === site) };
  };
  const notInSite = (number: string, site: string) => {
    const { containing } = rangeFor(number, site);
    return containing === undefined
      ? `${number} is not in a range of site ${site} or a customer-wide range`
      : `${number} is in ranges[${containing.index}], which belongs to site ${containing.site}`;
  };
  const usedByOther = (number: string, subscriberId: string) => {
    const owner = platformOwner.get(number);
    return owner !== undefined && owner !== subscriberId ? owner : undefined;
  };

  // 1. Pinned numbers.
  for (const request of requests) {
    if (request.pinned === undefined) continue;
    const pinned = canonical(request.pinned) as string;
    const who = `subscriber ${request.subscriberId} at site ${request.site}`;
    const owner = usedByOther(pinned, request.subscriberId);
    const other = holder.get(pinned);
    if (!rangeFor(pinned, request.site).usable) {
      problems.push(`${who}: pinned number ${notInSite(pinned, request.site)}; add it to the inventory for the site, or pin a number from the site's ranges`);
    } else if (cooling.has(pinned)) {
      problems.push(`${who}: pinned number ${pinned} is cooling until ${cooling.get(pinned)}; pin another number, or take it out of cooling`);
    } else if (owner !== undefined) {
      problems.push(`${who}: pinned number ${pinned} is in use on the platform by ${owner}; free it there first, or pin another number`);
    } else if (other !== undefined) {
      problems.push(`${who}: pinned number ${pinned} is also pinned to subscriber ${other.subscriberId}; a number can be pinned to one subscriber only`);
    } else {
      const current = canonical(request.current);
      allocate(request, pinned, "pinned", request.current !== undefined && current !== pinned ? { number: request.current, reason: `replaced by the pinned number ${pinned}` } : undefined);
    }
  }

  // 2. Current numbers, then numbers the platform shows the subscriber holding.
  const whyNotKept = (number: string, request: NumberRequest): string | undefined => {
    const parsed = parseNumber(number) as ParsedNumber;
    if (parsed.kind !== kind) return `${number} is an ${KIND_NAME[parsed.kind]}, not an ${KIND_NAME[kind]}`;
    if (!rangeFor(number, request.site).usable) return notInSite(number, request.site);
    const owner = usedByOther(number, request.subscriberId);
    if (owner !== undefined) return `${number} is in use on the platform by ${owner}`;
    const other = holder.get(number);
    if (other === undefined) return undefined;
    return other.source === "pinned" ? `${number} is pinned to subscriber ${other.subscriberId}` : `${number} is kept by subscriber ${other.subscriberId}, who also holds it`;
  };
  const replacedCurrent = new Map<string, NumberAllocation["replaced"]>();
  for (const request of requests) {
    if (request.pinned !== undefined) continue;
    const current = canonical(request.current);
    const own = (platformNumbers.get(request.subscriberId) ?? []).filter((n) => n !== current && parseNumber(n)?.kind === kind).sort(compareNumbers);
    const candidates = [
      ...(current !== undefined ? [{ number: current, source: "current" as const }] : []),
      ...own.map((number) => ({ number, source: "platform" as const })),
    ];
    const kept = candidates.find(({ number }) => whyNotKept(number, request) === undefined);
    const replaced =
      request.current === undefined || (kept !== undefined && kept.number === current)
        ? undefined
        : { number: request.current, reason: current === undefined ? notANumber(request.current) : (whyNotKept(current, request) as string) };
    if (kept !== undefined) allocate(request, kept.number, kept.source, replaced);
    else if (replaced !== undefined) replacedCurrent.set(request.subscriberId, replaced);
  }

  // 3. The lowest free number: the site's ranges first, then the customer-wide ones.
  const cursor = new Map<Range, number>();
  const shortBySite = new Map<string, number>();
  const isFree = (number: string) => !holder.has(number) && !platformOwner.has(number) && !reserved.has(number) && !cooling.has(number);
  const nextFree = (range: Range): string | undefined => {
    for (let value = cursor.get(range) ?? range.lo; value <= range.hi; value++) {
      const number = formatNumber({ kind: range.kind, width: range.width, value });
      if (isFree(number)) {
        cursor.set(range, value + 1);
        return number;
      }
    }
    cursor.set(range, range.hi + 1);
    return undefined;
  };
  for (const request of requests) {
    if (request.pinned !== undefined || result.has(request.subscriberId)) continue;
    const pools = [...ranges.filter((r) => r.site === request.site), ...ranges.filter((r) => r.site === undefined)];
    let number: string | undefined;
    for (const range of pools) if ((number = nextFree(range)) !== undefined) break;
    if (number === undefined) shortBySite.set(request.site, (shortBySite.get(request.site) ?? 0) + 1);
    else allocate(request, number, "allocated", replacedCurrent.get(request.subscriberId));
  }
  for (const [site, short] of [...shortBySite].sort(([a], [b]) => compareIds(a, b))) {
    const hasRanges = ranges.some((r) => r.site === site || r.site === undefined);
    problems.push(
      hasRanges
        ? `ranges (site ${site}): the site needs ${plural(short, `more ${KIND_NAME[kind]}`)} than its ranges and the customer-wide ranges have free; add a range for the site or free some numbers`
        : `ranges (site ${site}): the site has no ${KIND_NAME[kind]} range and there is no customer-wide one, but ${plural(short, "subscriber")} there ${short === 1 ? "needs" : "need"} a number; add a range for the site`,
    );
  }
  return { allocations: [...result.values()].sort((a, b) => compareIds(a.subscriberId, b.subscriberId)), problems };
}

/** Orders numbers by digit count, then value (the order "lowest number" means everywhere here). */
export function compareNumbers(a: string, b: string): number {
  const x = parseNumber(a) as ParsedNumber;
  const y = parseNumber(b) as ParsedNumber;
  return x.width - y.width || x.value - y.value;
}

function checkRequests(requests: readonly NumberRequest[], kind: NumberKind): string[] {
  const problems: string[] = [];
  requests.forEach((r, i) => {
    if (typeof r.subscriberId !== "string" || r.subscriberId === "") problems.push(`requests[${i}].subscriberId: is empty; give the subscriber's id`);
    if (typeof r.site !== "string" || r.site === "") problems.push(`requests[${i}].site: is empty; give the subscriber's site code`);
    if (r.pinned === undefined) return;
    const pinned = parseNumber(r.pinned);
    const who = `subscriber ${r.subscriberId}`;
    if (pinned === undefined) problems.push(`${who}: pinned number ${notANumber(r.pinned)}`);
    else if (pinned.kind !== kind) problems.push(`${who}: pinned number ${r.pinned} is an ${KIND_NAME[pinned.kind]}, but this plan allocates ${KIND_NAME[kind]}s`);
  });
  for (const id of duplicatesOf(requests.map((r) => r.subscriberId))) {
    problems.push(`requests: subscriber ${show(id)} is listed more than once; each subscriber needs one request`);
  }
  return problems;
}
