import { and, asc, desc, eq, gt, inArray, ne, sql, type SQL } from 'drizzle-orm';
import { addChunkToLines, countNewlines, MAX_LINE_CHARS, type AssembledLine } from '@/core/terminal/lines';
import { getDb } from './index';
import {
  outputChunks,
  sessions,
  type EndReason,
  type NewSession,
  type OutputStream,
  type Session,
  type SessionStatus,
} from './schema';

export type PendingChunk = { stream: OutputStream; text: string; at: Date };

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
  return getDb().transaction((tx) => tx.insert(sessions).values(row).returning().get(), { behavior: 'immediate' });
}

export function getSession(id: string): Session | undefined {
  return getDb().select().from(sessions).where(eq(sessions.id, id)).get();
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
};

export type ListedSession = Pick<Session, keyof typeof listedColumns>;

/**
 * Running sessions first, then the rest newest first; or those of one status. Two index walks
 * rather than one sort of the whole table: the cost follows the page asked for, not the number of
 * sessions stored.
 */
export function listSessions({ limit, status }: { limit: number; status?: SessionStatus }): ListedSession[] {
  const db = getDb();
  const page = (where: SQL | undefined, rows: number) =>
    db.select(listedColumns).from(sessions).where(where).orderBy(desc(sessions.createdAt), desc(sessions.id)).limit(rows).all();
  if (status) return page(eq(sessions.status, status), limit);
  const running = page(eq(sessions.status, 'running'), limit);
  if (running.length >= limit) return running;
  return [...running, ...page(ne(sessions.status, 'running'), limit - running.length)];
}

/** How many sessions are stored, or how many of one status. */
export function countSessions(status?: SessionStatus): number {
  const query = getDb().select({ count: sql<number>`count(*)` }).from(sessions);
  return (status ? query.where(eq(sessions.status, status)) : query).get()?.count ?? 0;
}

export function listRunningSessions(): Session[] {
  return getDb().select().from(sessions).where(eq(sessions.status, 'running')).all();
}

export function markSessionStarted(id: string, start: SessionStart): void {
  getDb().update(sessions).set(start).where(eq(sessions.id, id)).run();
}

type Tx = Parameters<Parameters<ReturnType<typeof getDb>['transaction']>[0]>[0];

// The hot path of a firehose: statements prepared once per connection, not rebuilt per batch.
function prepareWriteStatements(db: ReturnType<typeof getDb>) {
  return {
    session: db
      .select({
        lineCount: sessions.lineCount,
        outputBytes: sessions.outputBytes,
        droppedBytes: sessions.droppedBytes,
      })
      .from(sessions)
      .where(eq(sessions.id, sql.placeholder('id')))
      .prepare(),
    insertChunk: db
      .insert(outputChunks)
      .values({
        sessionId: sql.placeholder('sessionId'),
        stream: sql.placeholder('stream'),
        at: sql.placeholder('at'),
        text: sql.placeholder('text'),
        lineStart: sql.placeholder('lineStart'),
        newlines: sql.placeholder('newlines'),
        bytes: sql.placeholder('bytes'),
      })
      .prepare(),
    addTotals: db
      .update(sessions)
      .set({
        outputBytes: sql`${sessions.outputBytes} + ${sql.placeholder('outputBytes')}`,
        lineCount: sql`${sql.placeholder('lineCount')}`,
      })
      .where(eq(sessions.id, sql.placeholder('id')))
      .prepare(),
  };
}

const writeStatements = new WeakMap<object, ReturnType<typeof prepareWriteStatements>>();

function statementsFor(db: ReturnType<typeof getDb>) {
  let statements = writeStatements.get(db);
  if (!statements) writeStatements.set(db, (statements = prepareWriteStatements(db)));
  return statements;
}

/** Inserts chunks with their line numbers and adds them to the session's totals; false if it is gone. */
function insertChunks(id: string, chunks: PendingChunk[]): { keptBytes: number } | undefined {
  const statements = statementsFor(getDb());
  const session = statements.session.get({ id });
  if (!session) return undefined;
  let line = session.lineCount;
  // The byte count is the command's own output: the console's `system` lines do not count.
  let outputBytes = 0;
  for (const chunk of chunks) {
    const bytes = Buffer.byteLength(chunk.text);
    const newlines = countNewlines(chunk.text);
    if (chunk.stream !== 'system') outputBytes += bytes;
    statements.insertChunk.run({ sessionId: id, stream: chunk.stream, at: chunk.at, text: chunk.text, lineStart: line, newlines, bytes });
    line += newlines;
  }
  statements.addTotals.run({ id, outputBytes, lineCount: line });
  return { keptBytes: session.outputBytes + outputBytes - session.droppedBytes };
}

/**
 * Past `maxBytes`, keeps the head (the first half) and the tail (the newest half) and drops the
 * middle, a batch of chunks at a time. The first dropped chunk becomes a `system` marker that says
 * how much is gone and keeps the dropped newlines, so later line numbers stay true.
 */
function trimMiddle(tx: Tx, id: string, maxBytes: number) {
  const session = tx
    .select({ outputBytes: sessions.outputBytes, droppedBytes: sessions.droppedBytes, marker: sessions.dropMarkerSeq })
    .from(sessions)
    .where(eq(sessions.id, id))
    .get();
  if (!session) return;
  let marker = session.marker;
  if (marker === null) {
    // The head ends where its bytes reach half the cap.
    const headEnd = tx.get<{ seq: number } | undefined>(sql`
      SELECT seq FROM (
        SELECT seq, sum(bytes) OVER (ORDER BY seq) AS total FROM ${outputChunks} WHERE session_id = ${id}
      ) WHERE total > ${Math.floor(maxBytes / 2)} LIMIT 1`);
    if (!headEnd) return;
    marker = headEnd.seq;
  }
  // Drop down to 90% of the cap, so that trimming happens once in a while, not on every batch.
  let excess = session.outputBytes - session.droppedBytes - Math.floor(maxBytes * 0.9);
  // On the first trim the marker row itself is dropped output too.
  if (session.marker === null) {
    excess -= tx.select({ bytes: outputChunks.bytes }).from(outputChunks).where(eq(outputChunks.seq, marker)).get()?.bytes ?? 0;
  }
  let dropped = 0;
  let droppedNewlines = 0;
  const doomed: number[] = [];
  for (let after = marker; excess > 0; ) {
    const page = tx
      .select({ seq: outputChunks.seq, bytes: outputChunks.bytes, newlines: outputChunks.newlines })
      .from(outputChunks)
      .where(and(eq(outputChunks.sessionId, id), gt(outputChunks.seq, after)))
      .orderBy(asc(outputChunks.seq))
      .limit(256)
      .all();
    if (page.length === 0) break;
    for (const row of page) {
      if (excess <= 0) break;
      doomed.push(row.seq);
      dropped += row.bytes;
      droppedNewlines += row.newlines;
      excess -= row.bytes;
    }
    after = page[page.length - 1].seq;
  }
  const markerRow = tx.select().from(outputChunks).where(eq(outputChunks.seq, marker)).get();
  if (!markerRow) return;
  const firstDrop = session.marker === null;
  if (firstDrop) {
    dropped += markerRow.bytes;
    droppedNewlines += markerRow.newlines;
  }
  for (let i = 0; i < doomed.length; i += 500) {
    tx.delete(outputChunks).where(inArray(outputChunks.seq, doomed.slice(i, i + 500))).run();
  }
  const totalDropped = session.droppedBytes + dropped;
  tx.update(outputChunks)
    .set({
      stream: 'system',
      text: `[… ${formatMiB(totalDropped)} of output dropped here: over MAX_OUTPUT_BYTES, the head and the tail are kept …]\n`,
      newlines: (firstDrop ? 0 : markerRow.newlines) + droppedNewlines,
      bytes: 0,
    })
    .where(eq(outputChunks.seq, marker))
    .run();
  tx.update(sessions).set({ droppedBytes: totalDropped, dropMarkerSeq: marker }).where(eq(sessions.id, id)).run();
}

function formatMiB(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MiB` : `${bytes} bytes`;
}

/** Appends a batch of output in one transaction; returns false when the session no longer exists. */
export function appendOutput(id: string, chunks: PendingChunk[], maxBytes = Number.MAX_SAFE_INTEGER): boolean {
  return getDb().transaction(
    (tx) => {
      const written = insertChunks(id, chunks);
      if (!written) return false;
      if (written.keptBytes > maxBytes) trimMiddle(tx, id, maxBytes);
      return true;
    },
    { behavior: 'immediate' },
  );
}

/**
 * Writes the last output and the end state together, so a reader never sees an ended session
 * with output still to come. Only a running session can end: returns false otherwise.
 */
export function finishSession(
  id: string,
  end: SessionEnd,
  lastChunks: PendingChunk[],
  maxBytes = Number.MAX_SAFE_INTEGER,
): boolean {
  return getDb().transaction(
    (tx) => {
      const row = tx.select({ status: sessions.status }).from(sessions).where(eq(sessions.id, id)).get();
      if (row?.status !== 'running') return false;
      const written = lastChunks.length > 0 ? insertChunks(id, lastChunks) : undefined;
      if (written && written.keptBytes > maxBytes) trimMiddle(tx, id, maxBytes);
      tx.update(sessions).set(end).where(eq(sessions.id, id)).run();
      return true;
    },
    { behavior: 'immediate' },
  );
}

export type OutputPage = {
  chunks: { seq: number; stream: OutputStream; text: string; at: Date; lineStart: number }[];
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
      .select({
        seq: outputChunks.seq,
        stream: outputChunks.stream,
        text: outputChunks.text,
        at: outputChunks.at,
        lineStart: outputChunks.lineStart,
      })
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

export type LinesPage = {
  lines: AssembledLine[];
  /** Lines the session has so far, a last line without its newline included. */
  totalLines: number;
  /** The seq of the newest chunk read: stream from here to get what comes after. */
  cursor: number;
  done: boolean;
};

/** The newest chunk of a session, and whether the output ends with a newline there. */
function newestChunkEnd(tx: Tx, id: string): { seq: number; atLineStart: boolean } | undefined {
  const newest = tx
    .select({ seq: outputChunks.seq, last: sql<string>`substr(${outputChunks.text}, -1)` })
    .from(outputChunks)
    .where(eq(outputChunks.sessionId, id))
    .orderBy(desc(outputChunks.seq))
    .limit(1)
    .get();
  return newest && { seq: newest.seq, atLineStart: newest.last === '\n' || newest.last === '' };
}

/** Whether a console line written now would start on a line of its own. */
export function outputEndsAtLineStart(id: string): boolean {
  return getDb().transaction((tx) => newestChunkEnd(tx, id)?.atLineStart ?? true);
}

const lineChunkColumns = {
  seq: outputChunks.seq,
  stream: outputChunks.stream,
  text: outputChunks.text,
  lineStart: outputChunks.lineStart,
  newlines: outputChunks.newlines,
};

/**
 * Lines [from, to] (0-based, inclusive), or the last `tail` lines. Only the chunks that hold those
 * lines are read, found through the (session, line) index: the cost follows what is returned.
 */
export function readLines(
  params: { id: string } & ({ from: number; to: number } | { tail: number }),
): LinesPage | undefined {
  return getDb().transaction((tx) => {
    const session = tx
      .select({ status: sessions.status, lineCount: sessions.lineCount })
      .from(sessions)
      .where(eq(sessions.id, params.id))
      .get();
    if (!session) return undefined;
    const newest = newestChunkEnd(tx, params.id);
    const partialLast = newest !== undefined && !newest.atLineStart;
    const totalLines = session.lineCount + (partialLast ? 1 : 0);
    const done = session.status !== 'running';
    const cursor = newest?.seq ?? 0;
    const [from, to] =
      'tail' in params ? [Math.max(0, totalLines - params.tail), totalLines - 1] : [params.from, Math.min(params.to, totalLines - 1)];
    if (to < from) return { lines: [], totalLines, cursor, done };

    // The chunk holding the start of line `from`: the last one that starts before it (its text
    // holds the newline that ends line from-1), or the first of all for line 0.
    const first = tx
      .select({ seq: outputChunks.seq })
      .from(outputChunks)
      .where(and(eq(outputChunks.sessionId, params.id), from === 0 ? sql`1` : sql`${outputChunks.lineStart} < ${from}`))
      .orderBy(from === 0 ? asc(outputChunks.lineStart) : desc(outputChunks.lineStart), from === 0 ? asc(outputChunks.seq) : desc(outputChunks.seq))
      .limit(1)
      .get();
    const beyond = tx
      .select({ seq: outputChunks.seq })
      .from(outputChunks)
      .where(and(eq(outputChunks.sessionId, params.id), gt(outputChunks.lineStart, to)))
      .orderBy(asc(outputChunks.lineStart), asc(outputChunks.seq))
      .limit(1)
      .get();
    const inRange = and(
      eq(outputChunks.sessionId, params.id),
      sql`${outputChunks.seq} >= ${first?.seq ?? 0}`,
      beyond ? sql`${outputChunks.seq} < ${beyond.seq}` : undefined,
    );
    // One huge line (minified JSON, hours of `\r` progress) may span thousands of chunks: past
    // what a line shows, its text is not read at all, only counted as truncated.
    const meta = tx
      .select({ seq: outputChunks.seq, lineStart: outputChunks.lineStart, newlines: outputChunks.newlines, bytes: outputChunks.bytes })
      .from(outputChunks)
      .where(inRange)
      .orderBy(asc(outputChunks.seq))
      .all();
    const needed: number[] = [];
    const skippedBytes = new Map<number, number>();
    let runBytes = 0;
    // The last chunk skipped in a run: if it redraws with \r (a progress bar), the line shows it.
    let lastSkipped: { seq: number; lineStart: number } | undefined;
    const keepNewestRedraw = () => {
      if (!lastSkipped) return;
      const redraws = tx
        .select({ at: sql<number>`instr(${outputChunks.text}, char(13))` })
        .from(outputChunks)
        .where(eq(outputChunks.seq, lastSkipped.seq))
        .get();
      if (redraws && redraws.at > 0) {
        needed.push(lastSkipped.seq);
        skippedBytes.delete(lastSkipped.lineStart);
      }
      lastSkipped = undefined;
    };
    for (const chunk of meta) {
      if (chunk.newlines === 0 && runBytes >= 4 * MAX_LINE_CHARS) {
        skippedBytes.set(chunk.lineStart, (skippedBytes.get(chunk.lineStart) ?? 0) + chunk.bytes);
        lastSkipped = chunk;
        continue;
      }
      keepNewestRedraw();
      runBytes = chunk.newlines === 0 ? runBytes + chunk.bytes : 0;
      needed.push(chunk.seq);
    }
    keepNewestRedraw();
    const lines = new Map<number, AssembledLine>();
    for (let i = 0; i < needed.length; i += 500) {
      const chunks = tx
        .select(lineChunkColumns)
        .from(outputChunks)
        .where(inArray(outputChunks.seq, needed.slice(i, i + 500)))
        .orderBy(asc(outputChunks.seq))
        .all();
      for (const chunk of chunks) addChunkToLines(lines, chunk, from, to);
    }
    for (const [n, bytes] of skippedBytes) {
      const line = lines.get(n);
      if (line) line.truncated = (line.truncated ?? 0) + bytes;
    }
    return { lines: [...lines.values()].sort((a, b) => a.n - b.n), totalLines, cursor, done };
  });
}

/**
 * Line numbers (1-based) whose text holds `query`, case-insensitively for ASCII letters. One pass
 * over the rows in SQLite: the text of a row comes back only when it holds a match, and each row's
 * first and last few characters always do, so that a match split between two rows is found too.
 */
export function searchOutput({ id, query, limit }: { id: string; query: string; limit: number }) {
  // ASCII-only folding on both sides, as SQLite's lower() does.
  const fold = (text: string) => text.replace(/[A-Z]+/g, (letters) => letters.toLowerCase());
  const needle = fold(query);
  const edge = needle.length - 1;
  const lines: number[] = [];
  // Sorted and without repeats; false once past the limit.
  const found = (line: number) => {
    if (lines.length === 0 || line + 1 > lines[lines.length - 1]) lines.push(line + 1);
    return lines.length <= limit;
  };
  let previousTail = '';
  for (let after = 0; ; ) {
    const rows = getDb()
      .select({
        seq: outputChunks.seq,
        lineStart: outputChunks.lineStart,
        text: sql<string | null>`CASE WHEN instr(lower(${outputChunks.text}), ${needle}) > 0 THEN ${outputChunks.text} END`,
        head: edge > 0 ? sql<string>`substr(${outputChunks.text}, 1, ${edge})` : sql<string>`''`,
        // By bytes: a negative character offset would make SQLite count every character of the row.
        tail: edge > 0 ? sql<Buffer | null>`substr(CAST(${outputChunks.text} AS BLOB), ${-4 * edge})` : sql<null>`NULL`,
      })
      .from(outputChunks)
      .where(and(eq(outputChunks.sessionId, id), gt(outputChunks.seq, after)))
      .orderBy(asc(outputChunks.seq))
      .limit(256)
      .all();
    if (rows.length === 0) return { lines, truncated: false };
    for (const row of rows) {
      // Across the boundary: starts in the row before, ends in this one.
      const seam = fold(previousTail + row.head);
      for (let at = seam.indexOf(needle); at !== -1 && at < previousTail.length; at = seam.indexOf(needle, at + 1)) {
        if (at + needle.length <= previousTail.length) continue;
        if (!found(row.lineStart - countNewlines(previousTail.slice(at)))) return { lines: lines.slice(0, limit), truncated: true };
      }
      // The last `edge` characters of all the output so far (a short row is all in its tail);
      // enough bytes for that, and a character cut at the front is dropped by the slice.
      previousTail = row.tail ? (previousTail + row.tail.toString('utf8')).slice(-edge) : '';
      if (row.text === null) continue;
      const haystack = fold(row.text);
      let line = row.lineStart;
      let scanned = 0;
      for (let at = haystack.indexOf(needle); at !== -1; at = haystack.indexOf(needle, at + needle.length)) {
        line += countNewlines(haystack.slice(scanned, at));
        scanned = at;
        if (!found(line)) return { lines: lines.slice(0, limit), truncated: true };
      }
    }
    after = rows[rows.length - 1].seq;
  }
}
