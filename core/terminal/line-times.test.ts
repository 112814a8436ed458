import { describe, expect, it } from 'vitest';
import { stampLineStarts } from './line-times';
import { addChunkToLines, countNewlines, type AssembledLine } from './lines';

function assemble(chunks: { text: string; at: string }[]) {
  const lines = new Map<number, AssembledLine>();
  let lineStart = 0;
  for (const { text, at } of chunks) {
    const chunk = { stream: 'stdout' as const, text, lineStart, newlines: countNewlines(text) };
    addChunkToLines(lines, chunk);
    stampLineStarts(lines, { ...chunk, at });
    lineStart += chunk.newlines;
  }
  return [...lines.values()].map((line) => [line.n, line.at]);
}

describe('stampLineStarts', () => {
  it('gives a line the time of the chunk its first character is in', () => {
    expect(assemble([{ text: 'one\ntw', at: 't1' }, { text: 'o\n', at: 't2' }, { text: 'three\n\n', at: 't3' }, { text: 'four', at: 't4' }])).toEqual([
      [1, 't1'],
      [2, 't1'],
      [3, 't3'],
      [4, 't3'],
      [5, 't4'],
    ]);
  });

  it('does not stamp a line a chunk only opened with its last newline', () => {
    expect(assemble([{ text: 'a\n', at: 't1' }, { text: 'b\n', at: 't2' }])).toEqual([
      [1, 't1'],
      [2, 't2'],
      [3, undefined],
    ]);
  });
});
