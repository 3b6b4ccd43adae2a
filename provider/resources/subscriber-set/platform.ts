// What a platform supplies to subscriber sets: the shape of its entries, how one subscriber is
// converged, removed and read back, and what counts as drift. The set mechanics (which
// subscribers change, running them concurrently, recording partial failures, the consistency
// wait of a refresh) are the same for every platform (provider.ts).
import type { InputProblem, StrictObjectType } from "../input-validation";
import type { SubscriberSetInputs } from "./types";

export interface SubscriberPlatform<E, G> {
  /** "Teams", "Unified CM": for messages. */
  readonly title: string;
  /** The entry codec; entries that do not decode are check failures naming the subscriber. */
  readonly entry: StrictObjectType<E>;
  /** What makes an immutable id valid on this platform (a GUID on Entra), as a sentence, or undefined when it is. */
  idProblem(id: string): string | undefined;
  /** Rules about the set's own platform fields (e.g. Teams `locations` keyed by site code). */
  setProblems?(set: SubscriberSetInputs): InputProblem[];
  /** Rules beyond the entry's codec, given the set (e.g. a Teams site's emergency location). */
  entryProblems(set: SubscriberSetInputs, id: string, entry: E): InputProblem[];
  /** The subscriber's name for messages, beside its id. */
  nameOf(id: string, entry: E): string;
  /** Applied, equal entries that still need a call (e.g. their site's emergency location changed). */
  needsWork(set: SubscriberSetInputs, id: string, entry: E, given: G | undefined): boolean;
  /** Brings one subscriber to its entry; returns what ucflow has given it. Throws SubscriberFailure. */
  converge(set: SubscriberSetInputs, id: string, entry: E, given: G | undefined): Promise<G>;
  /** Takes back what ucflow gave one subscriber. Throws SubscriberFailure. */
  remove(set: SubscriberSetInputs, id: string, entry: E | undefined, given: G | undefined): Promise<void>;
  /** The subscriber as the platform has it, in its entry's terms; undefined when it is gone. */
  read(set: SubscriberSetInputs, id: string, entry: E, given: G | undefined): Promise<{ entry: E; given: G } | undefined>;
  /** When ucflow last wrote to the subscriber (ms since the epoch), for the refresh's consistency wait. */
  writtenAt(given: G | undefined): number | undefined;
  /** One sentence per field that differs between what was applied and what was read back. */
  drift(who: string, applied: E, seen: E | undefined): string[];
  /** Set-level inputs as applied, once the subscribers have been worked on (e.g. Teams `locations`). */
  appliedSetFields(olds: SubscriberSetInputs | undefined, news: SubscriberSetInputs, applied: Readonly<Record<string, E>>, given: Readonly<Record<string, G>>): Partial<SubscriberSetInputs>;
  /** How long after a write a read may still show the old state, in ms. */
  settleMs(): number;
  /** The provider's configuration for the platform's clients. */
  configure?(config: (key: string) => string | undefined): void;
}

/** One subscriber's failure, with what ucflow may have given before it failed. */
export class SubscriberFailure<G = unknown> extends Error {
  constructor(
    override readonly cause: unknown,
    readonly given: G | undefined,
  ) {
    super(cause instanceof Error ? cause.message : String(cause), { cause });
    this.name = "SubscriberFailure";
  }
}

/** What went wrong for one subscriber, in one line of the run's error. */
export function failureMessage(error: unknown): string {
  const cause = error instanceof SubscriberFailure ? error.cause : error;
  return cause instanceof Error ? cause.message : String(cause);
}
