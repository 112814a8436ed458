'use client';

import { useCallback, useEffect, useState } from 'react';

const LINE_HASH = /^#L(\d+)$/;

/**
 * The line a link points at (`/sessions/<id>#L1200`, like GitHub's), kept in the URL's hash:
 * following such a link scrolls to the line and highlights it; choosing a line updates the hash.
 */
export function useLineAnchor() {
  const [line, setLine] = useState<number | null>(null);
  // Bumped on every request, so that asking for the same line again scrolls to it again.
  const [jump, setJump] = useState(0);

  useEffect(() => {
    const read = () => {
      const match = LINE_HASH.exec(window.location.hash);
      setLine(match ? Math.max(1, Number(match[1])) : null);
      setJump((n) => n + 1);
    };
    read();
    window.addEventListener('hashchange', read);
    return () => window.removeEventListener('hashchange', read);
  }, []);

  const set = useCallback((n: number) => {
    window.history.replaceState(window.history.state, '', `${window.location.pathname}${window.location.search}#L${n}`);
    setLine(n);
    setJump((count) => count + 1);
  }, []);

  const clear = useCallback(() => {
    if (window.location.hash) {
      window.history.replaceState(window.history.state, '', `${window.location.pathname}${window.location.search}`);
    }
    setLine(null);
  }, []);

  return { line, jump, set, clear };
}
