// A subscriber set: one resource holding the subscribers of one platform whose ids hash to it.
// An update applies only the subscribers that differ from what was applied (the engine's own
// diff of the `subscribers` map names them), all at once, their calls coalesced by the
// platform's clients (Graph `$batch` on Teams). A subscriber that fails does not stop the
// others: what succeeded is recorded (the engine's partial-state path), each failure is named
// with its backend error, and the next `up` retries only the failed ones. What one platform
// does for one subscriber is its adapter's (platform.ts; teams.ts, cucm.ts).
import { Limiter } from "../../core/concurrency";
import { type Clock, systemClock } from "../../core/clock";
import { canonical, subscriberSetChanges, subscriberSetProblems } from "../../plan";
import { plural } from "../../plan/messages";
import { decodeInputs, type InputProblem } from "../input-validation";
import { type KindDefinition, kindProvider, PartialFailure } from "../kind-provider";
import { cucmSubscribers } from "./cucm";
import { failureMessage, SubscriberFailure, type SubscriberPlatform } from "./platform";
import { teamsSubscriberPlatform } from "./teams";
import { SubscriberSetInputs, type SubscriberPlatformName, type SubscriberSetState } from "./types";

/** Subscribers worked on at once in one provider process, across all sets the engine runs. */
const subscribersAtOnce = new Limiter(256);

/** Failures named in one error message; the rest are counted. */
const LISTED_FAILURES = 20;

type AnyPlatform = SubscriberPlatform<any, any>;
export type SubscriberPlatforms = Readonly<Partial<Record<SubscriberPlatformName, AnyPlatform>>>;

/** The platforms this version of ucflow provisions subscribers on. */
export const SUBSCRIBER_PLATFORMS: SubscriberPlatforms = { teams: teamsSubscriberPlatform, cucm: cucmSubscribers };

export function describeSet(s: { customer: string; set: number; sets: number; platform?: string; cluster?: string }): string {
  const where = s.cluster ? ` on cluster ${s.cluster}` : s.platform === "teams" ? " on Teams" : "";
  return `subscriber set ${s.set} of ${s.sets} of customer ${s.customer}${where}`;
}

/** Rules beyond the codec: the set's own consistency, and each entry in its platform's shape. */
export function validateSubscriberSet(inputs: SubscriberSetInputs, olds: Partial<SubscriberSetInputs> | undefined, platforms: SubscriberPlatforms = SUBSCRIBER_PLATFORMS): InputProblem[] {
  const problems: InputProblem[] = subscriberSetProblems(inputs, olds);
  // A set is never replaced: replacing would deprovision every subscriber in it first.
  for (const key of ["customer", "platform", "set", "cluster"] as const) {
    if (olds?.[key] !== undefined && olds[key] !== inputs[key]) {
      problems.push({ property: key, reason: `was ${JSON.stringify(olds[key])} and cannot change for an existing set; it would deprovision all of its subscribers` });
    }
  }
  const platform = platforms[inputs.platform];
  if (!platform) {
    problems.push({ property: "platform", reason: `ucflow cannot provision subscribers on ${inputs.platform} yet; the platforms are ${Object.keys(platforms).join(", ")}` });
    return problems;
  }
  problems.push(...(platform.setProblems?.(inputs) ?? []));
  if (inputs.platform === "cucm" && inputs.cluster === undefined) problems.push({ property: "cluster", reason: "is required for a Unified CM subscriber set: the cluster its subscribers are on" });
  for (const [id, raw] of Object.entries(inputs.subscribers)) {
    const idProblem = platform.idProblem(id);
    if (idProblem) problems.push({ property: `subscribers.${id}`, reason: idProblem });
    // Entries are computed from the directory, whose values ucflow passes on as the directory has them.
    const decoded = decodeInputs(platform.entry, raw, { controlCharacters: "allow" });
    if (!decoded.ok) {
      problems.push(...decoded.problems.map((p) => ({ property: `subscribers.${id}${p.property ? `.${p.property}` : ""}`, reason: p.reason })));
      continue;
    }
    problems.push(...platform.entryProblems(inputs, id, decoded.value).map((p) => ({ property: `subscribers.${id}${p.property ? `.${p.property}` : ""}`, reason: `${platform.nameOf(id, decoded.value)}: ${p.reason}` })));
  }
  return problems;
}

export function subscriberSetDefinition(platforms: SubscriberPlatforms = SUBSCRIBER_PLATFORMS, clock: Clock = systemClock): KindDefinition<SubscriberSetInputs, SubscriberSetState> {
  const platformOf = (set: SubscriberSetInputs): AnyPlatform => {
    const platform = platforms[set.platform];
    if (!platform) throw new Error(`${describeSet(set)}: ucflow cannot provision subscribers on ${set.platform}`);
    return platform;
  };

  async function apply(id: string, olds: SubscriberSetState | undefined, news: SubscriberSetInputs): Promise<SubscriberSetState> {
    const platform = platformOf(news);
    const nameOf = (uid: string, entry: unknown) => (entry ? `${platform.nameOf(uid, entry)} (${uid})` : uid);
    const applied: Record<string, unknown> = { ...(olds?.subscribers ?? {}) };
    const given: Record<string, unknown> = { ...(olds?.given ?? {}) };
    const changes = subscriberSetChanges(applied, news.subscribers, (uid, entry) => platform.needsWork(news, uid, entry, given[uid]));
    // A subscriber whose first run failed part way is recorded in `given` only: when it leaves the
    // set before it was ever applied, what ucflow gave it is taken back all the same.
    const unapplied = Object.keys(given).filter((uid) => !(uid in applied) && !(uid in news.subscribers)).sort();
    const failures: string[] = [];
    const fail = (uid: string, entry: unknown, error: unknown) => {
      failures.push(`${nameOf(uid, entry)}: ${failureMessage(error)}`);
      if (error instanceof SubscriberFailure && error.given !== undefined) given[uid] = error.given;
    };
    const work = [
      ...[...changes.added, ...changes.changed].map((uid) => async () => {
        const entry = news.subscribers[uid];
        try {
          given[uid] = await platform.converge(news, uid, entry, given[uid]);
          applied[uid] = entry;
        } catch (error) {
          fail(uid, entry, error);
        }
      }),
      ...[...changes.removed, ...unapplied].map((uid) => async () => {
        try {
          await platform.remove(news, uid, applied[uid], given[uid]);
          delete applied[uid];
          delete given[uid];
        } catch (error) {
          fail(uid, applied[uid], error);
        }
      }),
    ];
    await Promise.all(work.map((task) => subscribersAtOnce.run(task)));

    const state: SubscriberSetState = { ...news, ...platform.appliedSetFields(olds, news, applied, given), subscribers: applied, given };
    if (failures.length === 0) return state;
    failures.sort();
    const total = changes.added.length + changes.changed.length + changes.removed.length + unapplied.length;
    const summary =
      `${describeSet(news)}: ${failures.length} of ${plural(total, "subscriber")} to change failed and ${total - failures.length} ${total - failures.length === 1 ? "was" : "were"} applied and recorded; ` +
      "the next `pulumi up` retries only the failed ones";
    // The engine prints the reasons (not the message) under the resource: the summary first.
    const listed = failures.slice(0, LISTED_FAILURES);
    if (failures.length > LISTED_FAILURES) listed.push(`and ${failures.length - LISTED_FAILURES} more`);
    throw new PartialFailure(`${summary}:\n${listed.map((f) => `  - ${f}`).join("\n")}`, id, state, [summary, ...listed]);
  }

  return {
    kind: "SubscriberSet",
    inputs: SubscriberSetInputs,
    replaceOn: [],
    describe: describeSet,
    configure: (config) => {
      for (const platform of Object.values(platforms)) platform?.configure?.(config);
    },
    validate: (inputs, olds) => validateSubscriberSet(inputs, olds, platforms),

    async create(inputs) {
      const id = inputs.cluster ? `${inputs.customer}/${inputs.cluster}/subscribers/${inputs.set}` : `${inputs.customer}/subscribers/${inputs.set}`;
      return { id, state: await apply(id, undefined, inputs) };
    },

    update: (id, olds, news) => apply(id, olds, news),

    async read(_id, state) {
      const platform = platformOf(state);
      const settleMs = platform.settleMs();
      const seen: Record<string, unknown> = {};
      const given: Record<string, unknown> = {};
      const drift: string[] = [];
      // What ucflow gave subscribers not applied yet (a first run failed part way) stays recorded.
      for (const [uid, record] of Object.entries(state.given ?? {})) if (!(uid in state.subscribers)) given[uid] = record;
      await Promise.all(
        Object.entries(state.subscribers).map(([uid, entry]) =>
          subscribersAtOnce.run(async () => {
            const read = () => platform.read(state, uid, entry, state.given?.[uid]);
            let now = await read();
            // Grants and other writes take a while to show: a difference seen soon after ucflow
            // wrote to the subscriber is read again until it agrees or the write is old enough.
            const writtenAt = platform.writtenAt(state.given?.[uid]);
            let waitMs = 1000;
            while (now && canonical(now.entry) !== canonical(entry) && writtenAt !== undefined && clock.now() + waitMs <= writtenAt + settleMs) {
              await clock.sleep(waitMs);
              waitMs = Math.min(waitMs * 2, 10_000);
              now = await read();
            }
            drift.push(...platform.drift(`${platform.nameOf(uid, entry)} (${uid})`, entry, now?.entry));
            if (!now) {
              // Gone from the platform: the record stays, for what may be left of it.
              if (state.given?.[uid] !== undefined) given[uid] = state.given[uid];
              return;
            }
            seen[uid] = now.entry;
            given[uid] = now.given;
          }),
        ),
      );
      drift.sort();
      return { ...state, subscribers: seen, given, ...(drift.length > 0 ? { drift } : { drift: undefined }) };
    },

    async delete(_id, state) {
      const platform = platformOf(state);
      const failures: string[] = [];
      // The applied subscribers, and those recorded in `given` only (their first run failed part way).
      const uids = [...new Set([...Object.keys(state.subscribers), ...Object.keys(state.given ?? {})])].sort();
      await Promise.all(
        uids.map((uid) =>
          subscribersAtOnce.run(async () => {
            const entry = state.subscribers[uid];
            try {
              await platform.remove(state, uid, entry, state.given?.[uid]);
            } catch (error) {
              failures.push(`${entry ? `${platform.nameOf(uid, entry)} (${uid})` : uid}: ${failureMessage(error)}`);
            }
          }),
        ),
      );
      if (failures.length > 0) {
        failures.sort();
        throw new Error(
          `${describeSet(state)}: ${plural(failures.length, "subscriber")} could not be deprovisioned; the set stays, and running the command again retries (what was taken back already is not touched again):\n` +
            failures.slice(0, LISTED_FAILURES).map((f) => `  - ${f}`).join("\n") +
            (failures.length > LISTED_FAILURES ? `\n  - and ${failures.length - LISTED_FAILURES} more` : ""),
        );
      }
    },
  };
}

export const subscriberSet = subscriberSetDefinition();
export const provider = kindProvider(subscriberSet);
