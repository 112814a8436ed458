import { and, asc, eq, gt, inArray, sql } from 'drizzle-orm';
import { countNewlines } from '@/core/terminal/lines';
import type { ShownLines } from '@/core/terminal/line-screen';
import { getDb } from './index';
import { outputChunks, sessions, type OutputStream } from './schema';

/**
 * A range of a session's output file, already on disk: what the index records of it. `shown`
 * when it moved the cursor between lines: the lines as shown from `shown.lineStart` to the end.
 */
export type FileEntry = {
  stream: 'stdout' | 'stderr';
  at: Date;
  segment: number;
  offset: number;
  bytes: number;
  newlines: number;
  shown?: ShownLines;
};

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
        replaces: sql.placeholder('replaces'),
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
    const shown = inline ? undefined : entry.shown;
    const bytes = inline ? Buffer.byteLength(entry.text) : entry.bytes;
    const newlines = inline ? countNewlines(entry.text) : shown ? countNewlines(shown.text) : entry.newlines;
    if (entry.stream !== 'system') outputBytes += bytes;
    // Lines as shown replace those from their first on: the output ends where they end.
    if (shown) line = shown.lineStart;
    statements.insertChunk.run({
      sessionId: id,
      stream: entry.stream,
      at: entry.at,
      text: inline ? entry.text : (shown?.text ?? ''),
      segment: inline ? null : entry.segment,
      offset: inline ? null : entry.offset,
      lineStart: line,
      newlines,
      bytes,
      replaces: shown ? 1 : 0,
    });
    line += newlines;
  }
  statements.addTotals.run({ id, outputBytes, lineCount: line });
  return { keptBytes: session.outputBytes + outputBytes - session.droppedBytes };
}

/** Bytes of one output file that no row refers to any more: their disk space can be given back. */
export type FileRange = { segment: number; offset: number; bytes: number };

/**
 * Past `maxBytes`, keeps the head (the first half) and the tail (the newest output) and drops the
 * middle, a batch of rows at a time, down to 90% of the cap so that trimming happens once in a
 * while, not on every batch. The first dropped row becomes a `system` marker that says how much is
 * gone and keeps the dropped newlines, so later line numbers stay true. Returns the file ranges the
 * dropped rows covered (one per file: a run of rows in order covers one stretch of each).
 */
export function trimMiddle(tx: Tx, id: string, maxBytes: number): FileRange[] {
  const session = tx
    .select({ outputBytes: sessions.outputBytes, droppedBytes: sessions.droppedBytes, marker: sessions.dropMarkerSeq })
    .from(sessions)
    .where(eq(sessions.id, id))
    .get();
  if (!session) return [];
  let marker = session.marker;
  if (marker === null) {
    // The head ends where its bytes reach half the cap.
    const headEnd = tx.get<{ seq: number } | undefined>(sql`
      SELECT seq FROM (
        SELECT seq, sum(bytes) OVER (ORDER BY seq) AS total FROM ${outputChunks} WHERE session_id = ${id}
      ) WHERE total > ${Math.floor(maxBytes / 2)} LIMIT 1`);
    if (!headEnd) return [];
    marker = headEnd.seq;
  }
  const markerRow = tx.select().from(outputChunks).where(eq(outputChunks.seq, marker)).get();
  if (!markerRow) return [];
  const firstDrop = session.marker === null;
  // On the first trim the marker row itself is dropped output too.
  let excess = session.outputBytes - session.droppedBytes - Math.floor(maxBytes * 0.9) - (firstDrop ? markerRow.bytes : 0);
  const doomed: { seq: number; bytes: number; newlines: number; segment: number | null; offset: number | null }[] = [];
  for (let after = marker; excess > 0; ) {
    const page = tx
      .select({ seq: outputChunks.seq, bytes: outputChunks.bytes, newlines: outputChunks.newlines, segment: outputChunks.segment, offset: outputChunks.offset })
      .from(outputChunks)
      .where(and(eq(outputChunks.sessionId, id), gt(outputChunks.seq, after)))
      .orderBy(asc(outputChunks.seq))
      .limit(256)
      .all();
    if (page.length === 0) break;
    for (const row of page) {
      if (excess <= 0) break;
      doomed.push(row);
      excess -= row.bytes;
    }
    after = page[page.length - 1].seq;
  }
  const dropped = firstDrop ? [markerRow, ...doomed] : doomed;
  if (dropped.length === 0) return [];
  for (let i = 0; i < doomed.length; i += 500) {
    tx.delete(outputChunks).where(inArray(outputChunks.seq, doomed.slice(i, i + 500).map((row) => row.seq))).run();
  }
  const totalDropped = session.droppedBytes + dropped.reduce((sum, row) => sum + row.bytes, 0);
  const droppedNewlines = dropped.reduce((sum, row) => sum + row.newlines, 0);
  tx.update(outputChunks)
    .set({
      stream: 'system',
      text: `[… ${formatMiB(totalDropped)} of output dropped here: over MAX_OUTPUT_BYTES, the head and the tail are kept …]\n`,
      segment: null,
      offset: null,
      newlines: (firstDrop ? 0 : markerRow.newlines) + droppedNewlines,
      bytes: 0,
    })
    .where(eq(outputChunks.seq, marker))
    .run();
  tx.update(sessions).set({ droppedBytes: totalDropped, dropMarkerSeq: marker }).where(eq(sessions.id, id)).run();
  return fileRanges(dropped);
}

function fileRanges(rows: { segment: number | null; offset: number | null; bytes: number }[]): FileRange[] {
  const spans = new Map<number, { start: number; end: number }>();
  for (const row of rows) {
    if (row.segment === null || row.offset === null || row.bytes === 0) continue;
    const span = spans.get(row.segment);
    const end = row.offset + row.bytes;
    if (!span) spans.set(row.segment, { start: row.offset, end });
    else spans.set(row.segment, { start: Math.min(span.start, row.offset), end: Math.max(span.end, end) });
  }
  return [...spans].map(([segment, { start, end }]) => ({ segment, offset: start, bytes: end - start }));
}

function formatMiB(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MiB` : `${bytes} bytes`;
}

/**
 * Indexes a batch of output in one transaction. `stored` is false when the session no longer
 * exists; `dropped` the file ranges the cap let go.
 */
export function appendOutput(id: string, entries: OutputEntry[], maxBytes = Number.MAX_SAFE_INTEGER): { stored: boolean; dropped: FileRange[] } {
  return getDb().transaction(
    (tx) => {
      const written = insertEntries(id, entries);
      if (!written) return { stored: false, dropped: [] };
      return { stored: true, dropped: written.keptBytes > maxBytes ? trimMiddle(tx, id, maxBytes) : [] };
    },
    { behavior: 'immediate' },
  );
}
