import Anser from 'anser';
import type { LineSegment } from './lines';

/**
 * Turns one line of raw terminal output (no trailing "\n") into styled spans, the way a terminal
 * would have shown it. Pure: no React, no DOM.
 *
 * Model: a one-row screen of cells. Printable text is written at the cursor, overwriting what is
 * there, so "\r", "\b" and cursor-column sequences behave like a real terminal and every character
 * keeps the style it was written with. SGR ("\x1b[...m") is interpreted by anser; every other
 * escape sequence is either applied (the few that move within a row or erase it) or dropped.
 *
 * Representation choices the renderer must know about:
 * - Colours are CSS strings, 'rgb(r, g, b)'.
 * - Inverse is resolved here by swapping fg and bg. A missing fg becomes 'currentColor' on the bg
 *   side (the line's own colour) and a missing bg becomes 'var(--color-terminal-bg)' on the fg side.
 *   CSS resolves `background-color: currentColor` against the SAME element's `color`, so a span
 *   with bg 'currentColor' must get its background on a wrapper and its colour on the inner text.
 * - Hidden text (SGR 8) is written as spaces with only its background kept, so it is neither shown
 *   nor copied, yet keeps its columns.
 * - Columns are code points; wide (CJK/emoji) and combining characters are not measured.
 * - SGR state carries on from line to line, as in a terminal: renderLine takes the state the line
 *   starts in and sgrAfter gives the state it leaves.
 */
export type Span = {
  text: string;
  fg?: string;
  bg?: string;
  bold?: boolean;
  dim?: boolean;
  italic?: boolean;
  underline?: boolean;
  strike?: boolean;
};

type SpanStyle = Omit<Span, 'text'>;
/** What the cursor writes with: the span look, plus what anser needs to continue from it. */
type Style = { props: SpanStyle; hidden: boolean; replay: string; next: Map<string, Style> };

const TAB_WIDTH = 8;
// A hostile `\x1b[999999999G` must not make the browser pad a billion blanks.
const MAX_COLUMN = 20_000;
const INVERSE_FG_DEFAULT = 'var(--color-terminal-bg)';
const INVERSE_BG_DEFAULT = 'currentColor';

// Anything that is not plain printable text: C0/DEL/C1 controls, which include ESC.
const CONTROL = /[\x00-\x1f\x7f-\x9f]/;

// One alternative per escape family, tried in order:
//   1. CSI: ESC [ params intermediates final            (groups: params, intermediates, final)
//   2. OSC/DCS/SOS/PM/APC: ESC ] P X ^ _ ... up to BEL or ST; an unterminated one runs to the end
//      of the line, as a terminal would swallow it too
//   3. Other ESC sequences: charset selection "ESC ( B", "ESC 7", "ESC =", also a cut-off "ESC ["
//   4. A single control character (including a lone ESC)
export const TOKEN =
  /\x1b\[([0-?]*)([ -/]*)([@-~])|\x1b[\]PX^_][\s\S]*?(?:\x07|\x1b\\|$)|\x1b[ -/]*[0-~]|[\x00-\x1f\x7f-\x9f]/g;

const PLAIN: Style = { props: {}, hidden: false, replay: '0', next: new Map() };

/** The colours and decorations text is written with; opaque, and the same object for the same look. */
export type SgrState = Style;
export const INITIAL_SGR: SgrState = PLAIN;

export function renderLine(text: string, start: SgrState = PLAIN): Span[] {
  if (text === '') return [];
  if (!CONTROL.test(text)) {
    if (start === PLAIN) return [{ text }];
    if (!start.hidden) return [{ text, ...start.props }];
  }

  const row = new Row();
  let style = start;
  let last = 0;
  for (const m of text.matchAll(TOKEN)) {
    if (m.index > last) row.write(text.slice(last, m.index), style);
    last = m.index + m[0].length;

    const token = m[0];
    if (m[3] !== undefined) {
      const [, params, intermediates, final] = m;
      if (!drawn(params, intermediates)) continue;
      if (final === 'm') style = nextStyle(style, params);
      else row.csi(params, final);
    } else if (token === '\r') row.col = 0;
    else if (token === '\b') row.col = Math.max(0, row.col - 1);
    else if (token === '\t') row.tab();
    // Everything else (OSC, charsets, other controls) has no visible effect within one row.
  }
  if (last < text.length) row.write(text.slice(last), style);

  return row.spans();
}

/** The SGR state after `text`, starting from `start`: what the next line starts in. */
export function sgrAfter(text: string, start: SgrState = PLAIN): SgrState {
  if (!text.includes('\x1b')) return start;
  let style = start;
  for (const m of text.matchAll(TOKEN)) {
    if (m[3] === 'm' && drawn(m[1], m[2])) style = nextStyle(style, m[1]);
  }
  return style;
}

/**
 * The state each segment of a line starts in, and the state the line leaves for the next. The
 * console's own (system) segments are not the command's: they start plain and change nothing.
 */
export function segmentStates(segments: readonly LineSegment[], start: SgrState = PLAIN): { starts: SgrState[]; end: SgrState } {
  const starts: SgrState[] = [];
  let state = start;
  for (const segment of segments) {
    if (segment.stream === 'system') {
      starts.push(PLAIN);
      continue;
    }
    starts.push(state);
    state = sgrAfter(segment.text, state);
  }
  return { starts, end: state };
}

// Private modes ("?25l") and colon sub-parameters ("4:3m") change nothing we draw.
function drawn(params: string, intermediates: string): boolean {
  return intermediates === '' && !/[^\d;]/.test(params);
}

/** The pen after one SGR sequence's parameters ("1;31"): for an emulator that keeps its own pen. */
export function applySgr(state: SgrState, params: string): SgrState {
  return drawn(params, '') ? nextStyle(state, params) : state;
}

/** The sequence that sets `state` whatever came before: text after it does not depend on the line above. */
export function sgrSequence(state: SgrState): string {
  return `\x1b[${state.replay}m`;
}

/** The visible text of a line, as renderLine shows it; for search and copy. */
export function plainText(text: string): string {
  if (!CONTROL.test(text)) return text;
  let out = '';
  for (const span of renderLine(text)) out += span.text;
  return out;
}

class Row {
  chars: string[] = [];
  styles: Style[] = [];
  col = 0;

  write(text: string, style: Style) {
    this.pad();
    const { chars, styles } = this;
    for (const ch of text) {
      const c = style.hidden ? ' ' : ch;
      if (this.col < chars.length) {
        chars[this.col] = c;
        styles[this.col] = style;
      } else {
        chars.push(c);
        styles.push(style);
      }
      this.col++;
    }
  }

  tab() {
    this.col = (Math.floor(this.col / TAB_WIDTH) + 1) * TAB_WIDTH;
    this.pad();
  }

  /** Cursor-in-row sequences spinners and progress bars rely on; any other CSI is a no-op. */
  csi(params: string, final: string) {
    const n = parseInt(params, 10);
    switch (final) {
      case 'G': // cursor to column n (1-based)
      case '`':
        this.col = Math.min(MAX_COLUMN, Math.max(0, (n || 1) - 1));
        break;
      case 'C':
        this.col = Math.min(MAX_COLUMN, this.col + (n || 1));
        break;
      case 'D':
        this.col = Math.max(0, this.col - (n || 1));
        break;
      case 'K':
        if (n === 2) this.erase(0, this.chars.length);
        else if (n === 1) this.erase(0, this.col + 1);
        else this.erase(this.col, this.chars.length);
        break;
    }
  }

  spans(): Span[] {
    const { chars, styles } = this;
    const out: Span[] = [];
    let start = 0;
    for (let i = 1; i <= chars.length; i++) {
      if (i < chars.length && styles[i].props === styles[start].props) continue;
      out.push({ text: chars.slice(start, i).join(''), ...styles[start].props });
      start = i;
    }
    return out;
  }

  /** Cells skipped over by cursor movement become blanks once something is written past them. */
  private pad() {
    while (this.chars.length < this.col) {
      this.chars.push(' ');
      this.styles.push(PLAIN);
    }
  }

  private erase(from: number, to: number) {
    const end = Math.min(to, this.chars.length);
    if (end === this.chars.length && from <= end) {
      // Erasing through the end of the row: trailing blanks are simply absent.
      this.chars.length = this.styles.length = from;
      return;
    }
    for (let i = from; i < end; i++) {
      this.chars[i] = ' ';
      this.styles[i] = PLAIN;
    }
  }
}

// SGR interpretation is anser's; this layer only memoises it. anser is used statelessly: the
// current style is replayed from a reset in front of the new parameters, so a memoised transition
// can never leave anser out of step, and a decoration set twice is only undone once per sequence
// (anser itself would keep "bold" after "1m 1m 22m").
const anser = new Anser();
const ANSER_OPTIONS = { json: true, use_classes: false };
const DECORATION_CODES: Record<string, number> = {
  bold: 1, dim: 2, italic: 3, underline: 4, blink: 5, reverse: 7, hidden: 8, strikethrough: 9,
};
const MAX_CACHED = 4096;
const styles = new Map<string, Style>();
const sharedProps = new Map<string, SpanStyle>();

function nextStyle(current: Style, params: string): Style {
  let next = current.next.get(params);
  if (next) return next;
  const entry = anser.processChunkJson(`${current.replay};${params}m`, ANSER_OPTIONS, true);
  next = styleFor(entry.fg || null, entry.bg || null, new Set(entry.decorations));
  // Gradients and the like can produce endless distinct sequences; keep memory bounded.
  if (current.next.size >= 256) current.next.clear();
  current.next.set(params, next);
  return next;
}

function styleFor(fgRaw: string | null, bgRaw: string | null, deco: Set<string>): Style {
  const decorations = [...deco].filter((d) => d in DECORATION_CODES).sort();
  // A reset is the plain style itself: a line that ends reset starts the next one as a fresh line.
  if (!fgRaw && !bgRaw && decorations.length === 0) return PLAIN;
  const key = `${fgRaw}|${bgRaw}|${decorations}`;
  const cached = styles.get(key);
  if (cached) return cached;

  let fg = fgRaw ? toCss(fgRaw) : undefined;
  let bg = bgRaw ? toCss(bgRaw) : undefined;
  if (deco.has('reverse')) [fg, bg] = [bg ?? INVERSE_FG_DEFAULT, fg ?? INVERSE_BG_DEFAULT];
  const hidden = deco.has('hidden');

  const props: SpanStyle = {};
  if (!hidden && fg) props.fg = fg;
  if (bg) props.bg = bg;
  if (!hidden) {
    if (deco.has('bold')) props.bold = true;
    if (deco.has('dim')) props.dim = true;
    if (deco.has('italic')) props.italic = true;
    if (deco.has('underline')) props.underline = true;
    if (deco.has('strikethrough')) props.strike = true;
  }
  // Styles that look the same share one props object, which is how spans() decides to merge.
  const propsKey = JSON.stringify(props);
  if (!sharedProps.has(propsKey)) sharedProps.set(propsKey, propsKey === '{}' ? PLAIN.props : props);

  const replay = ['0', fgRaw && `38;2;${rgbParams(fgRaw)}`, bgRaw && `48;2;${rgbParams(bgRaw)}`]
    .concat(decorations.map((d) => String(DECORATION_CODES[d])))
    .filter(Boolean)
    .join(';');
  const style: Style = { props: sharedProps.get(propsKey)!, hidden, replay, next: new Map() };
  if (styles.size >= MAX_CACHED) {
    styles.clear();
    sharedProps.clear();
  }
  styles.set(key, style);
  return style;
}

function rgbParams(rgb: string): string {
  return rgb.replace(/\s/g, '').replace(/,/g, ';');
}

/** anser gives "r, g, b" (sometimes without spaces, e.g. its white "255,255,255"). */
function toCss(rgb: string): string {
  return `rgb(${rgb.split(',').map((part) => part.trim()).join(', ')})`;
}
