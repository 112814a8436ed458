import { sql } from 'drizzle-orm';
import type { RetentionCandidate } from '@/core/retention';
import { getDb } from './index';
import { sessions } from './schema';

/** The output every session keeps (what the cap dropped is no longer stored), in bytes. */
export function storedOutputBytes(): number {
  const row = getDb()
    .select({ bytes: sql<number>`coalesce(sum(${sessions.outputBytes} - ${sessions.droppedBytes}), 0)` })
    .from(sessions)
    .get();
  return row?.bytes ?? 0;
}

/**
 * Finished, unpinned sessions, oldest end first, read one at a time: the retention walk stops at
 * the first it keeps, so a store of many sessions is not read whole on every pass.
 */
export function* retentionCandidates(): Generator<RetentionCandidate> {
  const rows = getDb()
    .$client.prepare(
      `SELECT id, name, coalesce(ended_at, created_at) AS endedAt, output_bytes - dropped_bytes AS bytes
         FROM sessions WHERE status != 'running' AND pinned = 0 ORDER BY ended_at, id`,
    )
    .iterate() as IterableIterator<RetentionCandidate>;
  yield* rows;
}
