import { and, asc, eq, inArray, isNotNull, sql } from 'drizzle-orm';
import { countNewlines } from '@/core/terminal/lines';
import { getDb } from './index';
import { removeSegments } from './output-files';
import { outputChunks, sessions, type OutputStream } from './schema';

/** A range of a session's output file, already on disk: what the index records of it. */
export type FileEntry = { stream: 'stdout' | 'stderr'; at: Date; segment: number; offset: number; bytes: number; newlines: number };

/** Text kept in the store itself: the console's own lines (and, in tests, seeded output). */
export type TextEntry = { stream: OutputStream; at: Date; text: string };

export type OutputEntry = FileEntry | TextEntry;

type Tx = Parameters<Parameters<ReturnType<typeof getDb>['transaction']>[0]>[0];

// The hot path of a firehose: statements prepared once per connection, not rebuilt per batch.
function prepareWriteStatements(db: ReturnType<typeof getDb>) {
  return {
    session: db
      .select({ lineCount: sessions.lineCount, outputBytes: sessions.outputBytes, droppedBytes: sessions.droppedBytes })
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
        segment: sql.placeholder('segment'),
        offset: sql.placeholder('offset'),
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

/** Indexes entries with their line numbers and adds them to the session's totals; undefined if it is gone. */
export function insertEntries(id: string, entries: OutputEntry[]): { keptBytes: number } | undefined {
  const statements = statementsFor(getDb());
  const session = statements.session.get({ id });
  if (!session) return undefined;
  let line = session.lineCount;
  // The byte count is the command's own output: the console's `system` lines do not count.
  let outputBytes = 0;
  for (const entry of entries) {
    const inline = 'text' in entry;
    const bytes = inline ? Buffer.byteLength(entry.text) : entry.bytes;
    const newlines = inline ? countNewlines(entry.text) : entry.newlines;
    if (entry.stream !== 'system') outputBytes += bytes;
    statements.insertChunk.run({
      sessionId: id,
      stream: entry.stream,
      at: entry.at,
      text: inline ? entry.text : '',
      segment: inline ? null : entry.segment,
      offset: inline ? null : entry.offset,
      lineStart: line,
      newlines,
      bytes,
    });
    line += newlines;
  }
  statements.addTotals.run({ id, outputBytes, lineCount: line });
  return { keptBytes: session.outputBytes + outputBytes - session.droppedBytes };
}

/**
 * Past `maxBytes`, keeps the head (the segments that began in the first half) and the newest
 * output, and drops whole segments from the middle down to 90% of the cap, so that trimming happens
 * once in a while, not on every batch; the segment being written is never dropped. The first
 * dropped row becomes a `system` marker that says how much is gone and keeps the dropped newlines,
 * so later line numbers stay true. Returns the segments whose files can go once this commits.
 */
export function trimMiddle(tx: Tx, id: string, maxBytes: number): number[] {
  const session = tx
    .select({ outputBytes: sessions.outputBytes, droppedBytes: sessions.droppedBytes, marker: sessions.dropMarkerSeq })
    .from(sessions)
    .where(eq(sessions.id, id))
    .get();
  if (!session) return [];
  const segments = tx
    .select({
      segment: sql<number>`${outputChunks.segment}`,
      bytes: sql<number>`sum(${outputChunks.bytes})`,
      newlines: sql<number>`sum(${outputChunks.newlines})`,
      firstSeq: sql<number>`min(${outputChunks.seq})`,
    })
    .from(outputChunks)
    .where(and(eq(outputChunks.sessionId, id), isNotNull(outputChunks.segment)))
    .groupBy(outputChunks.segment)
    .orderBy(asc(outputChunks.segment))
    .all();
  let head = 0;
  for (let total = 0; head < segments.length && total < maxBytes / 2; head++) total += segments[head].bytes;
  let excess = session.outputBytes - session.droppedBytes - Math.floor(maxBytes * 0.9);
  const doomed = [];
  for (let i = head; i < segments.length - 1 && excess > 0; i++) {
    doomed.push(segments[i]);
    excess -= segments[i].bytes;
  }
  if (doomed.length === 0) return [];
  const dropped = doomed.reduce((sum, segment) => sum + segment.bytes, 0);
  const droppedNewlines = doomed.reduce((sum, segment) => sum + segment.newlines, 0);
  const numbers = doomed.map((segment) => segment.segment);
  const existing = session.marker === null ? undefined : tx.select().from(outputChunks).where(eq(outputChunks.seq, session.marker)).get();
  const marker = existing?.seq ?? doomed[0].firstSeq;
  tx.delete(outputChunks)
    .where(and(eq(outputChunks.sessionId, id), inArray(outputChunks.segment, numbers), sql`${outputChunks.seq} <> ${marker}`))
    .run();
  const totalDropped = session.droppedBytes + dropped;
  tx.update(outputChunks)
    .set({
      stream: 'system',
      text: `[… ${formatMiB(totalDropped)} of output dropped here: over MAX_OUTPUT_BYTES, the head and the tail are kept …]\n`,
      segment: null,
      offset: null,
      newlines: (existing?.newlines ?? 0) + droppedNewlines,
      bytes: 0,
    })
    .where(eq(outputChunks.seq, marker))
    .run();
  tx.update(sessions).set({ droppedBytes: totalDropped, dropMarkerSeq: marker }).where(eq(sessions.id, id)).run();
  return numbers;
}

function formatMiB(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MiB` : `${bytes} bytes`;
}

/** Indexes a batch of output in one transaction; returns false when the session no longer exists. */
export function appendOutput(id: string, entries: OutputEntry[], maxBytes = Number.MAX_SAFE_INTEGER): boolean {
  let unneeded: number[] = [];
  const stored = getDb().transaction(
    (tx) => {
      const written = insertEntries(id, entries);
      if (!written) return false;
      if (written.keptBytes > maxBytes) unneeded = trimMiddle(tx, id, maxBytes);
      return true;
    },
    { behavior: 'immediate' },
  );
  removeSegments(id, unneeded);
  return stored;
}
