// A subscriber set on Microsoft Teams: one resource holding the subscribers whose ids hash to
// it. An update applies only the subscribers that differ from what was applied (the engine's
// own diff of the `subscribers` map names them), all at once, their Graph calls coalesced into
// `$batch` requests. A subscriber that fails does not stop the others: what succeeded is
// recorded (the engine's partial-state path), each failure is named with its backend error,
// and the next `up` retries only the failed ones.
import { Limiter } from "../../core/concurrency";
import { type Clock, systemClock } from "../../core/clock";
import type { GraphClient } from "../../backends/graph/client";
import { canonical, subscriberSetChanges, subscriberSetProblems } from "../../plan";
import { plural } from "../../plan/messages";
import { Guid, SiteCode } from "../codecs";
import type { InputProblem } from "../input-validation";
import { type KindDefinition, kindProvider, PartialFailure } from "../kind-provider";
import { configureMicrosoft, providerMicrosoftClients } from "../microsoft-session";
import { describeTeamsDrift } from "./drift";
import { convergeTeamsSubscriber, failureMessage, numberNeedsMove, readTeamsSubscriber, removeTeamsSubscriber, SubscriberFailure } from "./teams";
import { type GivenRecord, SubscriberSetInputs, type SubscriberSetState, type TeamsSubscriberEntry } from "./types";

/** The clients a set needs: the batching Graph client, and how long writes take to show. */
export interface SubscriberSetClients {
  readonly graph: GraphClient;
  readonly settleMs: number;
}

const providerClients = (): SubscriberSetClients => {
  const clients = providerMicrosoftClients();
  return { graph: clients.bulkGraph, settleMs: clients.settleMs };
};

/** Subscribers worked on at once in one provider process, across all sets the engine runs. */
const subscribersAtOnce = new Limiter(256);

/** Failures named in one error message; the rest are counted. */
const LISTED_FAILURES = 20;

export function describeSet(s: { customer: string; set: number; sets: number }): string {
  return `subscriber set ${s.set} of ${s.sets} of customer ${s.customer}`;
}

/** Rules beyond the codec: the set's own consistency, and what each entry needs. */
export function validateSubscriberSet(inputs: SubscriberSetInputs, olds: Partial<SubscriberSetInputs> | undefined): InputProblem[] {
  const problems: InputProblem[] = subscriberSetProblems(inputs, olds);
  // A set is never replaced: replacing would deprovision every subscriber in it first.
  for (const key of ["customer", "platform", "set"] as const) {
    if (olds?.[key] !== undefined && olds[key] !== inputs[key]) {
      problems.push({ property: key, reason: `was ${JSON.stringify(olds[key])} and cannot change for an existing set; it would deprovision all of its subscribers` });
    }
  }
  for (const site of Object.keys(inputs.locations)) {
    if (!SiteCode.is(site)) problems.push({ property: `locations.${site}`, reason: `${JSON.stringify(site)} is not a site code` });
  }
  for (const [id, entry] of Object.entries(inputs.subscribers)) {
    if (!Guid.is(id)) problems.push({ property: `subscribers.${id}`, reason: `${JSON.stringify(id)} is not an Entra object id (a GUID)` });
    if (entry.enterpriseVoice && !entry.number) {
      problems.push({ property: `subscribers.${id}.number`, reason: `${entry.userPrincipalName}: Enterprise Voice is enabled by assigning a number; give the subscriber a number or set enterpriseVoice to false` });
    }
    if (entry.number && inputs.locations[entry.site] === undefined) {
      problems.push({ property: `subscribers.${id}.site`, reason: `${entry.userPrincipalName}: site ${entry.site} has no emergency location in this set's locations; its number could not be assigned` });
    }
  }
  return problems;
}

export function subscriberSetDefinition(clients: () => SubscriberSetClients = providerClients, clock: Clock = systemClock): KindDefinition<SubscriberSetInputs, SubscriberSetState> {
  const nameOf = (id: string, entry: TeamsSubscriberEntry | undefined) => (entry ? `${entry.userPrincipalName} (${id})` : id);

  async function apply(id: string, olds: SubscriberSetState | undefined, news: SubscriberSetInputs): Promise<SubscriberSetState> {
    const { graph } = clients();
    const applied: Record<string, TeamsSubscriberEntry> = { ...(olds?.subscribers ?? {}) };
    const given: Record<string, GivenRecord> = { ...(olds?.given ?? {}) };
    const changes = subscriberSetChanges(applied, news.subscribers, (uid, entry) => numberNeedsMove(entry, news.locations[entry.site], given[uid]));
    const failures: string[] = [];
    const fail = (uid: string, entry: TeamsSubscriberEntry | undefined, error: unknown) => {
      failures.push(`${nameOf(uid, entry)}: ${failureMessage(error)}`);
      if (error instanceof SubscriberFailure && error.given) given[uid] = error.given;
    };
    const work = [
      ...[...changes.added, ...changes.changed].map((uid) => async () => {
        const entry = news.subscribers[uid];
        try {
          given[uid] = await convergeTeamsSubscriber(graph, news.customer, uid, entry, news.locations[entry.site], given[uid]);
          applied[uid] = entry;
        } catch (error) {
          fail(uid, entry, error);
        }
      }),
      ...changes.removed.map((uid) => async () => {
        try {
          await removeTeamsSubscriber(graph, news.customer, uid, given[uid]);
          delete applied[uid];
          delete given[uid];
        } catch (error) {
          fail(uid, applied[uid], error);
        }
      }),
    ];
    await Promise.all(work.map((task) => subscribersAtOnce.run(task)));

    const state: SubscriberSetState = { ...news, locations: appliedLocations(olds, news, applied, given), subscribers: applied, given };
    if (failures.length === 0) return state;
    failures.sort();
    const total = changes.added.length + changes.changed.length + changes.removed.length;
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
    configure: configureMicrosoft,
    validate: validateSubscriberSet,

    async create(inputs) {
      const id = `${inputs.customer}/subscribers/${inputs.set}`;
      return { id, state: await apply(id, undefined, inputs) };
    },

    update: (id, olds, news) => apply(id, olds, news),

    async read(_id, state) {
      const { graph, settleMs } = clients();
      const seen: Record<string, TeamsSubscriberEntry> = {};
      const given: Record<string, GivenRecord> = {};
      const drift: string[] = [];
      await Promise.all(
        Object.entries(state.subscribers).map(([uid, entry]) =>
          subscribersAtOnce.run(async () => {
            const read = () => readTeamsSubscriber(graph, state.customer, uid, entry, state.given?.[uid]);
            let now = await read();
            // Grants and other writes take a while to show: a difference seen soon after ucflow
            // wrote to the subscriber is read again until it agrees or the write is old enough.
            const writtenAt = Date.parse(state.given?.[uid]?.appliedAt ?? "");
            let waitMs = 1000;
            while (now && canonical(now.entry) !== canonical(entry) && Number.isFinite(writtenAt) && clock.now() + waitMs <= writtenAt + settleMs) {
              await clock.sleep(waitMs);
              waitMs = Math.min(waitMs * 2, 10_000);
              now = await read();
            }
            const who = nameOf(uid, entry);
            drift.push(...describeTeamsDrift(who, entry, now?.entry));
            if (!now) return;
            seen[uid] = now.entry;
            given[uid] = now.given;
          }),
        ),
      );
      drift.sort();
      return { ...state, subscribers: seen, given, ...(drift.length > 0 ? { drift } : { drift: undefined }) };
    },

    async delete(_id, state) {
      const { graph } = clients();
      const failures: string[] = [];
      await Promise.all(
        Object.entries(state.subscribers).map(([uid, entry]) =>
          subscribersAtOnce.run(async () => {
            try {
              await removeTeamsSubscriber(graph, state.customer, uid, state.given?.[uid]);
            } catch (error) {
              failures.push(`${nameOf(uid, entry)}: ${failureMessage(error)}`);
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

/**
 * The locations the set's numbers are on: a site's new emergency location counts as applied
 * once every ucflow number there has moved to it; until then the old one is kept, so the next
 * `up` moves the rest.
 */
function appliedLocations(
  olds: SubscriberSetState | undefined,
  news: SubscriberSetInputs,
  applied: Readonly<Record<string, TeamsSubscriberEntry>>,
  given: Readonly<Record<string, GivenRecord>>,
): SubscriberSetInputs["locations"] {
  const locations: Record<string, string> = {};
  for (const [site, locationId] of Object.entries(news.locations)) {
    const lagging = Object.entries(applied).some(([uid, entry]) => entry.site === site && numberNeedsMove(entry, locationId, given[uid]));
    const before = olds?.locations?.[site];
    locations[site] = lagging && before !== undefined ? before : locationId;
  }
  return locations;
}

export const subscriberSet = subscriberSetDefinition();
export const provider = kindProvider(subscriberSet);
