import { describe, expect, it } from 'vitest';
import { afterFor, formatCursor, parseCursor, START, takeOutput } from './cursor';

describe('the cursor as text', () => {
  it('round-trips "seq:offset" and accepts a bare seq', () => {
    expect(formatCursor({ seq: 12, offset: 345 })).toBe('12:345');
    expect(parseCursor('12:345')).toEqual({ seq: 12, offset: 345 });
    expect(parseCursor(' 7 ')).toEqual({ seq: 7, offset: 0 });
    expect(parseCursor(formatCursor(START))).toEqual(START);
  });

  it('refuses anything else', () => {
    for (const bad of ['', 'x', '-1', '1:', '1:2:3', '1.5', '1:-2']) expect(parseCursor(bad), bad).toBeUndefined();
  });

  it('asks the API for the chunk it names', () => {
    expect(afterFor({ seq: 10, offset: 3 })).toBe(9);
    expect(afterFor(START)).toBe(0);
  });
});

const chunks = [
  { seq: 3, text: 'one\ntwo\n' },
  { seq: 5, text: 'three\nfour\n' },
  { seq: 9, text: 'five' },
];

describe('takeOutput', () => {
  it('takes everything that fits and points after it', () => {
    expect(takeOutput(chunks, START, 1000)).toEqual({ raw: 'one\ntwo\nthree\nfour\nfive', cursor: { seq: 10, offset: 0 }, complete: true });
  });

  it('stops at a line end when the bytes run out, with a cursor inside the chunk', () => {
    const first = takeOutput(chunks, START, 16);
    expect(first).toEqual({ raw: 'one\ntwo\nthree\n', cursor: { seq: 5, offset: 6 }, complete: false });
    const second = takeOutput(chunks.slice(1), first.cursor, 1000);
    expect(second.raw).toBe('four\nfive');
  });

  it('never stops in the middle of a line that a chunk taken whole left open', () => {
    const split = [
      { seq: 1, text: '1\n2\n3' },
      { seq: 2, text: '4\n5\n' },
    ];
    const first = takeOutput(split, START, 6);
    expect(first).toEqual({ raw: '1\n2\n', cursor: { seq: 1, offset: 4 }, complete: false });
    expect(takeOutput(split, first.cursor, 1000).raw).toBe('34\n5\n');
  });

  it('reading on from each cursor never skips or repeats anything', () => {
    const long = [
      { seq: 1, text: 'x'.repeat(50) + '\n' + 'y'.repeat(30) },
      { seq: 2, text: 'z\n'.repeat(20) },
    ];
    let cursor = START;
    let all = '';
    for (let round = 0; round < 100; round++) {
      const taken = takeOutput(long.filter((chunk) => chunk.seq >= cursor.seq), cursor, 16);
      all += taken.raw;
      cursor = taken.cursor;
      if (taken.complete) break;
    }
    expect(all).toBe(long.map((chunk) => chunk.text).join(''));
    expect(cursor).toEqual({ seq: 3, offset: 0 });
  });

  it('cuts a first line longer than the limit', () => {
    expect(takeOutput([{ seq: 1, text: 'abcdefgh' }], START, 3)).toEqual({ raw: 'abc', cursor: { seq: 1, offset: 3 }, complete: false });
  });

  it('reads on from the next chunk when the one the cursor points into is gone', () => {
    expect(takeOutput(chunks.slice(1), { seq: 4, offset: 2 }, 1000).raw).toBe('three\nfour\nfive');
  });

  it('stays put when nothing new has come', () => {
    expect(takeOutput([], { seq: 10, offset: 0 }, 1000)).toEqual({ raw: '', cursor: { seq: 10, offset: 0 }, complete: true });
  });
});
