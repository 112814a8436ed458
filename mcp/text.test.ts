import { describe, expect, it } from 'vitest';
import { agentText, clipAround, cutPoint, lastBytes, unitsWithin } from './text';

describe('agentText', () => {
  it('strips colours and keeps only the last state of a line redrawn with \\r', () => {
    expect(agentText('\x1b[32mok\x1b[0m\n  0%\r 50%\r100%\ndone\n')).toBe('ok\n100%\ndone\n');
  });

  it('handles CRLF line ends and cursor sequences', () => {
    expect(agentText('one\r\ntwo\r\n')).toBe('one\ntwo\n');
    expect(agentText('old text\x1b[2K\x1b[1Gnew\n')).toBe('new\n');
  });
});

describe('unitsWithin', () => {
  it('counts UTF-8 bytes and never splits a character', () => {
    expect(unitsWithin('abc', 2)).toBe(2);
    expect(unitsWithin('é€😀', 2)).toBe(1);
    expect(unitsWithin('é€😀', 5)).toBe(2);
    expect(unitsWithin('é€😀', 8)).toBe(2);
    expect(unitsWithin('é€😀', 9)).toBe(4);
    expect(unitsWithin('😀x', 3)).toBe(0);
  });
});

describe('cutPoint', () => {
  it('cuts after the last newline that fits', () => {
    expect(cutPoint('aaa\nbbb\nccc', 9, false)).toBe(8);
    expect(cutPoint('aaa\nbbb\nccc', 100, false)).toBe(11);
  });

  it('cuts a line longer than the limit at the limit, unless only whole lines may be taken', () => {
    expect(cutPoint('abcdefgh', 5, false)).toBe(5);
    expect(cutPoint('abcdefgh', 5, true)).toBe(0);
  });

  it('does not cut inside an escape sequence or a character', () => {
    expect(cutPoint('abc\x1b[38;5;197mdef', 8, false)).toBe(3);
    expect(cutPoint('ab\x1b]0;title', 9, false)).toBe(2);
    expect(cutPoint('ab\x1b]0;t\x07cdefgh', 10, false)).toBe(10);
    expect(cutPoint('a😀b', 3, false)).toBe(1);
  });

  it('always takes at least one character', () => {
    expect(cutPoint('😀😀', 1, false)).toBe(2);
    expect(cutPoint('\x1b[31mred', 3, false)).toBe(3);
  });
});

describe('lastBytes', () => {
  it('keeps the tail from the start of a line', () => {
    expect(lastBytes('one\ntwo\nthree\n', 100)).toBe('one\ntwo\nthree\n');
    expect(lastBytes('one\ntwo\nthree\n', 10)).toBe('two\nthree\n');
    expect(lastBytes('one\ntwo\nthree\n', 9)).toBe('three\n');
  });

  it('keeps the end of a single long line', () => {
    expect(lastBytes('abcdefghij', 4)).toBe('ghij');
    expect(lastBytes('ab😀', 4)).toBe('😀');
  });
});

describe('clipAround', () => {
  it('leaves a short line alone and cuts a long one around the match', () => {
    expect(clipAround('short ERROR line', 'error')).toBe('short ERROR line');
    const long = `${'a'.repeat(1000)}ERROR here${'b'.repeat(1000)}`;
    const clipped = clipAround(long, 'error', 100);
    expect(clipped).toMatch(/^…a+ERROR hereb+…$/);
    expect(clipped.length).toBe(102);
    expect(clipAround(`${'x'.repeat(500)}`, 'y', 100)).toBe(`${'x'.repeat(100)}…`);
  });
});
