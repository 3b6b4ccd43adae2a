// A write that is not idempotent (a POST that creates, assigns or releases) whose answer was
// lost: the connection dropped, the attempt timed out, or the server answered 500, 502 or 504
// (a gateway that lost its backend). The write may or may not have happened, so it is neither
// sent again blindly nor reported as failed: the platform is read, and the read decides.
import { isTransportError, isUcflowError } from "./errors";

/** Statuses after which a server may have acted on the request (429 and 503 say it did not). */
const MAYBE_PROCESSED_STATUS = new Set([500, 502, 504]);

/** Whether `error` leaves it unknown if the write happened (a lost answer, not a refusal). */
export function isUnansweredWrite(error: unknown): boolean {
  if (isTransportError(error)) return error.retryable;
  if (!isUcflowError(error)) return false;
  return error.code === "OperationTimeout" || (error.statusCode !== undefined && MAYBE_PROCESSED_STATUS.has(error.statusCode));
}

/** What the read found: the write took effect (with its result), did not, or cannot be done now. */
export type ObservedWrite<T> =
  | { readonly applied: true; readonly result: T }
  | { readonly applied: false }
  /** Something else holds the object: sending again cannot help; the write's own error is thrown. */
  | { readonly applied: "conflict" };

export interface ObservedWriteOptions<T> {
  /** Sends the write once. */
  readonly write: () => Promise<T>;
  /** Reads the platform after an unanswered write. */
  readonly observe: () => Promise<ObservedWrite<T>>;
  /** Writes in all, the first included. @default 3 (1 to 5) */
  readonly attempts?: number;
}

/**
 * Sends `write`; after an unanswered one, `observe` decides: applied is success, not applied
 * sends it again (at most `attempts` writes in all), a conflict or a failed read throws the
 * write's error. Any other error is thrown as it is.
 */
export async function writeObserved<T>(options: ObservedWriteOptions<T>): Promise<T> {
  const attempts = options.attempts ?? 3;
  if (!Number.isInteger(attempts) || attempts < 1 || attempts > 5) throw new RangeError(`attempts must be an integer from 1 to 5; got ${attempts}`);
  for (let attempt = 1; ; attempt++) {
    try {
      return await options.write();
    } catch (error) {
      if (!isUnansweredWrite(error)) throw error;
      let seen: ObservedWrite<T>;
      try {
        seen = await options.observe();
      } catch {
        throw error;
      }
      if (seen.applied === true) return seen.result;
      if (seen.applied === "conflict" || attempt >= attempts) throw error;
    }
  }
}
