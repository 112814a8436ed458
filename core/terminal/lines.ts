import type { OutputStream } from '@/core/types';

/** A piece of a line as it was written: which stream, what text (escape sequences included). */
export type LineSegment = { stream: OutputStream; text: string };

/**
 * A stored chunk as far as line assembly needs it. Its text is added to the lines from `lineStart`
 * on; when it `replaces`, its text is the lines as shown from `lineStart` to the end of the output
 * (after cursor movement between lines), and every line from there on is its instead.
 */
export type LineChunk = { stream: OutputStream; text: string; lineStart: number; newlines: number; replaces?: boolean };

export const MAX_LINE_CHARS = 20_000;

/**
 * A numbered (1-based) line; `dropped` when the output cap removed it; `truncated` characters cut;
 * `at` (ISO 8601) when the row holding its first character was written.
 */
export type AssembledLine = { n: number; segments: LineSegment[]; truncated?: number; dropped?: boolean; at?: string };

/** Characters the line has had, those cut at MAX_LINE_CHARS included. */
function lineLength(line: AssembledLine): number {
  return line.segments.reduce((sum, segment) => sum + segment.text.length, 0) + (line.truncated ?? 0);
}

/** Changes whenever a line grows: lines are extended in place as output streams in. */
export function lineRevision(line: AssembledLine | undefined): number {
  return line ? lineLength(line) + line.segments.length : -1;
}

export function countNewlines(text: string): number {
  let count = 0;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) count++;
  return count;
}

/**
 * Adds a chunk's text to the lines it covers (0-based line numbers), keeping only lines within
 * [from, to]; a chunk that replaces first removes the lines it stands for. A chunk that stands for
 * dropped output (more newlines than its text shows) skips over the lines it replaced, so later
 * line numbers stay the true ones.
 */
export function addChunkToLines(
  lines: Map<number, AssembledLine>,
  chunk: LineChunk,
  from = 0,
  to = Number.MAX_SAFE_INTEGER,
): void {
  let line = chunk.lineStart;
  let start = 0;
  const text = chunk.text;
  if (chunk.replaces) for (const n of lines.keys()) if (n >= line) lines.delete(n);
  for (;;) {
    const end = text.indexOf('\n', start);
    const piece = text.slice(start, end === -1 ? text.length : end);
    if (line >= from && line <= to && (piece.length > 0 || !lines.has(line))) appendPiece(lines, line, chunk.stream, piece);
    if (end === -1) break;
    // A carriage return right before the newline (a terminal's line end) moves nothing that shows.
    dropLineEndReturn(lines.get(line));
    line++;
    start = end + 1;
  }
}

function dropLineEndReturn(line: AssembledLine | undefined) {
  const last = line?.segments[line.segments.length - 1];
  if (!line || !last?.text.endsWith('\r')) return;
  last.text = last.text.slice(0, -1);
  if (last.text.length === 0) line.segments.pop();
}

function appendPiece(lines: Map<number, AssembledLine>, n: number, stream: OutputStream, piece: string) {
  let line = lines.get(n);
  if (!line) {
    line = { n: n + 1, segments: [] };
    lines.set(n, line);
  }
  if (piece.length === 0) return;
  const room = MAX_LINE_CHARS - Math.min(lineLength(line), MAX_LINE_CHARS);
  const redraw = piece.lastIndexOf('\r');
  if (room < piece.length && redraw !== -1 && (redraw > 0 || line.segments.length > 0)) {
    // A progress bar redrawn with \r for longer than a line shows: what came before its newest
    // redraw is drawn over. Keep the newest state, not the first 20,000 characters of old ones.
    line.segments = [];
    line.truncated = undefined;
    appendPiece(lines, n, stream, piece.slice(redraw));
    return;
  }
  if (room < piece.length) line.truncated = (line.truncated ?? 0) + piece.length - room;
  const kept = piece.slice(0, room);
  if (kept.length === 0) return;
  const last = line.segments[line.segments.length - 1];
  if (last && last.stream === stream) last.text += kept;
  else line.segments.push({ stream, text: kept });
}
