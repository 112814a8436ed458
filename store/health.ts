import { AppError } from '@/core/errors';

/**
 * Whether the store is refusing writes (a full disk, a read-only file, a lock held too long), told
 * once per episode: when it starts and when it ends. A firehose retrying every 50 ms would
 * otherwise print hundreds of identical lines a second, and bury the one that matters.
 */
type Episode = { since: number; refused: number; what: string };

const globalForHealth = globalThis as unknown as { activeSessionsStoreHealth?: { episode?: Episode } };
const health = (globalForHealth.activeSessionsStoreHealth ??= {});

function storeWriteFailed(what: string, error: unknown): void {
  if (health.episode) {
    health.episode.refused++;
    return;
  }
  health.episode = { since: Date.now(), refused: 1, what };
  const reason = error instanceof Error ? error.message : String(error);
  console.error(
    `[active-sessions] the store refused a write (${what}): ${reason}. ` +
      'Output and session ends are kept in memory and written as soon as it accepts them; a new session whose record it refuses is not started.',
  );
}

function storeWriteSucceeded(): void {
  const episode = health.episode;
  if (!episode) return;
  health.episode = undefined;
  const seconds = ((Date.now() - episode.since) / 1000).toFixed(1);
  console.error(`[active-sessions] the store accepts writes again, after ${seconds} s and ${episode.refused} refused write(s)`);
}

/** Runs a write and tells the episode how it went. */
function attempt<T>(what: string, write: () => T): { ok: true; value: T } | { ok: false; error: unknown } {
  let value: T;
  try {
    value = write();
  } catch (error) {
    storeWriteFailed(what, error);
    return { ok: false, error };
  }
  storeWriteSucceeded();
  return { ok: true, value };
}

/**
 * A write that can wait: true if it was done, false if the store refused it, and the caller keeps
 * what it wanted written to try again later.
 */
export function tryWrite(what: string, write: () => unknown): boolean {
  return attempt(what, write).ok;
}

/**
 * A write that someone is waiting for: done, or refused as a 503 that says what did not happen
 * (`consequence`), so that a full disk never shows as a 500 or, worse, as a success.
 */
export function writeOrRefuse<T>(what: string, consequence: string, write: () => T): T {
  const outcome = attempt(what, write);
  if (outcome.ok) return outcome.value;
  throw new AppError('store_unavailable', `The session store cannot write right now (is the disk full?): ${consequence}.`, {
    cause: outcome.error,
  });
}
