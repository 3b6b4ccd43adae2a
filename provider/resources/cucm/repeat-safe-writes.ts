// Writes to Unified CM and Unity Connection that are safe to repeat after a lost answer. The
// clients retry a write only when the server said it did not process it (503, or a connection
// never made); after a reset or a timeout the write may have been done, so the caller decides
// here: an add is followed by a read, never a blind second add; an update or device action sets
// absolute values, so it is sent once more; a removal is done when the object is gone.
import { isAlreadyExistsError, isNotFoundError, isTransportError } from "../../core/errors";

/**
 * Adds an object once. When the server says it exists, or the answer was lost (the add may have
 * been done), the object is read back; it counts as made when `ours` accepts it, and an add lost
 * before it reached the server is sent once more only after the read found nothing.
 */
export async function addOnce<R extends { readonly uuid: string }>(add: () => Promise<string>, read: () => Promise<R | undefined>, ours: (record: R) => boolean): Promise<string> {
  try {
    return await add();
  } catch (error) {
    if (!isAlreadyExistsError(error) && !isTransportError(error)) throw error;
    const record = await read();
    if (record && ours(record)) return record.uuid;
    if (record || !isTransportError(error)) throw error;
    return add();
  }
}

/** An update or device action: absolute, so a lost answer is answered by sending it again once. */
export async function repeatable(call: () => Promise<void>): Promise<void> {
  try {
    await call();
  } catch (error) {
    if (!isTransportError(error)) throw error;
    await call();
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
