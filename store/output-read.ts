import { and, asc, desc, eq, gt, gte, inArray, lt, lte, sql } from 'drizzle-orm';
import { stampLineStarts } from '@/core/terminal/line-times';
import { LINE_WINDOW } from '@/core/terminal/line-screen';
import { addChunkToLines, MAX_LINE_CHARS, type AssembledLine } from '@/core/terminal/lines';
import { getDb } from './index';
import { readSegment } from './output-files';
import { outputChunks, sessions, type OutputStream } from './schema';

type Tx = Parameters<Parameters<ReturnType<typeof getDb>['transaction']>[0]>[0];

/**
 * Where a row's text is: in the row (the console's lines, older output) or in a file range. Read
 * as lines (`replaces` selected), a row that replaces has its lines as shown in the row instead.
 */
type RowSource = { text: string; segment: number | null; offset: number | null; bytes: number; replaces?: boolean };

// Adjacent ranges are read together up to this much: one read for a page of a firehose.
const MAX_SPAN_BYTES = 4 * 1024 * 1024;

/** A row of its own (inline text), or a run of rows whose ranges follow each other in one segment. */
type Span = { start: number; end: number; file?: { segment: number; offset: number; bytes: number } };

/** Splits rows into spans, each read from disk at once: one read for a page of a firehose. */
function* spans(rows: RowSource[]): Generator<Span> {
  for (let start = 0; start < rows.length; ) {
    const first = rows[start];
    if (first.segment === null || first.offset === null || first.replaces) {
      yield { start, end: ++start };
      continue;
    }
    let end = start + 1;
    let bytes = first.bytes;
    for (; end < rows.length; end++) {
      const row = rows[end];
      if (row.segment !== first.segment || row.offset !== first.offset + bytes || bytes + row.bytes > MAX_SPAN_BYTES || row.replaces) break;
      bytes += row.bytes;
    }
    yield { start, end, file: { segment: first.segment, offset: first.offset, bytes } };
    start = end;
  }
}

/**
 * Each row with its text: its own, or its file range decoded. A row never splits a character (the
 * host cuts rows between them), so each decodes on its own.
 */
export function withText<T extends RowSource>(sessionId: string, rows: T[]): (T & { text: string })[] {
  const texts: string[] = new Array(rows.length);
  for (const { start, end, file } of spans(rows)) {
    if (!file) {
      texts[start] = rows[start].text;
      continue;
    }
    const bytes = readSegment(sessionId, file.segment, file.offset, file.bytes);
    for (let i = start, at = 0; i < end; at += rows[i].bytes, i++) {
      texts[i] = bytes.toString('utf8', Math.min(at, bytes.length), Math.min(at + rows[i].bytes, bytes.length));
    }
  }
  return rows.map((row, i) => ({ ...row, text: texts[i] }));
}

const rowSourceColumns = {
  text: outputChunks.text,
  segment: outputChunks.segment,
  offset: outputChunks.offset,
  bytes: outputChunks.bytes,
};

/** Where the index of each of a session's files ends: a host that takes the session over reads on from there. */
export function indexedEnds(id: string): Map<number, number> {
  const rows = getDb()
    .select({ segment: sql<number>`${outputChunks.segment}`, end: sql<number>`max(${outputChunks.offset} + ${outputChunks.bytes})` })
    .from(outputChunks)
    .where(and(eq(outputChunks.sessionId, id), sql`${outputChunks.segment} IS NOT NULL`))
    .groupBy(outputChunks.segment)
    .all();
  return new Map(rows.map((row) => [row.segment, row.end]));
}

export type OutputPage = {
  /** `shown`: for a chunk that moved the cursor between lines, the lines as shown from `lineStart` to the end. */
  chunks: { seq: number; stream: OutputStream; text: string; at: Date; lineStart: number; shown?: string }[];
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
        at: outputChunks.at,
        lineStart: outputChunks.lineStart,
        replaces: outputChunks.replaces,
        ...rowSourceColumns,
      })
      .from(outputChunks)
      .where(and(eq(outputChunks.sessionId, id), gt(outputChunks.seq, after)))
      .orderBy(asc(outputChunks.seq))
      .limit(limit + 1)
      .all();
    const more = rows.length > limit;
    const kept = more ? rows.slice(0, limit) : rows;
    // The raw text of each (the bytes as written); the lines as shown beside it where they differ.
    const page = withText(id, kept.map((row) => ({ ...row, replaces: false })));
    const chunks = page.map(({ seq, stream, text, at, lineStart }, i) => ({
      seq,
      stream,
      text,
      at,
      lineStart,
      ...(kept[i].replaces && { shown: kept[i].text }),
    }));
    const next = chunks.length > 0 ? chunks[chunks.length - 1].seq : after;
    return { chunks, next, done: session.status !== 'running' && !more };
  });
}

/**
 * Pages of raw output bytes in order, for a download: the command's bytes exactly as written, with
 * the marker line of a dropped middle (and older sessions' stored text) in their places.
 */
export function* outputBytes(id: string, pageRows = 256): Generator<Buffer> {
  for (let after = 0; ; ) {
    const rows = getDb()
      .select({ seq: outputChunks.seq, stream: outputChunks.stream, dropped: sql<number>`${outputChunks.seq} = ${sessions.dropMarkerSeq}`, ...rowSourceColumns })
      .from(outputChunks)
      .innerJoin(sessions, eq(sessions.id, outputChunks.sessionId))
      .where(and(eq(outputChunks.sessionId, id), gt(outputChunks.seq, after)))
      .orderBy(asc(outputChunks.seq))
      .limit(pageRows)
      .all();
    if (rows.length === 0) return;
    after = rows[rows.length - 1].seq;
    // The console's own lines are not the command's output; a dropped middle must not pass unseen.
    const kept = rows.filter((row) => row.stream !== 'system' || row.dropped);
    for (const { start, file } of spans(kept)) yield file ? readSegment(id, file.segment, file.offset, file.bytes) : Buffer.from(kept[start].text);
  }
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
    .select({
      seq: outputChunks.seq,
      last: sql<string>`substr(${outputChunks.text}, -1)`,
      segment: outputChunks.segment,
      offset: outputChunks.offset,
      bytes: outputChunks.bytes,
      replaces: outputChunks.replaces,
    })
    .from(outputChunks)
    .where(eq(outputChunks.sessionId, id))
    .orderBy(desc(outputChunks.seq))
    .limit(1)
    .get();
  if (!newest) return undefined;
  const last =
    newest.segment === null || newest.offset === null || newest.bytes === 0 || newest.replaces
      ? newest.last
      : readSegment(id, newest.segment, newest.offset + newest.bytes - 1, 1).toString('latin1');
  return { seq: newest.seq, atLineStart: last === '\n' || last === '' };
}

/** Whether a console line written now would start on a line of its own. */
export function outputEndsAtLineStart(id: string): boolean {
  return getDb().transaction((tx) => newestChunkEnd(tx, id)?.atLineStart ?? true);
}

const lineChunkColumns = {
  seq: outputChunks.seq,
  stream: outputChunks.stream,
  at: outputChunks.at,
  lineStart: outputChunks.lineStart,
  newlines: outputChunks.newlines,
  replaces: outputChunks.replaces,
  ...rowSourceColumns,
};

/**
 * The row lines from `from` on are read from: the newest that starts before line `from` (it holds
 * the newline that ends line from-1) or that replaces the lines from `from` on. No row before it
 * changes those lines any more. Rows are renumbered only within the newest LINE_WINDOW lines, so
 * it is among the rows that start a few windows before the last one to start before `from`.
 */
function startRow(tx: Tx, id: string, from: number): { seq: number } | undefined {
  const replacing = tx
    .select({ seq: outputChunks.seq })
    .from(outputChunks)
    .where(and(eq(outputChunks.sessionId, id), eq(outputChunks.lineStart, from), eq(outputChunks.replaces, true)))
    .orderBy(desc(outputChunks.seq))
    .limit(1)
    .get();
  const highest =
    from === 0
      ? undefined
      : tx
          .select({ lineStart: outputChunks.lineStart })
          .from(outputChunks)
          .where(and(eq(outputChunks.sessionId, id), lt(outputChunks.lineStart, from)))
          .orderBy(desc(outputChunks.lineStart))
          .limit(1)
          .get();
  const before = highest
    ? tx
        .select({ seq: outputChunks.seq })
        .from(outputChunks)
        .where(and(eq(outputChunks.sessionId, id), gte(outputChunks.lineStart, highest.lineStart - 4 * LINE_WINDOW), lt(outputChunks.lineStart, from)))
        .orderBy(desc(outputChunks.seq))
        .limit(1)
        .get()
    : undefined;
  return (replacing?.seq ?? 0) > (before?.seq ?? 0) ? replacing : before;
}

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

    // The start row, then every later row that starts within the range (later ones start at
    // `from` or after it: see startRow).
    const first = startRow(tx, params.id, from);
    const inRange = and(
      eq(outputChunks.sessionId, params.id),
      first
        ? sql`(${outputChunks.seq} = ${first.seq} OR (${outputChunks.seq} > ${first.seq} AND ${outputChunks.lineStart} BETWEEN ${from} AND ${to}))`
        : lte(outputChunks.lineStart, to),
    );
    // One huge line (minified JSON, hours of `\r` progress) may span thousands of chunks: past
    // what a line shows, its text is not read at all, only counted as truncated.
    const meta = tx
      .select({ seq: outputChunks.seq, lineStart: outputChunks.lineStart, newlines: outputChunks.newlines, bytes: outputChunks.bytes, replaces: outputChunks.replaces })
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
      const row = tx.select(rowSourceColumns).from(outputChunks).where(eq(outputChunks.seq, lastSkipped.seq)).get();
      if (row && withText(params.id, [row])[0].text.includes('\r')) {
        needed.push(lastSkipped.seq);
        skippedBytes.delete(lastSkipped.lineStart);
      }
      lastSkipped = undefined;
    };
    for (const chunk of meta) {
      if (chunk.replaces) {
        // Lines as shown: whatever came before for these lines is gone, skipped parts included.
        lastSkipped = undefined;
        for (const n of skippedBytes.keys()) if (n >= chunk.lineStart) skippedBytes.delete(n);
        runBytes = 0;
        needed.push(chunk.seq);
        continue;
      }
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
      const chunks = withText(
        params.id,
        tx
          .select(lineChunkColumns)
          .from(outputChunks)
          .where(inArray(outputChunks.seq, needed.slice(i, i + 500)))
          .orderBy(asc(outputChunks.seq))
          .all(),
      );
      for (const chunk of chunks) {
        addChunkToLines(lines, chunk, from, to);
        stampLineStarts(lines, { ...chunk, at: chunk.at.toISOString() });
      }
    }
    for (const [n, bytes] of skippedBytes) {
      const line = lines.get(n);
      if (line) line.truncated = (line.truncated ?? 0) + bytes;
    }
    return { lines: [...lines.values()].sort((a, b) => a.n - b.n), totalLines, cursor, done };
  });
}

/**
 * The newest lines as shown, as one text, and the number of the first: what a host that takes a
 * session over resumes its line window from.
 */
export function shownTail(id: string, count = LINE_WINDOW): { first: number; text: string } {
  const page = readLines({ id, tail: count });
  if (!page || page.lines.length === 0) return { first: page?.totalLines ?? 0, text: '' };
  const text = page.lines.map((line) => line.segments.map((segment) => segment.text).join('')).join('\n');
  return { first: page.totalLines - page.lines.length, text: outputEndsAtLineStart(id) ? `${text}\n` : text };
}

/**
 * The last `maxBytes` or so of a session's own output (not the console's lines), oldest first:
 * what a terminal's screen is rebuilt from. Whole rows, so it may start a little further back.
 */
export function outputTail(id: string, maxBytes: number): string {
  const rows: (RowSource & { seq: number })[] = [];
  let bytes = 0;
  for (let before = Number.MAX_SAFE_INTEGER; bytes < maxBytes; ) {
    const page = getDb()
      .select({ seq: outputChunks.seq, ...rowSourceColumns })
      .from(outputChunks)
      .where(and(eq(outputChunks.sessionId, id), sql`${outputChunks.seq} < ${before}`, sql`${outputChunks.stream} != 'system'`))
      .orderBy(desc(outputChunks.seq))
      .limit(256)
      .all();
    if (page.length === 0) break;
    for (const row of page) {
      if (bytes >= maxBytes) break;
      rows.push(row);
      bytes += row.bytes || Buffer.byteLength(row.text);
    }
    before = page[page.length - 1].seq;
  }
  return withText(id, rows.reverse())
    .map((row) => row.text)
    .join('');
}
