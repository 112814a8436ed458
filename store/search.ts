import { and, asc, eq, gt } from 'drizzle-orm';
import { addChunkToLines, countNewlines, MAX_LINE_CHARS, type AssembledLine } from '@/core/terminal/lines';
import { plainText } from '@/core/terminal/render-line';
import { getDb } from './index';
import { readLines, withText } from './output-read';
import { outputChunks, sessions } from './schema';
import { compilePattern, matches, matchRanges, type Pattern, type SearchOptions } from './search-pattern';

/** The text a line shows, as the page draws it (each segment rendered on its own): what search matches. */
export function visibleText(line: AssembledLine): string {
  let text = '';
  for (const segment of line.segments) text += plainText(segment.text);
  return text;
}

/**
 * One search's progress through one session's output: the (1-based) numbers of the lines that
 * match so far, in order, and where to read on. Output only grows, so a later request for the same
 * search reads only what came since; the line still being written is kept aside and tested afresh.
 */
type Scan = {
  pattern: Pattern;
  /** The seq of the last row read. */
  seq: number;
  /** The output cap drops a middle that was already scanned: a scan of before that is stale. */
  droppedBytes: number;
  lines: Uint32Array;
  count: number;
  /** Lines not yet known complete: at most the last one (and what a row in progress holds). */
  pending: Map<number, AssembledLine>;
};

// Rows hold up to 64 KiB: a read is a few MB at most, so the time budget is checked often.
const ROWS_PER_READ = 64;
// A search holds the server's one thread while it reads: it stops after this long and says it is
// not complete, and the next request (the page asks again at once) reads on from there.
const BUDGET_MS = 500;
// Scans kept for the next request (next match, a page of the list): a few searches of a few
// sessions, and at most this many bytes of line numbers in all.
const MAX_SCANS = 16;
const MAX_CACHED_BYTES = 64 * 1024 * 1024;
const scans = new Map<string, Scan>();

function push(scan: Scan, n: number) {
  if (scan.count === scan.lines.length) {
    const grown = new Uint32Array(Math.max(1024, scan.lines.length * 2));
    grown.set(scan.lines);
    scan.lines = grown;
  }
  scan.lines[scan.count++] = n;
}

/** Tests and forgets the pending lines before `line` (0-based): they can grow no more. */
function settle(scan: Scan, line: number) {
  for (const [n, assembled] of scan.pending) {
    if (n >= line) continue;
    if (matches(scan.pattern, visibleText(assembled))) push(scan, n + 1);
    scan.pending.delete(n);
  }
}

// A control character other than the newline: text with none shows exactly as it is written.
const DRAWN = /[\x00-\x09\x0b-\x1f\x7f-\x9f]/;

/**
 * Complete lines of plain text (each shows as written, none longer than a line shows), `text`
 * ending in a newline, starting on `line` (0-based): the pattern runs over the whole run at once,
 * and a line counts when a match starts in it and stays in it, or, for a match that ran past the
 * line's end, when the line matches on its own. A match in a line alone is also one in the run,
 * at the same place (`m` mode, no lookbehind), so the leftmost match in the run finds every line.
 */
function scanRun(scan: Scan, text: string, line: number) {
  const { expression, prepare } = scan.pattern;
  const prepared = prepare(text);
  let counted = 0;
  for (let at = 0; at < prepared.length; ) {
    expression.lastIndex = at;
    const match = expression.exec(prepared);
    // (An empty match after the last newline is on no line.)
    if (!match || match.index === prepared.length) return;
    const start = match.index === 0 ? 0 : prepared.lastIndexOf('\n', match.index - 1) + 1;
    const end = prepared.indexOf('\n', match.index);
    line += countNewlines(prepared.slice(counted, start));
    counted = start;
    const within = match.index < end && match.index + match[0].length <= end;
    if (within || matches(scan.pattern, text.slice(start, end))) push(scan, line + 1);
    at = end + 1;
  }
}

/** Whether a row's complete lines can be scanned as one run of plain text. */
function plainRun(text: string, from: number, to: number): boolean {
  if (to <= from || DRAWN.test(text)) return false;
  if (to - from <= MAX_LINE_CHARS) return true;
  for (let at = from, next = text.indexOf('\n', at); next !== -1 && next < to; at = next + 1, next = text.indexOf('\n', at)) {
    if (next - at > MAX_LINE_CHARS) return false;
  }
  return true;
}

/** Reads on from where the scan stopped, until the output so far is all read or the time is up. */
function advance(id: string, scan: Scan, deadline: number): boolean {
  for (;;) {
    const rows = getDb()
      .select({
        seq: outputChunks.seq,
        stream: outputChunks.stream,
        lineStart: outputChunks.lineStart,
        newlines: outputChunks.newlines,
        text: outputChunks.text,
        segment: outputChunks.segment,
        offset: outputChunks.offset,
        bytes: outputChunks.bytes,
        replaces: outputChunks.replaces,
      })
      .from(outputChunks)
      .where(and(eq(outputChunks.sessionId, id), gt(outputChunks.seq, scan.seq)))
      .orderBy(asc(outputChunks.seq))
      .limit(ROWS_PER_READ)
      .all();
    for (const row of withText(id, rows)) {
      const { text, lineStart } = row;
      // Lines as shown after cursor movement replace those from lineStart on, and their matches.
      if (row.replaces) scan.count = lowerBound((i) => scan.lines[i], scan.count, lineStart + 1);
      settle(scan, lineStart);
      const first = text.indexOf('\n');
      const last = text.lastIndexOf('\n');
      if (plainRun(text, first + 1, last + 1)) {
        // The end of the line in progress, the run of whole lines, and the start of the next.
        addChunkToLines(scan.pending, { ...row, text: text.slice(0, first) });
        settle(scan, lineStart + 1);
        scanRun(scan, text.slice(first + 1, last + 1), lineStart + 1);
        addChunkToLines(scan.pending, { ...row, text: text.slice(last + 1), lineStart: lineStart + countNewlines(text) });
      } else {
        addChunkToLines(scan.pending, row);
        settle(scan, lineStart + countNewlines(text));
      }
      scan.seq = row.seq;
    }
    if (rows.length < ROWS_PER_READ) return true;
    if (performance.now() > deadline) return false;
  }
}

function remember(key: string, scan: Scan) {
  scans.delete(key);
  scans.set(key, scan);
  let bytes = 0;
  for (const entry of scans.values()) bytes += entry.lines.byteLength;
  for (const [oldest, entry] of scans) {
    if (scans.size <= MAX_SCANS && bytes <= MAX_CACHED_BYTES) break;
    scans.delete(oldest);
    bytes -= entry.lines.byteLength;
  }
}

/** The session's search so far, read on to the end of its output (or as far as `budgetMs` allows). */
function scanFor(id: string, options: SearchOptions, droppedBytes: number, budgetMs: number) {
  const key = JSON.stringify([id, options.query, options.regex, options.caseSensitive]);
  let scan = scans.get(key);
  if (!scan || scan.droppedBytes !== droppedBytes) {
    const pattern = compilePattern(options);
    scan = { pattern, seq: 0, droppedBytes, lines: new Uint32Array(0), count: 0, pending: new Map() };
  }
  const complete = advance(id, scan, performance.now() + budgetMs);
  remember(key, scan);
  // The line still being written counts if it matches now; it is tested again when it grows. A
  // line with nothing in it yet is not a line yet.
  const tail = [...scan.pending]
    .filter(([, line]) => line.segments.length > 0 && matches(scan.pattern, visibleText(line)))
    .map(([n]) => n + 1)
    .sort((a, b) => a - b);
  const total = scan.count + tail.length;
  const lineAt = (index: number) => (index < scan.count ? scan.lines[index] : tail[index - scan.count]);
  return { scan, complete, total, lineAt };
}

/** The first index whose line is at or past `line`, among `total` sorted lines. */
function lowerBound(lineAt: (index: number) => number, total: number, line: number): number {
  let low = 0;
  let high = total;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (lineAt(middle) < line) low = middle + 1;
    else high = middle;
  }
  return low;
}

export type SearchRequest = SearchOptions & {
  id: string;
  /** A page of the list of matching lines: from the `offset`-th match, at most `limit`. */
  offset: number;
  limit: number;
  /** Only matches on lines `from`..`to` (1-based, inclusive) are listed. */
  from?: number;
  to?: number;
  /** One match to go to: the first past line `after`, the last before line `before`, or the `index`-th. */
  after?: number;
  before?: number;
  index?: number;
  /** Each listed match with its line and where in it the pattern matched. */
  withText: boolean;
  budgetMs?: number;
};

export type SearchMatch = { index: number; line: AssembledLine; ranges: [number, number][] };

/**
 * Lines whose visible text (colours and cursor moves applied, as the page shows it) matches: the
 * exact number of them, any one of them by position or by index, and pages of the list. Lines are
 * searched one at a time, as grep does: a match never spans a newline.
 */
export function searchOutput(request: SearchRequest) {
  const session = getDb().select({ droppedBytes: sessions.droppedBytes }).from(sessions).where(eq(sessions.id, request.id)).get();
  if (!session) return undefined;
  const { scan, complete, total, lineAt } = scanFor(request.id, request, session.droppedBytes, request.budgetMs ?? BUDGET_MS);

  const first = request.from === undefined ? 0 : lowerBound(lineAt, total, request.from);
  const end = request.to === undefined ? total : lowerBound(lineAt, total, request.to + 1);
  const start = Math.min(end, first + request.offset);
  const stop = Math.min(end, start + request.limit);
  const lines: number[] = [];
  for (let i = start; i < stop; i++) lines.push(lineAt(i));

  let match: { index: number; line: number } | null | undefined;
  const at = (index: number) => (index >= 0 && index < total ? { index, line: lineAt(index) } : null);
  if (request.index !== undefined) match = at(request.index);
  else if (request.after !== undefined) match = at(lowerBound(lineAt, total, request.after + 1));
  else if (request.before !== undefined) match = at(lowerBound(lineAt, total, request.before) - 1);

  return {
    lines,
    truncated: stop < end,
    total,
    complete,
    offset: start - first,
    ...(match !== undefined && { match }),
    ...(request.withText && { matches: withRanges(request.id, scan.pattern, lines, start) }),
  };
}

// Matching lines closer than this are read in one range, of at most RUN_SPAN lines.
const RUN_GAP = 64;
const RUN_SPAN = 2000;

/** The listed lines themselves, and where the pattern matches in each. */
function withRanges(id: string, pattern: Pattern, lines: number[], firstIndex: number): SearchMatch[] {
  const found: SearchMatch[] = [];
  for (let i = 0; i < lines.length; ) {
    let j = i + 1;
    while (j < lines.length && lines[j] - lines[j - 1] <= RUN_GAP && lines[j] - lines[i] < RUN_SPAN) j++;
    const page = readLines({ id, from: lines[i] - 1, to: lines[j - 1] - 1 });
    const byNumber = new Map(page?.lines.map((line) => [line.n, line]));
    for (let k = i; k < j; k++) {
      const line = byNumber.get(lines[k]) ?? { n: lines[k], segments: [] };
      found.push({ index: firstIndex + k, line, ranges: matchRanges(pattern, visibleText(line)) });
    }
    i = j;
  }
  return found;
}
