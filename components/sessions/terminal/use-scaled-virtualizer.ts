'use client';

import { elementScroll, observeElementOffset, useVirtualizer, type Virtualizer } from '@tanstack/react-virtual';
import { useLayoutEffect, useState } from 'react';
import { cappedHeight, scrollRatio, toElementOffset, toListOffset } from './scroll-scale';

type Options = {
  count: number;
  getScrollElement: () => HTMLDivElement | null;
  estimateSize: () => number;
  overscan: number;
};
type Instance = Virtualizer<HTMLDivElement, Element>;
// The virtualizer reads the element's scroll range and position itself, besides the offsets it is
// told: it must read them in the list's coordinates too.
type ElementReaders = { _elementMaxScrollOffset: () => number | null; _readElementOffset: () => number | null };
const scaledInstances = new WeakSet<Instance>();

/**
 * A virtualizer whose list may be taller than a browser lets an element be (see scroll-scale):
 * the virtualizer works in the full list's coordinates, the element scrolls a capped area, and
 * positions are mapped between the two. Rows go `shift` px above their list position, which keeps
 * the ones near the view exactly where the list has them.
 */
export function useScaledVirtualizer(options: Options) {
  // The ratio is read from the element each time a position crosses over. A position we wrote
  // reads back as the one asked for: the element keeps whole pixels, and one of them may be
  // several pixels of the list.
  const [scale] = useState(() => ({ ratio: 1, written: null as { list: number; element: number } | null }));
  const ratioOf = (instance: Instance) => {
    const element = instance.scrollElement;
    if (element) scale.ratio = scrollRatio(instance.getTotalSize(), element.scrollHeight - element.clientHeight);
    return scale.ratio;
  };

  const virtualizer = useVirtualizer<HTMLDivElement, Element>({
    ...options,
    observeElementOffset: (instance, report) =>
      observeElementOffset(instance, (offset, isScrolling) => {
        const written = scale.written;
        if (written && Math.abs(offset - written.element) < 1) return report(written.list, isScrolling);
        scale.written = null;
        report(toListOffset(offset, ratioOf(instance)), isScrolling);
      }),
    scrollToFn: (offset, { adjustments = 0, behavior }, instance) => {
      const list = offset + adjustments;
      const element = toElementOffset(list, ratioOf(instance));
      scale.written = { list, element };
      elementScroll(element, { behavior }, instance);
    },
  });

  if (!scaledInstances.has(virtualizer)) {
    scaledInstances.add(virtualizer);
    const readers = virtualizer as unknown as ElementReaders;
    for (const name of ['_elementMaxScrollOffset', '_readElementOffset'] as const) {
      const read = readers[name];
      readers[name] = () => {
        const value = read();
        return value === null ? null : toListOffset(value, ratioOf(virtualizer));
      };
    }
  }

  // Output arriving changes the ratio, and with it the list offset the element's position stands
  // for: keep the lines in view where they are, unless the view is at the end, which it keeps.
  const totalSize = virtualizer.getTotalSize();
  useLayoutEffect(() => {
    const element = virtualizer.scrollElement;
    const list = virtualizer.scrollOffset;
    if (!element || list === null || cappedHeight(totalSize) === totalSize) return;
    if (element.scrollTop + element.clientHeight >= element.scrollHeight - 1) return;
    const target = toElementOffset(list, ratioOf(virtualizer));
    if (Math.abs(target - element.scrollTop) < 1) return;
    scale.written = { list, element: target };
    element.scrollTop = target;
  }, [totalSize]); // eslint-disable-line react-hooks/exhaustive-deps

  const offset = virtualizer.scrollOffset ?? 0;
  return {
    virtualizer,
    height: cappedHeight(virtualizer.getTotalSize()),
    shift: offset - toElementOffset(offset, scale.ratio),
  };
}
