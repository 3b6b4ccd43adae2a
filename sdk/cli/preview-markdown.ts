// The PR comment of `ucflow preview --markdown`, rendered from what `pulumi preview --json`
// prints. Dynamic providers give the engine no detailed diff of their own, so the review is
// built here from each step's old and new inputs: subscriber sets are diffed entry by entry
// (keyed by immutable id), other ucflow objects field by field. Pure: no I/O, same digest in,
// same text out, whatever the order of the steps.

/** One side of a step as the engine prints it (old state, or the new inputs the program gave). */
export interface StepState {
  readonly type?: string;
  readonly inputs?: Readonly<Record<string, unknown>>;
  readonly outputs?: Readonly<Record<string, unknown>>;
}

/** A step of `pulumi preview --json` (`op` is create, update, delete, replace, same, ...). */
export interface PreviewStep {
  readonly op: string;
  readonly urn: string;
  readonly oldState?: StepState | null;
  readonly newState?: StepState | null;
}

export interface PreviewDiagnostic {
  readonly message: string;
  readonly severity: string;
  readonly urn?: string;
}

/** The single JSON document `pulumi preview --json` prints (Pulumi v3). */
export interface PreviewDigest {
  readonly steps?: readonly PreviewStep[] | null;
  readonly changeSummary?: Readonly<Record<string, number>> | null;
  readonly diagnostics?: readonly PreviewDiagnostic[] | null;
}

/**
 * One line of an engine event stream (`pulumi up --json`, `--event-log`), for callers that have
 * events rather than the preview digest: steps come from `resourcePreEvent`, diagnostics from
 * `diagnosticEvent`, counts from `summaryEvent`.
 */
export interface EngineEvent {
  readonly resourcePreEvent?: { readonly metadata: { readonly op: string; readonly urn: string; readonly old?: StepState | null; readonly new?: StepState | null } };
  readonly diagnosticEvent?: PreviewDiagnostic;
  readonly summaryEvent?: { readonly resourceChanges?: Readonly<Record<string, number>> };
}

export interface PreviewMarkdownOptions {
  /** The most characters the text may have. @default 65,536 (GitHub's limit for a comment) */
  readonly maxChars?: number;
}

export interface PreviewMarkdownInput {
  readonly stack: string;
  readonly events: PreviewDigest | readonly EngineEvent[];
  readonly options?: PreviewMarkdownOptions;
}

export const GITHUB_COMMENT_LIMIT = 65_536;

/** Pulumi's signature key of a secret value in JSON output, and its value. */
const SECRET_SIG_KEY = "4dabf18193072939515e22adb298388d";
const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";
/** The value of an output not known until apply. */
const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
const SECRET_NAME = /password|passphrase|secret|token|credential|key/i;
export const MASKED = "[secret]";

/** A copy of `value` with every secret and every field named like one replaced by `[secret]`. */
export function maskSecrets(value: unknown, name?: string): unknown {
  return replaceSecrets(value, name, () => MASKED);
}

function replaceSecrets(value: unknown, name: string | undefined, replace: (secret: unknown) => unknown): unknown {
  if (name !== undefined && SECRET_NAME.test(name)) return replace(value);
  if (Array.isArray(value)) return value.map((v) => replaceSecrets(v, undefined, replace));
  if (value && typeof value === "object") {
    const record = value as Record<string, unknown>;
    if (record[SECRET_SIG_KEY] === SECRET_SIG) return replace(value);
    return Object.fromEntries(Object.keys(record).sort().map((k) => [k, replaceSecrets(record[k], k, replace)]));
  }
  return value;
}

/**
 * A value in two forms: `shown` with secrets masked (the only form ever printed) and `compared`
 * with each secret kept whole at the same place, so a changed secret is noticed without being shown.
 */
function masked(value: unknown): { shown: unknown; compared: unknown } {
  return { shown: maskSecrets(value), compared: replaceSecrets(value, undefined, (v) => `\u0000secret ${JSON.stringify(v)}`) };
}

/** `field: old → new` for each field whose compared value differs; a secret that changed reads `[secret] (changed)`. */
function fieldChanges(
  shownBefore: ReadonlyMap<string, string>,
  shownAfter: ReadonlyMap<string, string>,
  comparedBefore: ReadonlyMap<string, string>,
  comparedAfter: ReadonlyMap<string, string>,
  keys: readonly string[],
  /** The shown values themselves, where lists are told as what they gain and lose. */
  values?: { readonly before: ReadonlyMap<string, unknown>; readonly after: ReadonlyMap<string, unknown> },
): string[] {
  const lines: string[] = [];
  for (const k of keys) {
    if (comparedBefore.get(k) === comparedAfter.get(k)) continue;
    const o = shownBefore.get(k);
    const n = shownAfter.get(k);
    const ov = values?.before.get(k);
    const nv = values?.after.get(k);
    const list = Array.isArray(ov) && Array.isArray(nv) ? listChange(ov, nv) : undefined;
    lines.push(o === n ? `${k}: ${n} (changed)` : list ? `${k}: ${list}` : `${k}: ${o ?? "(none)"} → ${n ?? "(none)"}`);
  }
  return lines;
}

/** What a list gains and loses ("added a, b; removed c"), the first few of each, or "reordered". */
function listChange(before: readonly unknown[], after: readonly unknown[]): string {
  const key = (v: unknown) => JSON.stringify(v);
  const had = new Set(before.map(key));
  const has = new Set(after.map(key));
  const some = (items: readonly unknown[]) => {
    const shown = items.slice(0, 3).map((v) => show(v)).join(", ");
    return items.length > 3 ? `${shown} and ${items.length - 3} more` : shown;
  };
  const added = after.filter((v) => !had.has(key(v)));
  const removed = before.filter((v) => !has.has(key(v)));
  if (added.length === 0 && removed.length === 0) return "reordered";
  return [added.length ? `added ${some(added)}` : "", removed.length ? `removed ${some(removed)}` : ""].filter(Boolean).join("; ");
}

const PLATFORM_NAMES: Readonly<Record<string, string>> = { teams: "Teams", cucm: "Unified CM" };

/** Creates, updates, deletes and replaces, as the engine counts them. */
interface Counts {
  readonly add: number;
  readonly update: number;
  readonly delete: number;
  readonly replace: number;
  readonly same: number;
}

type SubscriberChangeKind = "add" | "move" | "update" | "remove";

interface SubscriberChange {
  readonly kind: SubscriberChangeKind;
  readonly id: string;
  readonly name: string;
  readonly platform: string;
  /** The site the subscriber is at after the change (before it, for a removal). */
  readonly site: string;
  readonly oldSite?: string;
  readonly profile: string;
  /** Field name → value as the reviewer reads it (ordered), each side. */
  readonly before?: ReadonlyMap<string, string>;
  readonly after?: ReadonlyMap<string, string>;
  /** What changes, for an update or a move. */
  readonly changes?: readonly string[];
  /** An add at a site whose definition adopts: a user who already has the services is adopted, not provisioned again. */
  readonly adopting?: boolean;
}

interface ObjectChange {
  readonly op: string;
  readonly kind: string;
  readonly name: string;
  /** `field: old → new` (or `field: value` for a create) lines. */
  readonly fields: readonly string[];
  /** A create with `adoption.existing: adopt`: an existing object under the same key is adopted instead. */
  readonly adopting?: boolean;
}

interface Normalized {
  readonly steps: readonly PreviewStep[];
  readonly diagnostics: readonly PreviewDiagnostic[];
  readonly summary?: Readonly<Record<string, number>>;
}

function normalize(events: PreviewDigest | readonly EngineEvent[]): Normalized {
  if (!Array.isArray(events)) {
    const digest = events as PreviewDigest;
    return { steps: digest.steps ?? [], diagnostics: digest.diagnostics ?? [], summary: digest.changeSummary ?? undefined };
  }
  const steps: PreviewStep[] = [];
  const diagnostics: PreviewDiagnostic[] = [];
  let summary: Readonly<Record<string, number>> | undefined;
  for (const e of events as readonly EngineEvent[]) {
    if (e.resourcePreEvent) {
      const m = e.resourcePreEvent.metadata;
      steps.push({ op: m.op, urn: m.urn, oldState: m.old, newState: m.new });
    } else if (e.diagnosticEvent && e.diagnosticEvent.severity !== "debug") diagnostics.push(e.diagnosticEvent);
    else if (e.summaryEvent) summary = e.summaryEvent.resourceChanges;
  }
  return { steps, diagnostics, summary };
}

/** The ucflow kind of a step (`SubscriberSet`, `DialPlan`), or undefined for components, providers and the stack. */
function ucflowKind(urn: string): string | undefined {
  const type = urn.split("::")[2] ?? "";
  const last = type.split("$").pop() ?? "";
  const m = /(?:^|\/)ucflow:([A-Za-z][A-Za-z0-9]*)$/.exec(last);
  return m ? m[1] : undefined;
}

function nameOf(urn: string): string {
  return urn.slice(urn.lastIndexOf("::") + 2);
}

const REPLACE_OPS = new Set(["replace", "create-replacement", "delete-replaced", "discard-replaced"]);

function countOf(n: Normalized): Counts {
  const s = n.summary ?? n.steps.reduce<Record<string, number>>((acc, st) => ({ ...acc, [st.op]: (acc[st.op] ?? 0) + 1 }), {});
  return { add: (s.create ?? 0) + (s.import ?? 0), update: s.update ?? 0, delete: s.delete ?? 0, replace: s.replace ?? 0, same: s.same ?? 0 };
}

function sideOf(state: StepState | null | undefined): Readonly<Record<string, unknown>> | undefined {
  return state ? (state.inputs ?? state.outputs) : undefined;
}

const showValue = (value: unknown, exact = false): string => show(value, exact);

/** A value as one short piece of text; `exact` (for comparing, never printed) keeps it whole. */
function show(value: unknown, exact = false): string {
  if (value === UNKNOWN) return "(known after apply)";
  if (value === undefined || value === null) return "(none)";
  if (typeof value === "string") return value === "" ? '""' : value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  const text = JSON.stringify(value);
  return !exact && text.length > 200 ? `${text.slice(0, 197)}...` : text;
}

/** Markdown-safe inline text: table pipes and backticks cannot break the layout. */
function inline(text: string): string {
  return text.replace(/\|/g, "\\|").replace(/`/g, "'").replace(/\r?\n/g, " ");
}

/** Inline text outside code spans: also no raw HTML (GitHub would hide `<name>`). */
function prose(text: string): string {
  return inline(text).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/**
 * The reason in a check failure, without the engine's wrapping ("<type> resource '<name>':
 * property <p> value {<the whole value>} has a problem: <reason>"): the resource is named
 * beside it, and the value can be thousands of ids.
 */
function reasonOf(message: string): string {
  const m = /^\S+ resource '[^']*': property (\S+) value [\s\S]*? has a problem: ([\s\S]*)$/.exec(message);
  return m ? `${m[1]}: ${m[2]}` : message;
}

function record(v: unknown): Record<string, unknown> {
  return v && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
}

/** The fields of a subscriber entry a reviewer knows, in reading order, then anything else. */
function subscriberView(platform: string, entry: Record<string, unknown>, exact = false): Map<string, string> {
  const view = new Map<string, string>();
  const show = (v: unknown) => showValue(v, exact);
  const put = (k: string, v: unknown) => {
    if (v !== undefined) view.set(k, show(v));
  };
  const known = new Set<string>();
  const take = (...keys: string[]) => keys.forEach((k) => known.add(k));
  put("site", entry.site);
  put("profile", entry.profile);
  take("site", "profile");
  if (platform === "cucm") {
    put("extension", entry.extension);
    put("did", entry.did);
    put("class of service", entry.classOfService);
    const services = record(entry.services);
    const on = Object.keys(services).filter((k) => services[k] === true).sort();
    if (entry.services !== undefined) put("services", on.length ? on.join(", ") : "(none)");
    const phone = record(services.phone);
    if (services.phone !== undefined) put("phone", [phone.product, phone.protocol].filter((x) => x !== undefined).map(show).join(" "));
    for (const k of Object.keys(services).filter((k) => typeof services[k] !== "boolean" && k !== "phone").sort()) put(`services.${k}`, services[k]);
    put("mobile", entry.mobile);
    put("role", entry.role);
    if (entry.accessControlGroups !== undefined) put("access control groups", (entry.accessControlGroups as unknown[]).map(show).join(", "));
    take("userid", "extension", "did", "classOfService", "services", "mobile", "role", "accessControlGroups");
  } else {
    const number = record(entry.number);
    if (entry.number !== undefined) put("number", [number.telephoneNumber, number.numberType].filter((x) => x !== undefined).map(show).join(" "));
    if (entry.licenses !== undefined) {
      put("licences", (entry.licenses as unknown[]).map((l) => { const r = record(l); const off = (r.disabledPlans as unknown[] | undefined)?.length ?? 0; return `${show(r.sku)}${off ? ` (${off} plans off)` : ""}`; }).join(", ") || "(none)");
    }
    // One field per policy type, so a diff names the policy that changes.
    const p = record(entry.policies);
    for (const k of Object.keys(p).sort()) put(k, p[k]);
    put("enterprise voice", entry.enterpriseVoice);
    put("usage location", entry.usageLocation);
    put("role", entry.role);
    if (entry.groups !== undefined) put("groups", (entry.groups as unknown[]).map(show).join(", "));
    take("userPrincipalName", "number", "licenses", "policies", "enterpriseVoice", "usageLocation", "role", "groups");
  }
  for (const k of Object.keys(entry).sort()) if (!known.has(k)) put(k, entry[k]);
  return view;
}

function subscriberName(platform: string, entry: Record<string, unknown>, id: string): string {
  const name = platform === "cucm" ? entry.userid : entry.userPrincipalName;
  return typeof name === "string" && name !== "" ? name : id;
}

/** Every subscriber that changes, across all the sets' steps (a subscriber stays in its set: the shard is fixed by id). */
/** The sites a subscriber set's inputs adopt at: Teams sets carry `adoption` by site, Unified CM sets `sites.<code>.adoption`. */
function adoptingSites(side: Readonly<Record<string, unknown>>): Set<string> {
  const sites = new Set<string>();
  for (const [site, adoption] of Object.entries(record(side.adoption))) if (record(adoption).existing === "adopt") sites.add(site);
  for (const [site, options] of Object.entries(record(side.sites))) if (record(record(options).adoption).existing === "adopt") sites.add(site);
  return sites;
}

function subscriberChanges(steps: readonly PreviewStep[]): SubscriberChange[] {
  // Keyed by platform and id: in a hybrid customer one person can be a subscriber on both platforms under the same id.
  type Side = { platform: string; id: string; entry: Record<string, unknown>; compared: Record<string, unknown> };
  const before = new Map<string, Side>();
  const after = new Map<string, Side>();
  const adopting = new Set<string>();
  for (const step of steps) {
    const oldSide = step.op === "create" ? undefined : sideOf(step.oldState);
    const newSide = step.op === "delete" || step.op === "delete-replaced" ? undefined : sideOf(step.newState);
    for (const [side, into] of [[oldSide, before], [newSide, after]] as const) {
      if (!side) continue;
      const platform = typeof side.platform === "string" ? side.platform : "teams";
      const subscribers = record(side.subscribers);
      const sitesAdopting = side === newSide ? adoptingSites(side) : new Set<string>();
      for (const id of Object.keys(subscribers)) {
        const m = masked(subscribers[id]);
        into.set(`${platform}\u0000${id}`, { platform, id, entry: record(m.shown), compared: record(m.compared) });
        if (sitesAdopting.has(show(record(m.shown).site))) adopting.add(`${platform}\u0000${id}`);
      }
    }
  }
  const changes: SubscriberChange[] = [];
  for (const key of new Set([...before.keys(), ...after.keys()])) {
    const b = before.get(key);
    const a = after.get(key);
    const bv = b ? subscriberView(b.platform, b.entry) : undefined;
    const av = a ? subscriberView(a.platform, a.entry) : undefined;
    let fields: string[] | undefined;
    if (b && a) {
      // In the new entry's reading order, then what it no longer has.
      const keys = [...new Set([...av!.keys(), ...bv!.keys()])];
      fields = fieldChanges(bv!, av!, subscriberView(b.platform, b.compared, true), subscriberView(a.platform, a.compared, true), keys);
      if (fields.length === 0) continue;
    }
    const current = (a ?? b)!;
    const id = current.id;
    const site = show(current.entry.site);
    const oldSite = b ? show(b.entry.site) : undefined;
    const kind: SubscriberChangeKind = !b ? "add" : !a ? "remove" : oldSite !== site ? "move" : "update";
    changes.push({
      kind,
      id,
      name: subscriberName(current.platform, current.entry, id),
      platform: PLATFORM_NAMES[current.platform] ?? current.platform,
      site,
      ...(kind === "move" ? { oldSite } : {}),
      profile: show(current.entry.profile),
      ...(bv ? { before: bv } : {}),
      ...(av ? { after: av } : {}),
      ...(fields ? { changes: fields } : {}),
      ...(kind === "add" && adopting.has(key) ? { adopting: true } : {}),
    });
  }
  return changes.sort((x, y) => compare(x.site, y.site) || compare(x.name, y.name) || compare(x.id, y.id));
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Dotted paths to leaf values as text (arrays are leaves: a list reads best whole). */
function flatten(value: unknown, prefix: string, into: Map<string, string>, exact = false): Map<string, string> {
  for (const [k, v] of leaves(value, prefix, new Map())) into.set(k, show(v, exact));
  return into;
}

/** Dotted paths to the leaf values themselves. */
function leaves(value: unknown, prefix: string, into: Map<string, unknown>): Map<string, unknown> {
  const r = value && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  if (r && Object.keys(r).length > 0) {
    for (const k of Object.keys(r).sort()) leaves(r[k], prefix ? `${prefix}.${k}` : k, into);
  } else if (prefix) into.set(prefix, value);
  return into;
}

function objectChanges(steps: readonly PreviewStep[]): ObjectChange[] {
  const changes: ObjectChange[] = [];
  for (const step of steps) {
    const kind = ucflowKind(step.urn);
    if (!kind || kind === "SubscriberSet" || step.op === "same" || step.op === "read") continue;
    const strip = (s: Readonly<Record<string, unknown>> | undefined) => (s ? Object.fromEntries(Object.entries(s).filter(([k]) => !k.startsWith("__"))) : undefined);
    const fieldsOf = (side: Readonly<Record<string, unknown>> | undefined) => {
      const m = masked(strip(side) ?? {});
      return { values: leaves(m.shown, "", new Map()), shown: flatten(m.shown, "", new Map()), compared: flatten(m.compared, "", new Map(), true) };
    };
    const none = { values: new Map<string, unknown>(), shown: new Map<string, string>(), compared: new Map<string, string>() };
    const before = step.op === "create" ? none : fieldsOf(sideOf(step.oldState));
    const after = step.op === "delete" ? none : fieldsOf(sideOf(step.newState));
    const keys = [...new Set([...before.shown.keys(), ...after.shown.keys()])].sort();
    const fields =
      step.op === "delete" ? [] : step.op === "create" ? keys.map((k) => `${k}: ${after.shown.get(k)}`) : fieldChanges(before.shown, after.shown, before.compared, after.compared, keys, { before: before.values, after: after.values });
    const adopting = step.op === "create" && record(sideOf(step.newState)?.adoption).existing === "adopt";
    changes.push({ op: REPLACE_OPS.has(step.op) ? "replace" : step.op, kind, name: nameOf(step.urn), fields, ...(adopting ? { adopting } : {}) });
  }
  // A replacement shows as up to three steps; one line says it.
  const seen = new Set<string>();
  return changes
    .sort((x, y) => compare(x.kind, y.kind) || compare(x.name, y.name) || compare(x.op, y.op) || y.fields.length - x.fields.length)
    .filter((c) => {
      const key = `${c.kind}\u0000${c.name}\u0000${c.op}`;
      if (c.op === "replace" && seen.has(key)) return false;
      seen.add(key);
      return true;
    });
}

const VERB: Readonly<Record<SubscriberChangeKind, string>> = { add: "add", move: "move", update: "update", remove: "remove" };

function subscriberLine(c: SubscriberChange): string {
  const head = `- **${c.adopting ? "add or adopt" : VERB[c.kind]}** \`${inline(c.name)}\` (${c.platform}, ${inline(c.kind === "move" ? `${c.oldSite} → ${c.site}` : c.site)}, ${inline(c.profile)})`;
  let parts: string[];
  if (c.kind === "add") parts = [...c.after!].filter(([k]) => k !== "site" && k !== "profile").map(([k, v]) => `${k}: ${v}`);
  else if (c.kind === "remove") parts = [`loses ${[...c.before!].filter(([k]) => k !== "site" && k !== "profile").map(([k, v]) => `${k}: ${v}`).join("; ")}`];
  else parts = [...c.changes!];
  return `${head}: ${prose(parts.join("; "))}`;
}

function objectLine(c: ObjectChange): string {
  const head = `- **${c.adopting ? "create or adopt" : c.op}** ${c.kind} \`${inline(c.name)}\``;
  return c.fields.length ? `${head}: ${prose(c.fields.join("; "))}` : head;
}

function siteTable(changes: readonly SubscriberChange[]): string[] {
  const rows = new Map<string, { site: string; platform: string; added: number; movedIn: number; movedOut: number; updated: number; removed: number }>();
  const row = (site: string, platform: string) => {
    const key = `${site}\u0000${platform}`;
    if (!rows.has(key)) rows.set(key, { site, platform, added: 0, movedIn: 0, movedOut: 0, updated: 0, removed: 0 });
    return rows.get(key)!;
  };
  for (const c of changes) {
    if (c.kind === "add") row(c.site, c.platform).added++;
    else if (c.kind === "remove") row(c.site, c.platform).removed++;
    else if (c.kind === "update") row(c.site, c.platform).updated++;
    else {
      row(c.site, c.platform).movedIn++;
      row(c.oldSite!, c.platform).movedOut++;
    }
  }
  const sorted = [...rows.values()].sort((a, b) => compare(a.site, b.site) || compare(a.platform, b.platform));
  return [
    "| Site | Platform | Added | Moved in | Moved out | Updated | Removed |",
    "|---|---|--:|--:|--:|--:|--:|",
    ...sorted.map((r) => `| ${inline(r.site)} | ${r.platform} | ${r.added} | ${r.movedIn} | ${r.movedOut} | ${r.updated} | ${r.removed} |`),
  ];
}

/** Warnings of ucflow's resources (the plan's notes, guards) and every error; the CLI's own notices (no resource) are noise here. */
function guardLines(diagnostics: readonly PreviewDiagnostic[]): string[] {
  const lines = diagnostics
    .filter((d) => d.severity === "error" || (d.severity === "warning" && d.urn))
    .map((d) => {
      const text = reasonOf(d.message.trim().replace(/^(error|warning): /, ""));
      const where = d.urn ? ` (${nameOf(d.urn)})` : "";
      return `- ${d.severity === "error" ? "⛔ **refused**" : "⚠️ warning"}${where}: ${prose(text)}`;
    });
  return [...new Set(lines)].sort((a, b) => (a.includes("⛔") === b.includes("⛔") ? compare(a, b) : a.includes("⛔") ? -1 : 1));
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/**
 * The PR comment for one stack's preview: heading, counts, subscriber changes per site and
 * platform, guard results, then each subscriber's and each object's change. Never longer than
 * `maxChars`: past it, the detail sections fold into `<details>` and the subscriber lines (then
 * the object lines) beyond the limit are left out with a note of how many and how to see them.
 */
export function previewMarkdown(input: PreviewMarkdownInput): string {
  const maxChars = input.options?.maxChars ?? GITHUB_COMMENT_LIMIT;
  if (!Number.isInteger(maxChars) || maxChars < 1) throw new Error(`previewMarkdown: maxChars must be a positive whole number of characters, got ${maxChars}`);
  const n = normalize(input.events);
  const counts = countOf(n);
  const subscribers = subscriberChanges(n.steps.filter((s) => ucflowKind(s.urn) === "SubscriberSet"));
  const objects = objectChanges(n.steps);
  const guards = guardLines(n.diagnostics);
  const refused = guards.some((g) => g.includes("⛔"));

  const head: string[] = [`## Stack \`${inline(input.stack)}\``, ""];
  const changed = counts.add + counts.update + counts.delete + counts.replace;
  head.push(
    refused
      ? "**The preview was refused:** nothing will change until the problems below are fixed."
      : changed === 0
        ? `**No changes** (${plural(counts.same, "resource")} unchanged).`
        : `**${counts.add} to add, ${counts.update} to update, ${counts.delete} to delete, ${counts.replace} to replace** (${counts.same} unchanged).`,
    "",
  );
  if (subscribers.length > 0) {
    const by = (k: SubscriberChangeKind) => subscribers.filter((c) => c.kind === k).length;
    head.push(`### Subscribers: ${by("add")} added, ${by("move")} moved, ${by("update")} updated, ${by("remove")} removed`, "", ...siteTable(subscribers), "");
  }
  if (guards.length > 0) head.push("### Guards and notes", "", ...guards, "");
  if (subscribers.some((c) => c.adopting) || objects.some((c) => c.adopting)) {
    head.push(
      "> **Adoption is on.** A line marked *add or adopt* or *create or adopt* takes what the platform already has under that key " +
        "(recorded as adopted, written only where it differs, kept on delete) and creates only what is missing; the preview cannot tell which each line will be.",
      "",
    );
  }

  const subscriberLines = subscribers.map(subscriberLine);
  const objectLines = objects.map(objectLine);
  const sections = (subs: readonly string[], objs: readonly string[], fold: boolean, note: string): string => {
    const out = [...head];
    const section = (title: string, lines: readonly string[]) => {
      if (lines.length === 0) return;
      if (fold) out.push(`<details><summary>${title}</summary>`, "", ...lines, "", "</details>", "");
      else out.push(`### ${title}`, "", ...lines, "");
    };
    section(`Subscriber changes (${subscriberLines.length})`, subs);
    section(`Other changes (${objectLines.length})`, objs);
    if (note) out.push(note, "");
    return out.join("\n");
  };

  const full = sections(subscriberLines, objectLines, false, "");
  if (full.length <= maxChars) return full;
  const folded = sections(subscriberLines, objectLines, true, "");
  if (folded.length <= maxChars) return folded;

  // Keep as many lines as fit, subscribers first, then objects; the note's length is fixed by the counts.
  const noteFor = (subsLeft: number, objsLeft: number) => {
    const what = [subsLeft ? plural(subsLeft, "subscriber change") : "", objsLeft ? plural(objsLeft, "other change") : ""].filter(Boolean).join(" and ");
    return `> **${what} folded** to stay under ${maxChars.toLocaleString("en-US")} characters. See every change with \`pulumi preview --diff --stack ${inline(input.stack)}\`.`;
  };
  const worstNote = noteFor(subscriberLines.length, objectLines.length);
  let budget = maxChars - sections([], [], true, worstNote).length - "<details><summary></summary>\n\n\n\n</details>\n".length * 2 - 80;
  const fit = (lines: readonly string[]) => {
    const kept: string[] = [];
    for (const line of lines) {
      if (line.length + 1 > budget) break;
      budget -= line.length + 1;
      kept.push(line);
    }
    return kept;
  };
  const subs = fit(subscriberLines);
  const objs = subs.length === subscriberLines.length ? fit(objectLines) : [];
  const text = sections(subs, objs, true, noteFor(subscriberLines.length - subs.length, objectLines.length - objs.length));
  if (text.length <= maxChars) return text;
  // The heading and guards alone are too long: cut, and say so.
  const cut = `\n\n> Cut at ${maxChars} characters; see \`pulumi preview --diff\`.\n`;
  return maxChars > cut.length ? text.slice(0, maxChars - cut.length) + cut : text.slice(0, maxChars);
}
