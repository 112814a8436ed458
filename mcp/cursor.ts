import { cutPoint, utf8Bytes } from './text';

/**
 * Where a reader of a session's output is: at chunk `seq`, `offset` UTF-16 units into its text
 * (everything before was read). A chunk can be longer than one answer may carry, so the cursor
 * points inside one; it names the chunk itself, not the one before it, so that if the chunk is
 * gone when the reader comes back (the output cap dropped it) reading goes on from the next one
 * instead of skipping into it. Written "seq:offset", so that agents pass it back as it is.
 */
export type Cursor = { seq: number; offset: number };

export const START: Cursor = { seq: 0, offset: 0 };

const CURSOR = /^(\d{1,15})(?::(\d{1,9}))?$/;

export function parseCursor(text: string): Cursor | undefined {
  const match = CURSOR.exec(text.trim());
  return match ? { seq: Number(match[1]), offset: Number(match[2] ?? 0) } : undefined;
}

export function formatCursor({ seq, offset }: Cursor): string {
  return `${seq}:${offset}`;
}

/** The API's `after` that returns the cursor's chunk first. */
export function afterFor(cursor: Cursor): number {
  return Math.max(0, cursor.seq - 1);
}

export type Taken = {
  raw: string;
  cursor: Cursor;
  /** Every chunk given was taken whole; false when `bytes` ran out. */
  complete: boolean;
};

/**
 * Takes output from `cursor` on out of chunks in seq order (the API's page from afterFor(cursor)),
 * up to `bytes` of UTF-8, and the cursor right after what it took. Once something is taken, it
 * stops at the end of a line rather than in the middle of one; a first line longer than `bytes`
 * is cut.
 */
export function takeOutput(
  chunks: readonly { seq: number; text: string }[],
  cursor: Cursor,
  bytes: number,
  started = false,
): Taken {
  let raw = '';
  let left = bytes;
  let at = cursor;
  // Where the last whole line taken ends: a stop that would leave a line half taken goes back there.
  let lineEnd: { length: number; cursor: Cursor } | undefined;
  const noteLineEnd = (seq: number, from: number, piece: string) => {
    const newline = piece.lastIndexOf('\n');
    if (newline === -1) return;
    const end = from + newline + 1;
    lineEnd = { length: raw.length - piece.length + newline + 1, cursor: { seq, offset: end } };
  };
  for (const chunk of chunks) {
    if (chunk.seq < cursor.seq) continue;
    const from = chunk.seq === cursor.seq ? Math.min(cursor.offset, chunk.text.length) : 0;
    const rest = chunk.text.slice(from);
    const size = utf8Bytes(rest);
    if (size <= left) {
      raw += rest;
      left -= size;
      noteLineEnd(chunk.seq, from, rest);
      at = { seq: chunk.seq + 1, offset: 0 };
      continue;
    }
    const cut = cutPoint(rest, left, started || raw.length > 0);
    const piece = rest.slice(0, cut);
    raw += piece;
    noteLineEnd(chunk.seq, from, piece);
    if (cut > 0) at = { seq: chunk.seq, offset: from + cut };
    // A chunk taken whole may have ended inside a line that this one goes on with.
    if (lineEnd && !raw.endsWith('\n')) return { raw: raw.slice(0, lineEnd.length), cursor: lineEnd.cursor, complete: false };
    return { raw, cursor: at, complete: false };
  }
  return { raw, cursor: at, complete: true };
}
