'use client';

import { useEffect, useState } from 'react';
import useSWR from 'swr';
import { fetcher, type ApiError } from '@/lib/fetcher';
import type { OutputStream } from '@/db/schema';
import { sessionKey } from './use-sessions';

export type OutputChunk = { seq: number; stream: OutputStream; text: string; at: string };
type OutputPage = { chunks: OutputChunk[]; next: number; done: boolean };

const POLL_MS = 3000;
const PAGE_LIMIT = 1000;

/**
 * A session's output, read incrementally: every request asks only for the chunks after the last
 * cursor. While the session runs it polls every 3 s; a full page is followed at once by the next.
 */
export function useSessionOutput(id: string, onDone: () => void) {
  const [output, setOutput] = useState<{ chunks: OutputChunk[]; cursor: number; done: boolean; loaded: boolean }>({
    chunks: [],
    cursor: 0,
    done: false,
    loaded: false,
  });
  const key = output.done ? null : `${sessionKey(id)}/output?after=${output.cursor}&limit=${PAGE_LIMIT}`;
  const { data, error } = useSWR<OutputPage, ApiError>(key, fetcher, {
    refreshInterval: POLL_MS,
    revalidateOnFocus: false,
    dedupingInterval: 0,
  });

  useEffect(() => {
    if (!data) return;
    setOutput((current) => {
      const fresh = data.chunks.filter((chunk) => chunk.seq > current.cursor);
      if (fresh.length === 0 && data.done === current.done && current.loaded) return current;
      return {
        chunks: fresh.length > 0 ? [...current.chunks, ...fresh] : current.chunks,
        cursor: Math.max(current.cursor, data.next),
        done: data.done,
        loaded: true,
      };
    });
  }, [data]);

  useEffect(() => {
    if (output.done) onDone();
  }, [output.done, onDone]);

  return { chunks: output.chunks, error, loading: !output.loaded && !error };
}
