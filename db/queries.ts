import { and, asc, desc, eq, gt, ne, sql } from 'drizzle-orm';
import { getDb } from './index';
import {
  outputChunks,
  sessions,
  type EndReason,
  type NewSession,
  type OutputStream,
  type Session,
} from './schema';

export type PendingChunk = { stream: OutputStream; text: string; at: Date };

export type SessionStart = Pick<
  Session,
  'pid' | 'pidStartTime' | 'bootId' | 'runnerPid' | 'runnerStartTime' | 'startedAt'
>;

export type SessionEnd = {
  status: 'completed' | 'failed';
  endReason: EndReason;
  exitCode?: number | null;
  signal?: string | null;
  error?: string | null;
  endedAt: Date;
};

export function insertSession(row: NewSession): Session {
  return getDb().insert(sessions).values(row).returning().get();
}

export function getSession(id: string): Session | undefined {
  return getDb().select().from(sessions).where(eq(sessions.id, id)).get();
}

/** Running sessions first, then the rest newest first. */
export function listSessions({ limit }: { limit: number }): Session[] {
  return getDb()
    .select()
    .from(sessions)
    .orderBy(desc(sql`${sessions.status} = 'running'`), desc(sessions.createdAt), desc(sessions.id))
    .limit(limit)
    .all();
}

export function listRunningSessions(): Session[] {
  return getDb().select().from(sessions).where(eq(sessions.status, 'running')).all();
}

export function markSessionStarted(id: string, start: SessionStart): void {
  getDb().update(sessions).set(start).where(eq(sessions.id, id)).run();
}

function insertChunks(tx: Pick<ReturnType<typeof getDb>, 'insert' | 'update'>, id: string, chunks: PendingChunk[]) {
  if (chunks.length === 0) return;
  // The byte count is the command's own output: the console's `system` lines do not count.
  let bytes = 0;
  for (const chunk of chunks) if (chunk.stream !== 'system') bytes += Buffer.byteLength(chunk.text);
  tx.insert(outputChunks)
    .values(chunks.map((chunk) => ({ sessionId: id, ...chunk })))
    .run();
  tx.update(sessions)
    .set({ outputBytes: sql`${sessions.outputBytes} + ${bytes}` })
    .where(eq(sessions.id, id))
    .run();
}

/** Appends a batch of output in one transaction; returns false when the session no longer exists. */
export function appendOutput(id: string, chunks: PendingChunk[]): boolean {
  return getDb().transaction(
    (tx) => {
      const row = tx.select({ id: sessions.id }).from(sessions).where(eq(sessions.id, id)).get();
      if (!row) return false;
      insertChunks(tx, id, chunks);
      return true;
    },
    { behavior: 'immediate' },
  );
}

/**
 * Writes the last output and the end state together, so a reader never sees an ended session
 * with output still to come. Only a running session can end: returns false otherwise.
 */
export function finishSession(id: string, end: SessionEnd, lastChunks: PendingChunk[]): boolean {
  return getDb().transaction(
    (tx) => {
      const row = tx.select({ status: sessions.status }).from(sessions).where(eq(sessions.id, id)).get();
      if (row?.status !== 'running') return false;
      insertChunks(tx, id, lastChunks);
      tx.update(sessions).set(end).where(eq(sessions.id, id)).run();
      return true;
    },
    { behavior: 'immediate' },
  );
}

export type OutputPage = {
  chunks: { seq: number; stream: OutputStream; text: string; at: Date }[];
  next: number;
  done: boolean;
};

/** One page of output after a cursor: an index range scan, whatever the size of the whole output. */
export function readOutput({ id, after, limit }: { id: string; after: number; limit: number }): OutputPage | undefined {
  const db = getDb();
  return db.transaction((tx) => {
    const session = tx.select({ status: sessions.status }).from(sessions).where(eq(sessions.id, id)).get();
    if (!session) return undefined;
    const rows = tx
      .select({ seq: outputChunks.seq, stream: outputChunks.stream, text: outputChunks.text, at: outputChunks.at })
      .from(outputChunks)
      .where(and(eq(outputChunks.sessionId, id), gt(outputChunks.seq, after)))
      .orderBy(asc(outputChunks.seq))
      .limit(limit + 1)
      .all();
    const more = rows.length > limit;
    const chunks = more ? rows.slice(0, limit) : rows;
    const next = chunks.length > 0 ? chunks[chunks.length - 1].seq : after;
    return { chunks, next, done: session.status !== 'running' && !more };
  });
}

/** Deletes every finished session and its output at once; running sessions are never touched. */
export function clearFinishedSessions(): number {
  return getDb().transaction(
    (tx) => tx.delete(sessions).where(ne(sessions.status, 'running')).run().changes,
    { behavior: 'immediate' },
  );
}

/** Gives a slice of the pages freed by deleted output back to the file system; true if more remain. */
export function reclaimFreePages(pages = 2048): boolean {
  const client = getDb().$client;
  client.pragma(`incremental_vacuum(${pages})`);
  return (client.pragma('freelist_count', { simple: true }) as number) > 0;
}

/**
 * Folds the WAL back into the database and truncates it. Never waits for a reader (busy_timeout 0):
 * if one holds an old snapshot, the next call will do it.
 */
export function checkpointWal(): void {
  const client = getDb().$client;
  client.pragma('busy_timeout = 0');
  try {
    client.pragma('wal_checkpoint(TRUNCATE)');
  } finally {
    client.pragma('busy_timeout = 5000');
  }
}
