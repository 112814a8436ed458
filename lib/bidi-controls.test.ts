import { describe, expect, it } from 'vitest';
import { showBidiControls, splitBidiControls } from './bidi-controls';

const RLO = '\u202e';

describe('splitBidiControls', () => {
  it('leaves text without direction controls as one part, the same string', () => {
    const text = 'ls -la | grep שלום';
    expect(splitBidiControls(text)).toEqual([{ kind: 'text', text }]);
    expect(splitBidiControls('')).toEqual([]);
  });

  it('takes each control out of the text and names it where it stood', () => {
    expect(splitBidiControls(`invoice${RLO}fdp.exe`)).toEqual([
      { kind: 'text', text: 'invoice' },
      { kind: 'control', label: 'U+202E', name: 'right-to-left override' },
      { kind: 'text', text: 'fdp.exe' },
    ]);
  });

  it('finds every one of them: embeddings, overrides, isolates and the three marks', () => {
    const all = [0x202a, 0x202b, 0x202c, 0x202d, 0x202e, 0x2066, 0x2067, 0x2068, 0x2069, 0x200e, 0x200f, 0x061c];
    const parts = splitBidiControls(all.map((codePoint) => String.fromCodePoint(codePoint)).join(''));
    expect(parts.map((part) => (part.kind === 'control' ? part.label : part.text))).toEqual(
      all.map((codePoint) => `U+${codePoint.toString(16).toUpperCase().padStart(4, '0')}`),
    );
  });

  it('keeps neighbours that only look alike: zero-width joiners and the line separators', () => {
    for (const text of ['a\u200db', 'a\u200cb', 'a\u2028b', 'a\u2029b', 'a\u2065b', 'a\u206ab']) {
      expect(splitBidiControls(text)).toEqual([{ kind: 'text', text }]);
    }
  });
});

describe('showBidiControls', () => {
  it('writes each control as a marker, for places that take plain text only', () => {
    expect(showBidiControls(`${RLO}abc\u2066d`)).toBe('⟨U+202E⟩abc⟨U+2066⟩d');
    expect(showBidiControls('plain')).toBe('plain');
  });
});
