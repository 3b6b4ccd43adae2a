// Writes to Unified CM and Unity Connection that are safe to repeat after a lost answer. The
// clients retry a write only when the server said it did not process it (503, or a connection
// never made); after a reset or a timeout the write may have been done, so the caller decides
// here: an add is followed by a read, never a blind second add; an update or device action sets
// absolute values, so it is sent again; a removal is done when the object is gone.
import { isAlreadyExistsError, isNotFoundError, isTransportError } from "../../core/errors";

/** Sends of one write, the first included, while its answers are lost (then the error is the caller's). */
export const MAX_SENDS_AFTER_LOST_ANSWERS = 3;

/**
 * Adds an object once. When the server says it exists, or the answer was lost (the add may have
 * been done), the object is read back; it counts as made when `ours` accepts it. An add lost
 * before it reached the server (the read finds nothing) is sent again, up to
 * MAX_SENDS_AFTER_LOST_ANSWERS sends in all.
 */
export async function addOnce<R extends { readonly uuid: string }>(add: () => Promise<string>, read: () => Promise<R | undefined>, ours: (record: R) => boolean): Promise<string> {
  for (let sent = 1; ; sent++) {
    try {
      return await add();
    } catch (error) {
      if (!isAlreadyExistsError(error) && !isTransportError(error)) throw error;
      const record = await read();
      if (record && ours(record)) return record.uuid;
      if (record || !isTransportError(error) || sent >= MAX_SENDS_AFTER_LOST_ANSWERS) throw error;
    }
  }
}

/** An update or device action: absolute, so a lost answer is answered by sending it again (MAX_SENDS_AFTER_LOST_ANSWERS in all). */
export async function repeatable(call: () => Promise<void>): Promise<void> {
  for (let sent = 1; ; sent++) {
    try {
      return await call();
    } catch (error) {
      if (!isTransportError(error) || sent >= MAX_SENDS_AFTER_LOST_ANSWERS) throw error;
    }
  }
}

/** A removal: done when the object is gone, whoever removed it. */
export async function removeOnce(call: () => Promise<void>): Promise<void> {
  try {
    await repeatable(call);
  } catch (error) {
    if (!isNotFoundError(error)) throw error;
  }
}
