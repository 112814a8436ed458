/**
 * Browsers cap an element's height (Chrome at 33,554,432 px, 1,677,721 lines of 20 px): a list any
 * taller could not be scrolled to its end. Past a safe height the scroll area is capped, and a
 * position in it maps linearly onto the full list. Both ranges start at 0 and end at the bottom,
 * so the first and the last line stay reachable; rows near the view are still laid out exactly,
 * 20 px apart, shifted by the difference between the two positions.
 */
export const MAX_SCROLL_HEIGHT = 15_000_000;

/** The height the scroll area gets for a list this tall. */
export const cappedHeight = (listHeight: number) => Math.min(listHeight, MAX_SCROLL_HEIGHT);

/**
 * How many pixels of the list one pixel of the element's scrolling covers. `elementRange` is what
 * the element can scroll (scrollHeight - clientHeight) holding the capped list; the full list's
 * range is longer by the height the cap hides.
 */
export function scrollRatio(listHeight: number, elementRange: number) {
  const hidden = listHeight - cappedHeight(listHeight);
  return hidden <= 0 || elementRange <= 0 ? 1 : (elementRange + hidden) / elementRange;
}

export const toListOffset = (elementOffset: number, ratio: number) => elementOffset * ratio;

export const toElementOffset = (listOffset: number, ratio: number) => listOffset / ratio;
