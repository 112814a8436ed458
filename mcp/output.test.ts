import { describe, expect, it } from 'vitest';
import { joinHeadTail } from './output';

const lines = (from: number, to: number) =>
  Array.from({ length: to - from + 1 }, (_, i) => ({ n: from + i, text: `line ${from + i}` }));

describe('joinHeadTail', () => {
  it('keeps the head and the tail, and says how many lines lie between and where to read them', () => {
    const head = '\x1b[1mline 1\x1b[0m\nline 2\n';
    const text = joinHeadTail(head, { seq: 7, offset: 14 }, lines(90, 100), 1000);
    expect(text).toBe(
      [...['line 1', 'line 2', '[… 87 lines not shown: session_output with cursor "7:14" reads on from here …]'], ...lines(90, 100).map((l) => l.text), ''].join(
        '\n',
      ),
    );
  });

  it('counts only the tail lines that fit in its bytes', () => {
    const text = joinHeadTail('line 1\n', { seq: 2, offset: 0 }, lines(2, 100), 17);
    expect(text.split('\n').slice(1)).toEqual(['[… 97 lines not shown: session_output with cursor "2:0" reads on from here …]', 'line 99', 'line 100', '']);
  });

  it('never repeats a line the head already holds, a cut one included', () => {
    const text = joinHeadTail('line 1\nline 2\nli', { seq: 3, offset: 2 }, lines(2, 5), 1000);
    expect(text).toBe('line 1\nline 2\nli\n[… 0 lines not shown: session_output with cursor "3:2" reads on from here …]\nline 4\nline 5\n');
  });
});
