import { plainText } from '@/core/terminal/render-line';

/**
 * Output as an agent should read it: what a terminal would show, line by line. Colours and other
 * escape sequences go, and a progress bar redrawn with `\r` leaves only its last state, so a model
 * is not handed thousands of redraws of one line.
 */
export function agentText(raw: string): string {
  return raw.split('\n').map(plainText).join('\n');
}

export function utf8Bytes(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}

/** How many UTF-16 units of `text`, from its start, fit in `bytes` of UTF-8 without splitting a character. */
export function unitsWithin(text: string, bytes: number): number {
  let used = 0;
  let units = 0;
  for (const char of text) {
    const size = utf8Bytes(char);
    if (used + size > bytes) break;
    used += size;
    units += char.length;
  }
  return units;
}

/** The last `bytes` of a text, from the start of a line where one starts within them. */
export function lastBytes(text: string, bytes: number): string {
  if (utf8Bytes(text) <= bytes) return text;
  const chars = Array.from(text);
  let used = 0;
  let start = chars.length;
  while (start > 0 && used + utf8Bytes(chars[start - 1]) <= bytes) used += utf8Bytes(chars[--start]);
  const kept = chars.slice(start).join('');
  if (chars[start - 1] === '\n') return kept;
  const newline = kept.indexOf('\n');
  return newline !== -1 && newline < kept.length - 1 ? kept.slice(newline + 1) : kept;
}

// An escape sequence cut off at the end of a text: a CSI without its final byte, an OSC/DCS
// without its terminator, a lone ESC.
const CUT_ESCAPE = /\x1b(?:\[[0-?]*[ -/]*|[\]PX^_][^\x07\x1b]*\x1b?|[ -/]*)$/;

/**
 * Where to cut a text that does not fit in `bytes`: after its last newline within them, so lines
 * (and the progress redraws and colours on them) arrive whole; when no line ends within them, at
 * the limit, but not inside an escape sequence. 0 when `wholeLinesOnly` and no line ends in time.
 */
export function cutPoint(text: string, bytes: number, wholeLinesOnly: boolean): number {
  const fits = unitsWithin(text, bytes);
  if (fits >= text.length) return text.length;
  const newline = fits > 0 ? text.lastIndexOf('\n', fits - 1) : -1;
  if (newline !== -1) return newline + 1;
  if (wholeLinesOnly) return 0;
  const window = Math.max(0, fits - 256);
  const escape = CUT_ESCAPE.exec(text.slice(window, fits));
  const cut = escape && window + escape.index > 0 ? window + escape.index : fits;
  // Always move on: a limit below one character still takes one.
  return cut > 0 ? cut : Math.max(1, Array.from(text)[0]?.length ?? 1);
}

/** A long line cut to about `chars` characters around the first place it holds `query` (ASCII case-insensitive). */
export function clipAround(line: string, query: string, chars = 300): string {
  if (line.length <= chars) return line;
  const fold = (text: string) => text.replace(/[A-Z]+/g, (letters) => letters.toLowerCase());
  const at = Math.max(0, fold(line).indexOf(fold(query)));
  const start = Math.max(0, Math.min(at - Math.floor(chars / 3), line.length - chars));
  return `${start > 0 ? '…' : ''}${line.slice(start, start + chars)}${start + chars < line.length ? '…' : ''}`;
}
