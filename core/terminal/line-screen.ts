import { applySgr, INITIAL_SGR, sgrSequence, TOKEN, type SgrState } from './render-line';
import { MAX_LINE_CHARS } from './lines';

/**
 * How many of the newest lines cursor movement can still reach. Older lines are final: their
 * text and their numbers never change again.
 */
export const LINE_WINDOW = 500;

const TAB_WIDTH = 8;
// A hostile `\x1b[999999999C` must not make a line of a billion blanks.
const MAX_COLUMN = 20_000;
// An escape sequence cut off at the end of a read waits for the rest, but not forever.
const MAX_CARRY = 4096;

type Row = { chars: string[]; styles: SgrState[] };

export type LineScreenOptions = {
  /**
   * The screen's height (a terminal session's rows): how far up the cursor can go, what a cursor
   * position's row 1 is and what erasing the display erases. By default, the window's.
   */
  rows?: number;
};

/** The lines a stretch of output changed: they replace every line from `lineStart` on. */
export type ShownLines = { lineStart: number; text: string };

/**
 * The newest lines of a session's output as a terminal shows them, with the cursor somewhere in
 * them: the line assembly's answer to output that moves the cursor between lines (progress bars
 * redrawn from below, a "running" line overwritten by "done"). A screen of cells, like
 * render-line's row, but of many rows; lines are logical (never wrapped), the window of lines is
 * bounded, and columns are code points.
 *
 * Changed lines come back as text render-line draws the same way: each run of cells behind the
 * SGR sequence of its style, so a line no longer depends on the colours of the line above it.
 */
export class LineScreen {
  private rows: Row[] = [emptyRow()];
  private y = 0;
  private x = 0;
  private pen: SgrState = INITIAL_SGR;
  private saved: { y: number; x: number; pen: SgrState } | undefined;
  // The lowest row a line feed reached: the screen's bottom, from which its top follows.
  private bottom = 0;
  private changedFrom = Infinity;
  private carry = '';
  private height: number;
  // On the alternate screen (a full-screen program: vim, less, htop) nothing is output to the lines:
  // as in a terminal, what was drawn there is gone when the program leaves it.
  private alternate = false;

  /** `first`: the absolute (0-based) number of the first line kept. */
  constructor(
    public first = 0,
    options: LineScreenOptions = {},
  ) {
    this.height = Math.max(1, options.rows ?? LINE_WINDOW);
  }

  /** The terminal was resized: cursor positions count from the top of a screen this many rows high. */
  resize(rows: number): void {
    this.height = Math.max(1, rows);
  }

  /** Lines ended so far (absolute): the number the next line starts on, where plain output appends. */
  get lineCount(): number {
    return this.first + this.rows.length - 1;
  }

  /**
   * Whether output with no cursor movement between lines can simply be appended to the lines as
   * they are stored: the cursor is on the last line, no escape sequence is waiting for its end, and
   * the stored last line leaves the cursor and the pen where they are (see takeChanges).
   */
  get appending(): boolean {
    if (this.alternate || this.y !== this.rows.length - 1 || this.carry !== '') return false;
    return this.rows[this.y].chars.length > 0 || (this.x === 0 && this.pen === INITIAL_SGR);
  }

  /** Whether the last line ends with nothing after it: where the console's own line can start. */
  get atLineStart(): boolean {
    return this.rows[this.rows.length - 1].chars.length === 0;
  }

  feed(input: string): void {
    let text = this.carry + input;
    this.carry = '';
    const cut = unfinishedEscape(text);
    if (cut !== -1) {
      this.carry = text.slice(cut);
      text = text.slice(0, cut);
    }
    let last = 0;
    for (const m of text.matchAll(TOKEN)) {
      if (m.index > last) this.write(text.slice(last, m.index));
      last = m.index + m[0].length;
      const token = m[0];
      if (m[3] !== undefined) this.csi(m[1], m[2], m[3]);
      else if (this.alternate) continue;
      // A line feed returns to column 0, as the terminal driver makes it for a program on a pipe
      // (onlcr) and as the stored lines start; a pseudo-terminal's output says \r\n anyway. \v and
      // \f, line feeds to xterm, are nothing here as in render-line: line numbers count \n.
      else if (token === '\n') this.lineFeed(true);
      else if (token === '\r') this.x = 0;
      else if (token === '\b') this.x = Math.max(0, this.x - 1);
      else if (token === '\t') this.x = Math.min(MAX_COLUMN, (Math.floor(this.x / TAB_WIDTH) + 1) * TAB_WIDTH);
      else if (token === '\x1b7') this.save();
      else if (token === '\x1b8') this.restore();
      else if (token === '\x1bD') this.lineFeed(false);
      else if (token === '\x1bE') this.lineFeed(true);
      else if (token === '\x1bM') this.y = Math.max(this.top(), this.y - 1);
      // Everything else (OSC titles, charsets, other controls) draws nothing.
    }
    if (last < text.length) this.write(text.slice(last));
    // Blank lines below the cursor are not output, as a terminal's empty rows are not.
    while (this.rows.length - 1 > this.y && this.rows[this.rows.length - 1].chars.length === 0) this.rows.pop();
  }

  /**
   * The lines from the first changed since the last call (or at least the last line) to the end:
   * they replace the stored ones from `lineStart` on, and the output then has as many lines as they.
   */
  takeChanges(): ShownLines {
    const from = Math.min(this.changedFrom, this.rows.length - 1);
    this.changedFrom = Infinity;
    const lines: string[] = [];
    for (let i = from; i < this.rows.length; i++) lines.push(serialize(this.rows[i]));
    const row = this.rows[this.rows.length - 1];
    if (this.appending && row.chars.length > 0) {
      // Output appended later continues this line where the cursor is, with the pen it has.
      if (this.x !== row.chars.length) lines[lines.length - 1] += `\x1b[${this.x + 1}G`;
      if (this.pen !== row.styles[row.styles.length - 1]) lines[lines.length - 1] += sgrSequence(this.pen);
    }
    return { lineStart: this.first + from, text: lines.join('\n') };
  }

  /** Forgets the lines older than the window: they can no longer change. */
  trim(window = LINE_WINDOW): void {
    const drop = Math.max(0, Math.min(this.rows.length - window, this.y));
    if (drop === 0) return;
    this.rows.splice(0, drop);
    this.first += drop;
    this.y -= drop;
    this.bottom = Math.max(0, this.bottom - drop);
    if (this.changedFrom !== Infinity) this.changedFrom = Math.max(0, this.changedFrom - drop);
    if (this.saved) this.saved.y = Math.max(0, this.saved.y - drop);
  }

  private top(): number {
    return Math.max(0, this.bottom - this.height + 1);
  }

  private row(): Row {
    return this.rows[this.y];
  }

  /** Moves the cursor to row `y`; rows it goes past the end to are new (blank) lines. */
  private goTo(y: number): void {
    this.y = y;
    if (y < this.rows.length) return;
    this.changedFrom = Math.min(this.changedFrom, this.rows.length);
    while (this.rows.length <= y) this.rows.push(emptyRow());
  }

  private changed(): void {
    this.changedFrom = Math.min(this.changedFrom, this.y);
  }

  private lineFeed(returns: boolean): void {
    this.goTo(this.y + 1);
    if (returns) this.x = 0;
    this.bottom = Math.max(this.bottom, this.y);
  }

  private write(text: string): void {
    if (this.alternate) return;
    const { chars, styles } = this.row();
    this.changed();
    for (const ch of text) {
      if (this.x < MAX_LINE_CHARS) {
        while (chars.length < this.x) {
          chars.push(' ');
          styles.push(INITIAL_SGR);
        }
        chars[this.x] = ch;
        styles[this.x] = this.pen;
      }
      this.x = Math.min(MAX_COLUMN, this.x + 1);
    }
  }

  private save(): void {
    this.saved = { y: this.y, x: this.x, pen: this.pen };
  }

  private restore(): void {
    // Without a saved position a terminal goes to the screen's top left, with the default pen.
    const saved = this.saved ?? { y: this.top(), x: 0, pen: INITIAL_SGR };
    this.goTo(saved.y);
    this.x = saved.x;
    this.pen = saved.pen;
  }

  private csi(params: string, intermediates: string, final: string): void {
    if (intermediates === '' && ALTERNATE_SCREEN.test(params) && (final === 'h' || final === 'l')) {
      // The cursor and pen come back as they were (1049 saves and restores them; nothing here moved them).
      this.alternate = final === 'h';
      return;
    }
    // Private modes ("?25l") and the like move nothing; on the alternate screen, nothing does.
    if (this.alternate || intermediates !== '' || /[^\d;]/.test(params)) return;
    const n = Math.max(1, parseInt(params, 10) || 1);
    const mode = parseInt(params, 10) || 0;
    const screenEnd = this.top() + this.height - 1;
    switch (final) {
      case 'A':
      case 'F':
        this.y = Math.max(this.top(), this.y - n);
        if (final === 'F') this.x = 0;
        break;
      case 'B':
      case 'E':
        this.goTo(Math.max(this.y, Math.min(screenEnd, this.y + n)));
        if (final === 'E') this.x = 0;
        break;
      case 'C':
        this.x = Math.min(MAX_COLUMN, this.x + n);
        break;
      case 'D':
        this.x = Math.max(0, this.x - n);
        break;
      case 'G':
      case '`':
        this.x = Math.min(MAX_COLUMN, n - 1);
        break;
      case 'd':
        this.goTo(Math.min(screenEnd, this.top() + n - 1));
        break;
      case 'H':
      case 'f': {
        const [row, column] = params.split(';').map((part) => Math.max(1, parseInt(part, 10) || 1));
        this.goTo(Math.min(screenEnd, this.top() + row - 1));
        this.x = Math.min(MAX_COLUMN, (column ?? 1) - 1);
        break;
      }
      case 'K':
        this.eraseInLine(mode);
        break;
      case 'J':
        this.eraseInDisplay(mode);
        break;
      case 'X':
        this.blank(this.x, this.x + n);
        break;
      case 'P':
        this.changed();
        this.row().chars.splice(this.x, n);
        this.row().styles.splice(this.x, n);
        break;
      case 's':
        if (params === '') this.save();
        break;
      case 'u':
        this.restore();
        break;
      case 'm':
        this.pen = applySgr(this.pen, params);
        break;
    }
  }

  private eraseInLine(mode: number): void {
    const row = this.row();
    if (mode === 1) return this.blank(0, this.x + 1);
    this.changed();
    const from = mode === 2 ? 0 : this.x;
    if (from < row.chars.length) row.chars.length = row.styles.length = from;
  }

  private eraseInDisplay(mode: number): void {
    if (mode === 0) {
      this.eraseInLine(0);
      if (this.rows.length > this.y + 1) this.rows.length = this.y + 1;
      return;
    }
    if (mode !== 1 && mode !== 2) return;
    // Only the screen is erased: lines above its top have scrolled away.
    const top = this.top();
    const end = mode === 1 ? this.y : this.rows.length;
    for (let i = top; i < end; i++) this.rows[i] = emptyRow();
    this.changedFrom = Math.min(this.changedFrom, top);
    if (mode === 1) this.blank(0, this.x + 1);
  }

  /** Cells [from, to) of the cursor's row become blanks (those past the line's end stay absent). */
  private blank(from: number, to: number): void {
    const { chars, styles } = this.row();
    this.changed();
    const end = Math.min(to, chars.length);
    if (end === chars.length && from <= end) {
      chars.length = styles.length = Math.min(from, chars.length);
      return;
    }
    for (let i = from; i < end; i++) {
      chars[i] = ' ';
      styles[i] = INITIAL_SGR;
    }
  }
}

function emptyRow(): Row {
  return { chars: [], styles: [] };
}

/** A row as text render-line draws the same: each run of cells behind its own style's sequence. */
function serialize({ chars, styles }: Row): string {
  let text = '';
  for (let start = 0, i = 1; i <= chars.length; i++) {
    if (i < chars.length && styles[i] === styles[start]) continue;
    text += sgrSequence(styles[start]) + chars.slice(start, i).join('');
    start = i;
  }
  return text;
}

/** Where an escape sequence cut off by the end of the text starts, or -1 if none is. */
export function unfinishedEscape(text: string): number {
  const at = text.lastIndexOf('\x1b');
  if (at === -1 || text.length - at > MAX_CARRY) return -1;
  const rest = text.slice(at);
  if (rest === '\x1b') return at;
  const kind = rest[1];
  if (kind === '[') return /^\x1b\[[0-?]*[ -/]*$/.test(rest) ? at : -1;
  if ('\\'.includes(kind)) return -1;
  if (']PX^_'.includes(kind)) {
    if (rest.includes('\x07')) return -1;
    // The string started earlier: this ESC may be its terminator's first half.
    return at;
  }
  return /^\x1b[ -/]*$/.test(rest) ? at : -1;
}

// The private modes that switch to the alternate screen: smcup's 1049, and the older 1047 and 47.
const ALTERNATE_MODES = '(?:1049|1047|47)';
const ALTERNATE_SCREEN = new RegExp(`^\\?${ALTERNATE_MODES}$`);
/** A switch to (`h`) or from (`l`) the alternate screen, which of the two in group 1. */
export const ALTERNATE_SCREEN_SWITCH = new RegExp(`\\x1b\\[\\?${ALTERNATE_MODES}([hl])`, 'g');
// Cursor movement to another line, or a switch of screens.
const MOVES_BETWEEN_LINES = new RegExp(`\\x1b(?:\\[[\\d;]*[ABEFHJdfsu]|\\[\\?${ALTERNATE_MODES}[hl]|[78DEM])`);

/** Whether `text` moves the cursor to another line, or ends in an escape sequence not finished yet. */
export function movesBetweenLines(text: string): boolean {
  return MOVES_BETWEEN_LINES.test(text) || unfinishedEscape(text) !== -1;
}

/**
 * Whether `text` must go through the screen: it moves the cursor between lines, or the cursor is
 * not on the last line. Otherwise it only appends to the lines as they are stored, and line
 * assembly (with render-line) shows it as a terminal would.
 */
export function needsScreen(screen: LineScreen, text: string): boolean {
  return !screen.appending || movesBetweenLines(text);
}
