import { describe, expect, it } from 'vitest';
import { sparklinePath } from './sparkline-path';

describe('a sparkline’s path', () => {
  it('places points by time, from 0 at the bottom to max at the top', () => {
    const { line, area } = sparklinePath(
      [
        { at: 1000, value: 0 },
        { at: 2000, value: 50 },
        { at: 5000, value: 100 },
      ],
      100,
      20,
      100,
    );
    expect(line).toBe('M0 20 L25 10 L100 0');
    expect(area).toBe('M0 20 L25 10 L100 0 L100 20 L0 20 Z');
  });

  it('keeps values within the box: above max at the top, below 0 at the bottom', () => {
    const { line } = sparklinePath(
      [
        { at: 0, value: 250 },
        { at: 1, value: -5 },
      ],
      10,
      10,
      100,
    );
    expect(line).toBe('M0 0 L10 10');
  });

  it('draws a single point flat across the box, and nothing for none', () => {
    expect(sparklinePath([{ at: 7, value: 5 }], 40, 10, 10).line).toBe('M0 5 L40 5');
    expect(sparklinePath([], 40, 10, 10)).toEqual({ line: '', area: '' });
  });
});
