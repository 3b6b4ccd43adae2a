// The cluster's knobs: session expiry and throttling. Defaults follow the reference where it
// gives numbers (30-minute sessions, 8 MB answers, 16 MB of answers at once, 1,500 outstanding
// change notifications); the rest are the lab's guesses, with the reasoning in docs/lab-cisco.md.
import { SeedReader } from "../../../microsoft/tenant/seed-input";
import type { AxlSettings } from "./cluster-state";

export const MEGABYTE = 1024 * 1024;

export function defaultAxlSettings(): AxlSettings {
  return {
    sessionIdleSeconds: 30 * 60,
    throttling: {
      enabled: true,
      // Documented: writes stop while a node has more than 1,500 outstanding change notifications.
      // Guess: the queue drains at 20 per second.
      changeNotifications: { threshold: 1500, drainPerSecond: 20 },
      // Guess: AXL runs requests in parallel and documents no count; 10 reads at once.
      maxConcurrentReads: 10,
      maxConcurrentResponseBytes: 16 * MEGABYTE,
      maxResponseBytes: 8 * MEGABYTE,
      readDelayMs: 0,
    },
  };
}

/** The seed's `settings`, merged into the current ones; `"defaults": true` first returns to the defaults above. */
export function readAxlSettings(read: SeedReader, value: unknown, current: AxlSettings): AxlSettings {
  const spec = read.object(value, "settings", ["defaults", "sessionIdleSeconds", "throttling"]);
  const base = spec.defaults !== undefined && read.boolean(spec.defaults, "settings.defaults") ? defaultAxlSettings() : structuredClone(current);
  if (spec.sessionIdleSeconds !== undefined) base.sessionIdleSeconds = read.integer(spec.sessionIdleSeconds, "settings.sessionIdleSeconds", 1, 86_400);
  if (spec.throttling !== undefined) {
    const throttling = read.object(spec.throttling, "settings.throttling", ["enabled", "changeNotifications", "maxConcurrentReads", "maxConcurrentResponseBytes", "maxResponseBytes", "readDelayMs"]);
    const t = base.throttling;
    if (throttling.enabled !== undefined) t.enabled = read.boolean(throttling.enabled, "settings.throttling.enabled");
    if (throttling.changeNotifications !== undefined) {
      const queue = read.object(throttling.changeNotifications, "settings.throttling.changeNotifications", ["threshold", "drainPerSecond"]);
      if (queue.threshold !== undefined) t.changeNotifications.threshold = read.integer(queue.threshold, "settings.throttling.changeNotifications.threshold", 1, 10_000_000);
      if (queue.drainPerSecond !== undefined) {
        const drain = queue.drainPerSecond;
        if (typeof drain !== "number" || !(drain > 0) || drain > 1_000_000) read.fail(`settings.throttling.changeNotifications.drainPerSecond must be a number above 0 (fractions allowed), got ${JSON.stringify(drain)}`);
        t.changeNotifications.drainPerSecond = drain as number;
      }
    }
    if (throttling.maxConcurrentReads !== undefined) t.maxConcurrentReads = read.integer(throttling.maxConcurrentReads, "settings.throttling.maxConcurrentReads", 1, 100_000);
    if (throttling.maxConcurrentResponseBytes !== undefined) t.maxConcurrentResponseBytes = read.integer(throttling.maxConcurrentResponseBytes, "settings.throttling.maxConcurrentResponseBytes", 1, 1024 * MEGABYTE);
    if (throttling.maxResponseBytes !== undefined) t.maxResponseBytes = read.integer(throttling.maxResponseBytes, "settings.throttling.maxResponseBytes", 1, 1024 * MEGABYTE);
    if (throttling.readDelayMs !== undefined) t.readDelayMs = read.integer(throttling.readDelayMs, "settings.throttling.readDelayMs", 0, 600_000);
  }
  return base;
}
