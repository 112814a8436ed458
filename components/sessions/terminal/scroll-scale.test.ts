import { describe, expect, it } from 'vitest';
import { cappedHeight, MAX_SCROLL_HEIGHT, scrollRatio, toElementOffset, toListOffset } from './scroll-scale';

const LINE = 20;
const VIEWPORT = 800;
const PADDING = 24;

/** The element's and the full list's scroll ranges for a list of `lines` rows. */
function ranges(lines: number) {
  const list = lines * LINE;
  return { list, element: cappedHeight(list) + PADDING - VIEWPORT, full: list + PADDING - VIEWPORT };
}

describe('scroll scale', () => {
  it('leaves a list of ordinary height alone', () => {
    const { list, element } = ranges(300_000);
    expect(cappedHeight(list)).toBe(list);
    expect(scrollRatio(list, element)).toBe(1);
    expect(toListOffset(12_345, 1)).toBe(12_345);
    expect(toElementOffset(12_345, 1)).toBe(12_345);
  });

  it('caps a list taller than a browser allows, and maps both ends of the scroll range onto the list’s', () => {
    const { list, element, full } = ranges(2_000_000);
    expect(cappedHeight(list)).toBe(MAX_SCROLL_HEIGHT);
    const ratio = scrollRatio(list, element);
    expect(ratio).toBeGreaterThan(2.6);
    expect(toListOffset(0, ratio)).toBe(0);
    expect(toListOffset(element, ratio)).toBeCloseTo(full, 3);
    expect(toElementOffset(full, ratio)).toBeCloseTo(element, 3);
  });

  it('reaches every line: a line’s list offset maps to an element offset and back to the same line', () => {
    const lines = 10_000_000;
    const { list, element, full } = ranges(lines);
    const ratio = scrollRatio(list, element);
    for (const line of [1, 1_677_722, 5_000_000, 9_999_990, lines]) {
      // The newest lines are seen with the view at the bottom, not at their own top.
      const listOffset = Math.min((line - 1) * LINE, full);
      const elementOffset = Math.round(toElementOffset(listOffset, ratio));
      expect(elementOffset).toBeLessThanOrEqual(element);
      // The browser keeps whole pixels: the row lands within one pixel's worth of the list.
      expect(Math.abs(toListOffset(elementOffset, ratio) - listOffset)).toBeLessThanOrEqual(ratio / 2);
    }
  });

  it('keeps the ratio at 1 while the element cannot scroll', () => {
    expect(scrollRatio(40_000_000, 0)).toBe(1);
  });
});
