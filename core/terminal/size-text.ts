import { MAX_COLS, MAX_ROWS, MIN_COLS, MIN_ROWS } from '@/core/contract';

/** A terminal's size as short text, "COLSxROWS": how the page keeps it and its form sends it. */
export const sizeText = (cols: number, rows: number): string => `${cols}x${rows}`;

/** The size "COLSxROWS" says, when it is one a terminal may have; undefined otherwise. */
export function parseSizeText(text: unknown): { cols: number; rows: number } | undefined {
  const match = typeof text === 'string' ? /^(\d{1,4})x(\d{1,4})$/.exec(text) : null;
  if (!match) return undefined;
  const size = { cols: Number(match[1]), rows: Number(match[2]) };
  return size.cols >= MIN_COLS && size.cols <= MAX_COLS && size.rows >= MIN_ROWS && size.rows <= MAX_ROWS ? size : undefined;
}
