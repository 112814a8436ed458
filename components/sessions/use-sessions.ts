'use client';

import { usePathname } from 'next/navigation';
import { useCallback } from 'react';
import useSWR, { useSWRConfig } from 'swr';
import { fetcher, type ApiError } from '@/lib/fetcher';
import type { RetentionJson, SessionJson, SessionListPage } from '@/core/contract';
import { PAGE_LIST_LIMIT } from '@/core/limits';
import type { SessionStatus } from '@/core/types';

export const LIST_KEY = `/api/sessions?limit=${PAGE_LIST_LIMIT}`;
const isListKey = (key: unknown) => typeof key === 'string' && key.startsWith('/api/sessions?');
export const sessionKey = (id: string) => `/api/sessions/${encodeURIComponent(id)}`;
/** The page of one session, as the list and links open it. */
export const sessionPath = (id: string) => `/sessions/${encodeURIComponent(id)}`;

const LIST_REFRESH_MS = 5000;
const DETAIL_REFRESH_MS = 3000;

export type { SessionListPage };

export const RETENTION_KEY = '/api/retention';
// Sessions age slowly; an action that changes what is kept refreshes it at once (below).
const RETENTION_REFRESH_MS = 30_000;

export function useRetention() {
  return useSWR<RetentionJson, ApiError>(RETENTION_KEY, fetcher, { refreshInterval: RETENTION_REFRESH_MS, keepPreviousData: true });
}

/** `inBackground`: keep polling while the tab is hidden (notifications are found in the list). */
export function useSessionList(fallback: SessionListPage, { inBackground = false } = {}) {
  return useSWR<SessionListPage, ApiError>(LIST_KEY, fetcher, {
    refreshInterval: LIST_REFRESH_MS,
    refreshWhenHidden: inBackground,
    fallbackData: fallback,
    keepPreviousData: true,
  });
}

/**
 * The newest sessions a filter covers among all those stored, for when the page's list (the newest
 * PAGE_LIST_LIMIT) does not hold them all; nothing is asked while `filter` is null.
 */
export function useSessionSearch(filter: { q?: string; status?: SessionStatus } | null) {
  const key = filter ? `${LIST_KEY}&${new URLSearchParams(filter)}` : null;
  return useSWR<SessionListPage, ApiError>(key, fetcher, { refreshInterval: LIST_REFRESH_MS, keepPreviousData: true });
}

export function useSessionDetail(id: string | null, fallback: SessionJson | undefined) {
  return useSWR<SessionJson, ApiError>(id ? sessionKey(id) : null, fetcher, {
    fallbackData: fallback,
    refreshInterval: (latest) => (latest?.status === 'running' ? DETAIL_REFRESH_MS : 0),
    shouldRetryOnError: (error) => error.status !== 404,
  });
}

/** Re-reads the list and one session now, e.g. after an action changed them. */
export function useRefreshSessions() {
  const { mutate } = useSWRConfig();
  return useCallback(
    (id?: string) =>
      Promise.all([mutate(LIST_KEY), mutate((key) => key !== LIST_KEY && isListKey(key)), id ? mutate(sessionKey(id)) : undefined, mutate(RETENTION_KEY)]),
    [mutate],
  );
}

/**
 * The selected session lives in the URL (`/sessions/<id>`), so that links open it and back/forward
 * work. Selecting pushes a history entry without a server round trip, and keeps the query (the
 * list's filters).
 */
export function useSelection() {
  const pathname = usePathname();
  const match = /^\/sessions\/([^/]+)/.exec(pathname);
  const selectedId = match ? decodeURIComponent(match[1]) : null;
  const select = useCallback((id: string | null, { replace = false } = {}) => {
    const path = id ? sessionPath(id) : '/sessions';
    if (path === window.location.pathname) return;
    const url = path + window.location.search;
    if (replace) window.history.replaceState(null, '', url);
    else window.history.pushState(null, '', url);
  }, []);
  return { selectedId, select };
}
