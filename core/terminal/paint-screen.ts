import type { ScreenJson } from '@/core/contract';

/**
 * The escape sequences that draw a screen's text on a cleared terminal of `cols` × `rows`, with
 * the cursor where the program left it. Rows wider than the terminal are cut rather than wrapped
 * onto the next (the program redraws at the new size anyway); of a screen taller than the
 * terminal, the top rows are shown, or as far down as the cursor needs.
 */
export function paintScreen({ lines, cursor }: Pick<ScreenJson, 'lines' | 'cursor'>, cols: number, rows = lines.length): string {
  const top = Math.max(0, Math.min(lines.length - rows, cursor.y - rows + 1));
  const shown = lines
    .slice(top, top + rows)
    .map((line) => line.slice(0, cols))
    .join('\r\n');
  return `\x1b[H\x1b[2J${shown}\x1b[${cursor.y - top + 1};${Math.min(cursor.x, cols - 1) + 1}H`;
}
