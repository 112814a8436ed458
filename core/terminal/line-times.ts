import type { AssembledLine } from './lines';

/**
 * Gives each line the chunk holds the start of the time the chunk was written (`at`, ISO 8601), as
 * GitHub Actions stamps its log lines: the line's first character, or its newline if it is empty.
 * A line already stamped began in an earlier chunk; one the chunk only opens (its text ends with the
 * newline before it) is stamped by the chunk that writes into it.
 */
export function stampLineStarts(lines: Map<number, AssembledLine>, chunk: { text: string; lineStart: number; at: string }): void {
  let line = chunk.lineStart;
  for (let start = 0; start < chunk.text.length; line++) {
    const end = chunk.text.indexOf('\n', start);
    const assembled = lines.get(line);
    if (assembled && assembled.at === undefined) assembled.at = chunk.at;
    if (end === -1) return;
    start = end + 1;
  }
}
