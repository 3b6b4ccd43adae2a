// Waiting out eventual consistency, after terraform-provider-azuread's
// consistency.WaitForUpdate: poll a read until it agrees with what was written several times in
// a row, because one agreeing read from one replica does not mean the next read will agree.
// A 404 counts as "not yet" (a new object is often invisible for a while); other errors end
// the wait.
import { type Clock, systemClock } from "./clock";
import { ConfigurationError, type ErrorContext, isNotFoundError, UcflowError } from "./errors";

export interface WaitForOptions {
  /** What is being waited for, for the timeout error: operation "waiting for license", object the UPN. */
  readonly context: ErrorContext;
  /** Give up after this long. @default 300000 (1 to 3600000) */
  readonly timeoutMs?: number;
  /** Wait between reads while they agree, and before the first re-read. @default 1000 (0 to 60000) */
  readonly minIntervalMs?: number;
  /** Longest wait between reads that do not agree yet (the wait doubles up to this). @default 10000 (minIntervalMs to 300000) */
  readonly maxIntervalMs?: number;
  /** Agreeing reads needed in a row. @default 5 (azuread's value; 1 to 20) */
  readonly consecutive?: number;
  /** @default systemClock */
  readonly clock?: Clock;
}

export interface WaitResult {
  readonly reads: number;
  readonly elapsedMs: number;
}

/**
 * Resolves once `probe` has returned true `consecutive` times in a row. `probe` returning false
 * or throwing NotFoundError resets the count; any other error is thrown. Throws a retryable
 * UcflowError when `timeoutMs` would pass.
 */
export async function waitFor(probe: () => Promise<boolean>, options: WaitForOptions): Promise<WaitResult> {
  const timeoutMs = options.timeoutMs ?? 300_000;
  const minIntervalMs = options.minIntervalMs ?? 1000;
  const maxIntervalMs = options.maxIntervalMs ?? Math.max(10_000, minIntervalMs);
  const consecutive = options.consecutive ?? 5;
  const clock = options.clock ?? systemClock;
  const problems = [
    rangeProblem("timeoutMs", timeoutMs, 1, 3_600_000),
    rangeProblem("minIntervalMs", minIntervalMs, 0, 60_000),
    rangeProblem("maxIntervalMs", maxIntervalMs, minIntervalMs, 300_000),
    rangeProblem("consecutive", consecutive, 1, 20),
  ].filter((p): p is string => p !== undefined);
  if (problems.length > 0) throw new ConfigurationError("invalid consistency wait options", problems);

  const started = clock.now();
  let streak = 0;
  let reads = 0;
  let notYetIntervalMs = minIntervalMs;
  let last = "no read yet";
  for (;;) {
    let agreed: boolean;
    try {
      agreed = await probe();
      last = agreed ? "agreed" : "did not agree";
    } catch (error) {
      if (!isNotFoundError(error)) throw error;
      agreed = false;
      last = "not found";
    }
    reads++;
    let delayMs: number;
    if (agreed) {
      streak++;
      if (streak >= consecutive) return { reads, elapsedMs: clock.now() - started };
      delayMs = minIntervalMs;
      notYetIntervalMs = minIntervalMs;
    } else {
      streak = 0;
      delayMs = notYetIntervalMs;
      notYetIntervalMs = Math.min(maxIntervalMs, Math.max(1, notYetIntervalMs * 2));
    }
    const elapsedMs = clock.now() - started;
    if (elapsedMs + delayMs > timeoutMs) {
      throw new UcflowError(options.context, {
        code: "ConsistencyTimeout",
        detail: `not consistent after ${elapsedMs / 1000} s: ${streak} of ${consecutive} reads in a row agreed (last read: ${last}, ${reads} reads)`,
        retryable: true,
      });
    }
    await clock.sleep(delayMs);
  }
}

function rangeProblem(name: string, value: number, min: number, max: number): string | undefined {
  return Number.isInteger(value) && value >= min && value <= max ? undefined : `${name} must be an integer from ${min} to ${max}; got ${value}`;
}
