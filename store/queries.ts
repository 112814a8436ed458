import { and, desc, eq, getTableColumns, inArray, ne, sql, type SQL } from 'drizzle-orm';
import { getDb } from './index';
import { removeOutputFolders } from './output-files';
import { insertEntries, trimMiddle, type FileRange, type OutputEntry } from './output-write';
import { outputChunks, sessions, type EndReason, type NewSession, type Session, type SessionStatus } from './schema';

export type SessionStart = Pick<Session, 'pid' | 'pidStartTime' | 'bootId' | 'startedAt'>;

export type SessionEnd = Partial<SessionStart> & {
  status: 'completed' | 'failed';
  endReason: EndReason;
  exitCode?: number | null;
  signal?: string | null;
  error?: string | null;
  endedAt: Date;
};

/**
 * In an explicit transaction: for `INSERT … RETURNING`, better-sqlite3's `.get()` hands back the row
 * before the implicit commit, and a commit that then fails (a full disk) goes unreported. COMMIT
 * throws, so a row returned here is stored.
 */
export function insertSession(row: NewSession): Session {
  return getDb().transaction(
    (tx) => {
      const session = tx.insert(sessions).values(row).returning().get();
      // A re-run: the session it re-runs names it, in the same commit.
      if (row.rerunOf) tx.update(sessions).set({ latestRerun: row.id }).where(eq(sessions.id, row.rerunOf)).run();
      return session;
    },
    { behavior: 'immediate' },
  );
}

// When the command last wrote: one step back along the session's index (the console's own lines,
// such as its end, are skipped), so it costs a lookup per row, not a scan of the output.
const lastOutputAt = sql<Date | null>`(SELECT ${outputChunks.at} FROM ${outputChunks} WHERE ${outputChunks.sessionId} = ${sessions.id} AND ${outputChunks.stream} != 'system' ORDER BY ${outputChunks.seq} DESC LIMIT 1)`.mapWith(
  outputChunks.at,
);

export function getSession(id: string): (Session & { lastOutputAt: Date | null }) | undefined {
  return getDb()
    .select({ ...getTableColumns(sessions), lastOutputAt })
    .from(sessions)
    .where(eq(sessions.id, id))
    .get();
}

// What a list shows. The runner's bookkeeping stays behind: a page of 1000 rows reads a third faster.
const listedColumns = {
  id: sessions.id,
  name: sessions.name,
  command: sessions.command,
  cwd: sessions.cwd,
  status: sessions.status,
  endReason: sessions.endReason,
  pid: sessions.pid,
  exitCode: sessions.exitCode,
  signal: sessions.signal,
  error: sessions.error,
  createdAt: sessions.createdAt,
  startedAt: sessions.startedAt,
  endedAt: sessions.endedAt,
  outputBytes: sessions.outputBytes,
  source: sessions.source,
  client: sessions.client,
  timeoutSeconds: sessions.timeoutSeconds,
  host: sessions.host,
  tty: sessions.tty,
  cols: sessions.cols,
  rows: sessions.rows,
  waitingForInput: sessions.waitingForInput,
  // Only its names reach the API; the values stay in the store.
  env: sessions.env,
  pinned: sessions.pinned,
  rerunOf: sessions.rerunOf,
  latestRerun: sessions.latestRerun,
  cpuPercent: sessions.cpuPercent,
  rssBytes: sessions.rssBytes,
  processCount: sessions.processCount,
  ports: sessions.ports,
  sampledAt: sessions.sampledAt,
  peakRssBytes: sessions.peakRssBytes,
  cpuSeconds: sessions.cpuSeconds,
  lastOutputAt,
};

// A session the host just launched has no output yet, and comes without lastOutputAt.
export type ListedSession = Pick<Session, Exclude<keyof typeof listedColumns, 'lastOutputAt'>> & { lastOutputAt?: Date | null };

/** Which sessions a list or count covers: those of one status, those whose name or command holds a text. */
export type SessionFilter = { status?: SessionStatus; query?: string };

/** The text anywhere in the name or the command, ignoring the case of ASCII letters (as SQLite's lower() does). */
function matching(query: string | undefined): SQL | undefined {
  const needle = query?.trim().toLowerCase();
  if (!needle) return undefined;
  return sql`(instr(lower(${sessions.name}), ${needle}) > 0 OR instr(lower(${sessions.command}), ${needle}) > 0)`;
}

/**
 * Running sessions first, then the rest newest first; or those of one status. Two index walks
 * rather than one sort of the whole table: the cost follows the page asked for, not the number of
 * sessions stored (a text filter reads the rows it passes over).
 */
export function listSessions({ limit, status, query }: SessionFilter & { limit: number }): ListedSession[] {
  const text = matching(query);
  // One read transaction, one snapshot: a session the host ends between the two walks would
  // otherwise be listed twice, once running and once finished.
  return getDb().transaction((tx) => {
    const page = (where: SQL | undefined, rows: number) =>
      tx
        .select(listedColumns)
        .from(sessions)
        .where(and(where, text))
        .orderBy(desc(sessions.createdAt), desc(sessions.id))
        .limit(rows)
        .all();
    if (status) return page(eq(sessions.status, status), limit);
    const running = page(eq(sessions.status, 'running'), limit);
    if (running.length >= limit) return running;
    return [...running, ...page(ne(sessions.status, 'running'), limit - running.length)];
  });
}

/** How many sessions are stored, or how many a filter covers. */
export function countSessions({ status, query }: SessionFilter = {}): number {
  return countWhere(and(status ? eq(sessions.status, status) : undefined, matching(query)));
}

function countWhere(where: SQL | undefined): number {
  return getDb().select({ count: sql<number>`count(*)` }).from(sessions).where(where).get()?.count ?? 0;
}

export function listRunningSessions(): Session[] {
  return getDb().select().from(sessions).where(eq(sessions.status, 'running')).all();
}

export function markSessionStarted(id: string, start: SessionStart): void {
  getDb().update(sessions).set(start).where(eq(sessions.id, id)).run();
}

/** A session host that took over a running session whose own host is gone owns it from now on. */
export function markSessionAdopted(id: string, runner: { pid: number; startTime: string | null }): void {
  getDb().update(sessions).set({ runnerPid: runner.pid, runnerStartTime: runner.startTime }).where(eq(sessions.id, id)).run();
}

/** The session host's word on whether a terminal session waits for input; only while it runs. */
export function setWaitingForInput(id: string, waiting: boolean): void {
  getDb()
    .update(sessions)
    .set({ waitingForInput: waiting })
    .where(and(eq(sessions.id, id), eq(sessions.status, 'running')))
    .run();
}

export function setTerminalSize(id: string, cols: number, rows: number): void {
  getDb().update(sessions).set({ cols, rows }).where(eq(sessions.id, id)).run();
}

/**
 * Writes the last output and the end state together, so a reader never sees an ended session
 * with output still to come. Only a running session can end: `ended` is false otherwise.
 * `dropped`: the file ranges the cap let go.
 */
export function finishSession(
  id: string,
  end: SessionEnd,
  lastEntries: OutputEntry[],
  maxBytes = Number.MAX_SAFE_INTEGER,
): { ended: boolean; dropped: FileRange[] } {
  return getDb().transaction(
    (tx) => {
      const row = tx.select({ status: sessions.status }).from(sessions).where(eq(sessions.id, id)).get();
      if (row?.status !== 'running') return { ended: false, dropped: [] };
      const written = lastEntries.length > 0 ? insertEntries(id, lastEntries) : undefined;
      const dropped = written && written.keptBytes > maxBytes ? trimMiddle(tx, id, maxBytes) : [];
      tx.update(sessions).set({ ...end, waitingForInput: false }).where(eq(sessions.id, id)).run();
      return { ended: true, dropped };
    },
    { behavior: 'immediate' },
  );
}

export function setPinned(id: string, pinned: boolean): boolean {
  return getDb().update(sessions).set({ pinned }).where(eq(sessions.id, id)).run().changes > 0;
}

// What Clear Completed removes: finished and not pinned.
const removable = and(ne(sessions.status, 'running'), eq(sessions.pinned, false));

/** How many sessions Clear Completed would remove now. */
export function countClearableSessions(): number {
  return countWhere(removable);
}

// Well under SQLite's limit of bound parameters per statement.
const DELETE_BATCH = 500;

/**
 * Deletes finished sessions with their output at once: every one, or those of `ids`. Running and
 * pinned sessions are never touched, whatever `ids` holds (one may have been pinned since it was
 * chosen). Returns how many went.
 */
export function deleteFinishedSessions(ids?: string[]): number {
  const deleted = getDb().transaction(
    (tx) => {
      const remove = (where: SQL | undefined) => tx.delete(sessions).where(where).returning({ id: sessions.id }).all();
      if (!ids) return remove(removable);
      const batches = Array.from({ length: Math.ceil(ids.length / DELETE_BATCH) }, (_, i) => ids.slice(i * DELETE_BATCH, (i + 1) * DELETE_BATCH));
      return batches.flatMap((batch) => remove(and(removable, inArray(sessions.id, batch))));
    },
    { behavior: 'immediate' },
  );
  removeOutputFolders(deleted.map((row) => row.id));
  return deleted.length;
}

/** Gives a slice of the pages freed by deleted output back to the file system; true if more remain. */
export function reclaimFreePages(pages = 2048): boolean {
  const client = getDb().$client;
  client.pragma(`incremental_vacuum(${pages})`);
  return (client.pragma('freelist_count', { simple: true }) as number) > 0;
}

