import { and, asc, eq, gt } from 'drizzle-orm';
import { countNewlines } from '@/core/terminal/lines';
import { getDb } from './index';
import { withText } from './output-read';
import { outputChunks } from './schema';

/**
 * Line numbers (1-based) whose text holds `query`, case-insensitively for ASCII letters. One pass
 * over the output in order, a page of rows (read from the files in long runs) at a time; the last
 * few characters of each row are carried over, so that a match split between two rows is found too.
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
        text: outputChunks.text,
        segment: outputChunks.segment,
        offset: outputChunks.offset,
        bytes: outputChunks.bytes,
        replaces: outputChunks.replaces,
      })
      .from(outputChunks)
      .where(and(eq(outputChunks.sessionId, id), gt(outputChunks.seq, after)))
      .orderBy(asc(outputChunks.seq))
      .limit(256)
      .all();
    if (rows.length === 0) return { lines, truncated: false };
    for (const row of withText(id, rows)) {
      const haystack = fold(row.text);
      if (row.replaces) {
        // Lines as shown after cursor movement replace those from lineStart on, and their matches.
        while (lines.length > 0 && lines[lines.length - 1] > row.lineStart) lines.pop();
        previousTail = '';
      }
      // Across the boundary: starts in the row before, ends in this one.
      const seam = previousTail + haystack.slice(0, edge);
      for (let at = seam.indexOf(needle); at !== -1 && at < previousTail.length; at = seam.indexOf(needle, at + 1)) {
        if (at + needle.length <= previousTail.length) continue;
        if (!found(row.lineStart - countNewlines(previousTail.slice(at)))) return { lines: lines.slice(0, limit), truncated: true };
      }
      // The last `edge` characters of all the output so far (a short row is all in its tail).
      previousTail = edge > 0 ? (previousTail + haystack).slice(-edge) : '';
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
