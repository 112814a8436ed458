import type { ActiveSessionsClient } from '@/client';
import type { LinesPageJson, OutputPageJson } from '@/core/contract';
import { afterFor, type Cursor, formatCursor, START, takeOutput } from './cursor';
import { agentText, lastBytes, utf8Bytes } from './text';

const PAGE = 200;
const EXCERPT_TAIL_LINES = 400;

export type Read = {
  raw: string;
  cursor: Cursor;
  /** The session has ended and everything up to its end was read. */
  eof: boolean;
  /** Stopped because `bytes` ran out: more is there already. */
  more: boolean;
};

/**
 * Refuses a cursor no reading of this session handed out. Each one handed out is the start, a
 * place inside a chunk (not past its end), or the one right after the newest chunk read: newest
 * seq + 1, offset 0. Nothing beyond that is legitimate, not even for a running session whose next
 * chunk does not exist yet: seqs are numbered across all sessions, so that chunk's seq is unknown,
 * and the reader gets it from newest + 1 whatever it turns out to be. A forged cursor past the end
 * would otherwise answer "nothing yet", then "all output read" for output never read. A cursor
 * into a chunk that is gone (the output cap dropped it) cannot be checked, and needs not be:
 * reading goes on from the next one.
 */
async function checkCursor(client: ActiveSessionsClient, id: string, cursor: Cursor, page: OutputPageJson): Promise<void> {
  const first = page.chunks[0];
  const refuse = (why: string) =>
    new Error(`cursor "${formatCursor(cursor)}" ${why}: pass the cursor a previous call returned, or none to read from the start`);
  if (first) {
    if (first.seq === cursor.seq && cursor.offset > first.text.length) {
      throw refuse(`points past the end of its chunk of output (${first.text.length} characters)`);
    }
    return;
  }
  // Nothing at or after the cursor: it must be the one right after the newest chunk, seq - 1.
  const newestBefore = cursor.seq <= 1 || (await client.readOutput(id, { after: cursor.seq - 2, limit: 1 })).chunks.length > 0;
  if (cursor.offset > 0 || !newestBefore) throw refuse(`lies beyond the output of session ${id}`);
}

/** Up to `bytes` of output from `cursor` on, and the cursor right after it; a cursor beyond the output is refused. */
export async function readFrom(client: ActiveSessionsClient, id: string, cursor: Cursor, bytes: number): Promise<Read> {
  let raw = '';
  let at = cursor;
  for (;;) {
    const page = await client.readOutput(id, { after: afterFor(at), limit: PAGE });
    if (at === cursor) await checkCursor(client, id, cursor, page);
    const taken = takeOutput(page.chunks, at, bytes - utf8Bytes(raw), raw.length > 0);
    raw += taken.raw;
    at = taken.cursor;
    if (!taken.complete) return { raw, cursor: at, eof: false, more: true };
    if (page.done || page.chunks.length < PAGE) return { raw, cursor: at, eof: page.done, more: false };
  }
}

type TextLine = { n: number; text: string };

function textLines(page: LinesPageJson): TextLine[] {
  return page.lines.map((line) => {
    const text = agentText(line.segments.map((segment) => segment.text).join(''));
    return { n: line.n, text: line.truncated ? `${text} […${line.truncated} characters cut]` : text };
  });
}

// Each line as a terminal shows it, ended by its newline: a last line still being written gets one too.
const joinLines = (lines: readonly TextLine[]) => lines.map((line) => `${line.text}\n`).join('');

/** The last `lines` lines, within `bytes`, and the cursor after the newest output. */
export async function readTail(client: ActiveSessionsClient, id: string, lines: number, bytes: number) {
  const page = await client.readLines(id, { tail: lines });
  return {
    text: lastBytes(joinLines(textLines(page)), bytes),
    cursor: { seq: page.cursor + 1, offset: 0 },
    eof: page.done,
  };
}

/**
 * The head (raw output, read up to `headCursor`) and the last lines after it within `tailBytes`,
 * with a note between them saying how many lines are left out and how to read them.
 */
export function joinHeadTail(headRaw: string, headCursor: Cursor, tailLines: readonly TextLine[], tailBytes: number): string {
  // Lines the head reaches into, a last one without its newline included.
  const headLines = headRaw.split('\n').length - (headRaw.endsWith('\n') || headRaw === '' ? 1 : 0);
  const after = tailLines.filter((line) => line.n > headLines);
  const tail = lastBytes(joinLines(after), tailBytes);
  const shown = tail === '' ? 0 : tail.split('\n').length - 1;
  const firstShown = after[after.length - shown]?.n ?? headLines + 1;
  const between = firstShown - headLines - 1;
  const head = agentText(headRaw);
  const note =
    `[… ${between} line${between === 1 ? '' : 's'} not shown: session_output with cursor ` +
    `"${formatCursor(headCursor)}" reads on from here …]`;
  return `${head}${head === '' || head.endsWith('\n') ? '' : '\n'}${note}\n${tail}`;
}

export type Excerpt = { text: string; cursor: string; truncated: boolean };

/**
 * What session_start shows: all the output so far when it fits in `bytes`; else its head and its
 * tail, with a note of how many lines lie between and the cursor that reads them.
 */
export async function excerpt(client: ActiveSessionsClient, id: string, bytes: number): Promise<Excerpt> {
  const whole = await readFrom(client, id, START, bytes);
  if (!whole.more) return { text: agentText(whole.raw), cursor: formatCursor(whole.cursor), truncated: false };
  const head = await readFrom(client, id, START, Math.floor(bytes / 2));
  const tail = await client.readLines(id, { tail: EXCERPT_TAIL_LINES });
  return {
    text: joinHeadTail(head.raw, head.cursor, textLines(tail), Math.floor(bytes / 2)),
    cursor: formatCursor({ seq: tail.cursor + 1, offset: 0 }),
    truncated: true,
  };
}
