import { describe, expect, it } from 'vitest';
import { paintScreen } from './paint-screen';

describe('paintScreen', () => {
  it('clears, draws each row (cut to the width) and puts the cursor back', () => {
    expect(paintScreen({ lines: ['$ ls', 'a very long row', ''], cursor: { x: 2, y: 2 } }, 6)).toBe('\x1b[H\x1b[2J$ ls\r\na very\r\n\x1b[3;3H');
  });

  it('keeps the cursor inside a terminal narrower or shorter than the screen', () => {
    const lines = ['1', '2', '3', '4', '5'];
    expect(paintScreen({ lines, cursor: { x: 9, y: 1 } }, 5, 3)).toBe('\x1b[H\x1b[2J1\r\n2\r\n3\x1b[2;5H');
    expect(paintScreen({ lines, cursor: { x: 0, y: 4 } }, 5, 3)).toBe('\x1b[H\x1b[2J3\r\n4\r\n5\x1b[3;1H');
  });
});
