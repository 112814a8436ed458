import { describe, expect, it } from 'vitest';
import { addChunkToLines, countNewlines, type AssembledLine } from './lines';

function texts(pieces: string[]) {
  const lines = new Map<number, AssembledLine>();
  let lineStart = 0;
  for (const text of pieces) {
    addChunkToLines(lines, { stream: 'stdout', text, lineStart, newlines: countNewlines(text) });
    lineStart += countNewlines(text);
  }
  return [...lines.values()].map((line) => line.segments.map((segment) => segment.text).join(''));
}

describe('addChunkToLines', () => {
  it("drops a terminal's carriage return before a newline, also when the newline comes in the next chunk", () => {
    expect(texts(['a\r\nb\r\n'])).toEqual(['a', 'b', '']);
    expect(texts(['a\r', '\nb\r\nc'])).toEqual(['a', 'b', 'c']);
    expect(texts(['\r\n'])).toEqual(['', '']);
  });

  it('keeps a carriage return that redraws the line, and one not yet followed by a newline', () => {
    expect(texts(['50%\r100%\n'])).toEqual(['50%\r100%', '']);
    expect(texts(['working\r'])).toEqual(['working\r']);
  });
});
