'use client';

import { useSearchParams } from 'next/navigation';
import { useCallback, useMemo } from 'react';
import { listViewSearch, parseListView, type ListView } from './list-view';

/**
 * The list's filter and order, read from the URL query (`?q=&status=&sort=`) so that a reload or a
 * shared link shows the same list. Changes replace the history entry: a filter is not a place to go
 * back to, and typing would otherwise leave one entry per keystroke.
 */
export function useListView() {
  const params = useSearchParams();
  const view = useMemo(() => parseListView(params), [params]);
  const change = useCallback((update: Partial<ListView>) => {
    // From the address bar, not from the render: keystrokes can come faster than the router re-renders.
    const current = parseListView(new URLSearchParams(window.location.search));
    window.history.replaceState(null, '', window.location.pathname + listViewSearch({ ...current, ...update }));
  }, []);
  return { view, change };
}
