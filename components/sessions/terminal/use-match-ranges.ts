'use client';

import { useMemo } from 'react';
import useSWR from 'swr';
import { searchQuery } from '@/client';
import type { SearchResultJson } from '@/core/contract';
import type { TextRange } from '@/core/terminal/decorate';
import { fetcher } from '@/lib/fetcher';
import { sessionKey } from '../use-sessions';
import { searchParams, type ActiveSearch } from './use-search';

// Matches are asked for by blocks of lines, so that scrolling within a block asks nothing new.
const BLOCK = 500;
// The block at the end of a growing output is asked again once this many more lines arrived.
const GROWTH_STEP = 100;

function blockKey(sessionId: string, search: ActiveSearch, block: number, total: number): string {
  const from = block * BLOCK + 1;
  const to = from + BLOCK - 1;
  const growth = to >= total ? `&seen=${Math.floor(total / GROWTH_STEP)}` : '';
  return `${sessionKey(sessionId)}/search${searchQuery({ ...searchParams(search), from, to, text: true, limit: BLOCK })}${growth}`;
}

/** `seen` only tells SWR's cache apart: the API is asked without it. */
const fetchBlock = (key: string) => fetcher<SearchResultJson>(key.replace(/&seen=\d+$/, ''));

/**
 * Where the search matches in the lines on screen (1-based line → [start, end) ranges of its
 * visible text), computed by the server, whose regular expressions run in linear time: a pattern
 * that would stall a browser's engine on a long line never runs here.
 */
export function useMatchRanges(sessionId: string, search: ActiveSearch | null, first: number, last: number, total: number) {
  const firstBlock = Math.floor(first / BLOCK);
  const lastBlock = Math.floor(last / BLOCK);
  const a = useSWR(search && total > 0 ? blockKey(sessionId, search, firstBlock, total) : null, fetchBlock);
  const b = useSWR(search && total > 0 && lastBlock !== firstBlock ? blockKey(sessionId, search, lastBlock, total) : null, fetchBlock);
  return useMemo(() => {
    const ranges = new Map<number, TextRange[]>();
    for (const page of [a.data, b.data]) for (const match of page?.matches ?? []) ranges.set(match.line.n, match.ranges);
    return ranges;
  }, [a.data, b.data]);
}
