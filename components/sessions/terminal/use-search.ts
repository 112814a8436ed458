'use client';

import { useCallback, useRef, useState } from 'react';
import { searchQuery, type SearchParams } from '@/client';
import type { SearchResultJson } from '@/core/contract';
import { fetcher } from '@/lib/fetcher';
import { sessionKey } from '../use-sessions';

export type SearchOptions = { regex: boolean; caseSensitive: boolean };

/** The search in force: what it looks for, how many lines match (exactly), and the one gone to. */
export type ActiveSearch = SearchOptions & {
  query: string;
  total: number;
  current: { index: number; line: number } | null;
};

type Where = Pick<SearchParams, 'after' | 'before' | 'index'>;

/** The query parameters of a search, without which match to answer with. */
export function searchParams(search: Pick<ActiveSearch, 'query' | 'regex' | 'caseSensitive'>): SearchParams {
  return { q: search.query, regex: search.regex, case: search.caseSensitive };
}

/**
 * Search over the whole output on the server, one match at a time: it starts from where the
 * reader is (the first match at or after the line at the top of the view), goes on to the next or
 * the previous, wrapping at the ends, and always knows the exact count.
 */
export function useSearch(sessionId: string, onJump: (line: number) => void) {
  const [active, setActive] = useState<ActiveSearch | null>(null);
  const [searching, setSearching] = useState(false);
  const [error, setError] = useState<string | null>(null);
  // Only the newest request's answer counts: an older one may arrive after it.
  const latest = useRef(0);

  const ask = useCallback(
    async (search: Omit<ActiveSearch, 'total' | 'current'>, where: Where, wrapTo: 'first' | 'last') => {
      const request = ++latest.current;
      setSearching(true);
      setError(null);
      try {
        const get = (at: Where) => fetcher<SearchResultJson>(`${sessionKey(sessionId)}/search${searchQuery({ ...searchParams(search), ...at, limit: 1 })}`);
        let found = await get(where);
        // A very large output is read over several requests: each one reads on where the last stopped.
        while (!found.complete && request === latest.current) found = await get(where);
        if (!found.match && found.total > 0) found = await get({ index: wrapTo === 'first' ? 0 : found.total - 1 });
        if (request !== latest.current) return;
        setActive({ ...search, total: found.total, current: found.match ?? null });
        if (found.match) onJump(found.match.line);
      } catch (reason) {
        if (request === latest.current) setError((reason as Error).message);
      } finally {
        if (request === latest.current) setSearching(false);
      }
    },
    [sessionId, onJump],
  );

  const clear = useCallback(() => {
    latest.current++;
    setActive(null);
    setSearching(false);
    setError(null);
  }, []);

  /** A new search, from the line at the top of the view (1-based). */
  const start = useCallback(
    (query: string, options: SearchOptions, topLine: number) => {
      if (!query) return clear();
      // The old search's marks go at once, not when the new one answers.
      setActive(null);
      return ask({ query, ...options }, { after: Math.max(0, topLine - 1) }, 'first');
    },
    [ask, clear],
  );

  const step = useCallback(
    (direction: 1 | -1) => {
      if (!active?.current) return;
      const where = direction === 1 ? { after: active.current.line } : { before: active.current.line };
      return ask(active, where, direction === 1 ? 'first' : 'last');
    },
    [active, ask],
  );

  return { active, searching, error, start, step, clear };
}
