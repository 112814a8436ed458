// Invisible characters that reorder the text around them: "invoice\u202Efdp.exe" shows as
// "invoiceexe.pdf", and a command can read as something it does not run. Where the page shows a
// name, a command or output, each is taken out and shown as a marker, so the rest keeps its real
// order and the reader sees that something was there.
const NAMES: Record<number, string> = {
  0x061c: 'Arabic letter mark',
  0x200e: 'left-to-right mark',
  0x200f: 'right-to-left mark',
  0x202a: 'left-to-right embedding',
  0x202b: 'right-to-left embedding',
  0x202c: 'pop directional formatting',
  0x202d: 'left-to-right override',
  0x202e: 'right-to-left override',
  0x2066: 'left-to-right isolate',
  0x2067: 'right-to-left isolate',
  0x2068: 'first strong isolate',
  0x2069: 'pop directional isolate',
};

const BIDI_CONTROL = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;
const BIDI_CONTROLS = new RegExp(BIDI_CONTROL.source, 'g');

export type TextPart = { kind: 'text'; text: string } | { kind: 'control'; label: string; name: string };

/** The text with each direction control taken out and put in a part of its own, in order. */
export function splitBidiControls(text: string): TextPart[] {
  if (!BIDI_CONTROL.test(text)) return text === '' ? [] : [{ kind: 'text', text }];
  const parts: TextPart[] = [];
  let last = 0;
  for (const match of text.matchAll(BIDI_CONTROLS)) {
    if (match.index > last) parts.push({ kind: 'text', text: text.slice(last, match.index) });
    const codePoint = match[0].codePointAt(0)!;
    parts.push({ kind: 'control', label: `U+${codePoint.toString(16).toUpperCase().padStart(4, '0')}`, name: NAMES[codePoint] });
    last = match.index + 1;
  }
  if (last < text.length) parts.push({ kind: 'text', text: text.slice(last) });
  return parts;
}

/** The marker a control is shown as. */
export const markerText = (label: string) => `⟨${label}⟩`;

/** The same as plain text, for what cannot hold markup: tooltips, the document title. */
export function showBidiControls(text: string): string {
  if (!BIDI_CONTROL.test(text)) return text;
  return splitBidiControls(text)
    .map((part) => (part.kind === 'text' ? part.text : markerText(part.label)))
    .join('');
}
