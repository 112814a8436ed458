'use client';

import { useEffect, type RefObject } from 'react';

/** Where keys belong to what has the focus: a text field, an editor, a terminal under control, a dialog. */
function keysTaken(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return (
    target.isContentEditable ||
    ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName) ||
    target.closest('[role="dialog"], [role="alertdialog"]') !== null
  );
}

/**
 * `/` focuses the search box from anywhere on the page, and Ctrl-F (⌘F) does when the focus is in
 * the session's view (elsewhere it stays the browser's find); neither is taken from a text field or
 * from a terminal under Take control, whose keys go to the session.
 */
export function useSearchShortcuts(view: RefObject<HTMLElement | null>, input: RefObject<HTMLInputElement | null>) {
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.isComposing || keysTaken(event.target)) return;
      const slash = event.key === '/' && !event.ctrlKey && !event.metaKey && !event.altKey;
      const find = event.key.toLowerCase() === 'f' && (event.ctrlKey || event.metaKey) && !event.altKey && !event.shiftKey;
      // The session's view: the detail section the log sits in.
      const session = view.current?.closest('section') ?? view.current;
      if (!slash && !(find && session?.contains(document.activeElement))) return;
      event.preventDefault();
      input.current?.focus();
      input.current?.select();
    };
    document.addEventListener('keydown', onKeyDown);
    return () => document.removeEventListener('keydown', onKeyDown);
  }, [view, input]);
}
