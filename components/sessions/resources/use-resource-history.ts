'use client';

import useSWR from 'swr';
import type { ResourceHistoryJson } from '@/core/contract';
import { fetcher, type ApiError } from '@/lib/fetcher';

// The session host samples every 2 s; the charts need not move faster than the detail refreshes.
const REFRESH_MS = 3000;

export const resourcesKey = (id: string) => `/api/sessions/${encodeURIComponent(id)}/resources`;

/** A session's resource history, polled while it runs. */
export function useResourceHistory(id: string, running: boolean) {
  return useSWR<ResourceHistoryJson, ApiError>(resourcesKey(id), fetcher, { refreshInterval: running ? REFRESH_MS : 0 });
}
