'use client';

import { useCallback, useEffect, useReducer, useRef, useState } from 'react';
import useSWR from 'swr';
import useSWRSubscription, { type SWRSubscriptionOptions } from 'swr/subscription';
import type { OutputStream } from '@/core/types';
import { fetcher } from '@/lib/fetcher';
import { stampLineStarts } from '@/core/terminal/line-times';
import { addChunkToLines, countNewlines, type AssembledLine } from '@/core/terminal/lines';
import { sessionKey } from '../use-sessions';
import { useDocumentVisible } from './use-document-visible';
import { useStreamSlot } from './use-stream-slot';

export type StreamChunk = { seq: number; stream: OutputStream; text: string; lineStart: number; at: string; shown?: string };
type LinesPage = { lines: AssembledLine[]; totalLines: number; cursor: number; done: boolean };
type OutputPage = { chunks: StreamChunk[]; next: number; done: boolean };

/** live: the event stream is open; polling: it dropped or failed, the 3 s poll stands in; ended: all read. */
export type Connection = 'loading' | 'live' | 'polling' | 'paused' | 'ended';

// The newest lines, shown first; older ones load as the person scrolls up.
const TAIL_LINES = 500;
const RANGE_MARGIN = 200;
const MAX_RANGE = 4000;
const POLL_MS = 3000;
// Lines kept in memory at most; the rest are fetched again when scrolled back to.
const MAX_CACHED_LINES = 30_000;
// More than this much event data (in characters) arriving within one frame is output far faster
// than anyone reads (a firehose, or what piled up while the tab was hidden), or faster than this
// page can draw it: the view skips to the newest lines, instead of taking in every byte over the
// stream and falling further and further behind.
const SKIP_TEXT_PER_FRAME = 512 * 1024;

type Store = {
  lines: Map<number, AssembledLine>;
  total: number;
  cursor: number;
  done: boolean;
  loaded: boolean;
};

/**
 * A session's output as numbered lines, for a virtualized view: the tail first, any other range
 * on demand, and, while the session runs, every new chunk from a Server-Sent Events stream (with a
 * 3-second poll after the last cursor as the fallback). Lines live in a bounded cache.
 */
export function useOutputLines(sessionId: string, onDone: () => void) {
  const store = useRef<Store>({ lines: new Map(), total: 0, cursor: 0, done: false, loaded: false });
  const [version, bump] = useReducer((n: number) => n + 1, 0);
  const [error, setError] = useState<string | null>(null);
  const inflight = useRef(new Set<string>());
  const center = useRef(0);
  const base = sessionKey(sessionId);
  const visible = useDocumentVisible();

  const evict = () => {
    const { lines } = store.current;
    if (lines.size <= MAX_CACHED_LINES) return;
    const keep = MAX_CACHED_LINES / 2;
    // Never the last line: it may still grow, and a streamed continuation would then stand alone.
    const last = store.current.total - 1;
    for (const n of lines.keys()) if (Math.abs(n - center.current) > keep && n < last) lines.delete(n);
  };

  /**
   * The tail read starts the picture: its cursor is where the live stream picks up. Read again
   * after `skipped` what streamed in too fast, only its word stands: the output skipped may have
   * continued or, with cursor movements, rewritten lines held here, and any other line is fetched
   * again when scrolled to.
   */
  const applyTail = useCallback((page: LinesPage, { skipped = false } = {}) => {
    const s = store.current;
    if (skipped) s.lines.clear();
    for (const line of page.lines) s.lines.set(line.n - 1, line);
    s.total = skipped ? page.totalLines : Math.max(s.total, page.totalLines);
    s.cursor = Math.max(s.cursor, page.cursor);
    s.done = s.done || page.done;
    s.loaded = true;
    bump();
  }, []);

  /**
   * An older range only fills lines still missing: the stream owns the newest ones, and the
   * range's own cursor must not move the stream's (it would skip chunks not yet streamed).
   */
  const applyRange = useCallback((page: LinesPage, from: number, to: number) => {
    const s = store.current;
    for (const line of page.lines) if (!s.lines.has(line.n - 1)) s.lines.set(line.n - 1, line);
    // Lines a range read did not return were dropped (output cap): remember them as gaps.
    for (let n = from; n <= Math.min(to, page.totalLines - 1); n++) {
      if (!s.lines.has(n)) s.lines.set(n, { n: n + 1, segments: [], dropped: true });
    }
    evict();
    bump();
  }, []);

  const applyChunks = useCallback((chunks: StreamChunk[]) => {
    const s = store.current;
    let changed = false;
    for (const chunk of chunks) {
      if (chunk.seq <= s.cursor) continue;
      // A chunk that moved the cursor between lines brings the lines as shown, which replace those
      // from its line on: the output may then have fewer lines than before.
      const text = chunk.shown ?? chunk.text;
      const newlines = countNewlines(text);
      addChunkToLines(s.lines, { ...chunk, text, newlines, replaces: chunk.shown !== undefined });
      stampLineStarts(s.lines, { ...chunk, text });
      const end = chunk.lineStart + newlines + (text === '' || text.endsWith('\n') ? 0 : 1);
      s.total = chunk.shown === undefined ? Math.max(s.total, end) : end;
      s.cursor = chunk.seq;
      changed = true;
    }
    if (changed) {
      evict();
      bump();
    }
  }, []);

  const markDone = useCallback(() => {
    if (store.current.done) return;
    store.current.done = true;
    bump();
  }, []);

  // The tail first: whatever the size of the output, one small read.
  useEffect(() => {
    const controller = new AbortController();
    fetcher<LinesPage>(`${base}/lines?tail=${TAIL_LINES}`, controller.signal)
      .then((page) => applyTail(page))
      .catch((reason: Error) => controller.signal.aborted || setError(reason.message));
    return () => controller.abort();
  }, [base, applyTail]);

  /** Makes sure lines [from, to] (0-based) are loaded, fetching what is missing around them. */
  const ensureRange = useCallback(
    (from: number, to: number) => {
      const s = store.current;
      center.current = Math.floor((from + to) / 2);
      let missing = false;
      for (let n = from; n <= to && !missing; n++) missing = !s.lines.has(n);
      if (!missing || !s.loaded) return;
      const a = Math.max(0, from - RANGE_MARGIN);
      const b = Math.min(s.total - 1, to + RANGE_MARGIN, a + MAX_RANGE - 1);
      const key = `${a}-${b}`;
      if (inflight.current.has(key) || b < a) return;
      inflight.current.add(key);
      fetcher<LinesPage>(`${base}/lines?from=${a + 1}&to=${b + 1}`)
        .then((page) => applyRange(page, a, b))
        .catch((reason: Error) => setError(reason.message))
        .finally(() => inflight.current.delete(key));
    },
    [base, applyRange],
  );

  const live = store.current.loaded && !store.current.done && visible;
  const slot = useStreamSlot(live);
  // A new stream after each skip: the one before was closed.
  const [skips, countSkip] = useReducer((n: number) => n + 1, 0);
  const skipToTail = useCallback(() => {
    fetcher<LinesPage>(`${base}/lines?tail=${TAIL_LINES}`)
      .then((page) => applyTail(page, { skipped: true }))
      .catch((reason: Error) => setError(reason.message))
      .finally(countSkip);
  }, [base, applyTail]);
  const stream = useSWRSubscription<number, Error>(live && slot ? `${base}/stream#${skips}` : null, (key: string, { next }: SWRSubscriptionOptions<number, Error>) => {
    const source = new EventSource(`${key.slice(0, key.lastIndexOf('#'))}?after=${store.current.cursor}`);
    // A firehose sends hundreds of events a second: apply them once per frame, not once each.
    let queue: StreamChunk[] = [];
    let queuedText = 0;
    let frame = 0;
    const flush = () => {
      frame = 0;
      const chunks = queue;
      const skipping = queuedText > SKIP_TEXT_PER_FRAME;
      queue = [];
      queuedText = 0;
      if (skipping) {
        source.close();
        skipToTail();
        return;
      }
      applyChunks(chunks);
      next(null, store.current.cursor);
    };
    source.addEventListener('open', () => next(null, store.current.cursor));
    source.addEventListener('chunk', (event) => {
      const data = (event as MessageEvent<string>).data;
      queuedText += data.length;
      queue.push(JSON.parse(data) as StreamChunk);
      frame ||= requestAnimationFrame(flush);
    });
    source.addEventListener('end', () => {
      source.close();
      if (frame) cancelAnimationFrame(frame);
      flush();
      markDone();
    });
    // EventSource retries by itself, resuming with Last-Event-ID. Until it is open again (or once
    // it gives up) the stream is not live: say so, and poll meanwhile.
    source.addEventListener('error', () => next(new Error('the live stream dropped')));
    return () => {
      source.close();
      if (frame) cancelAnimationFrame(frame);
    };
  });

  const polling = live && (!slot || stream.error !== undefined);
  // One cache entry whatever the cursor (read when the poll fires): a key per cursor would keep
  // every page ever polled in SWR's cache.
  const poll = useSWR<OutputPage>(
    polling ? `${base}/output (poll)` : null,
    () => fetcher<OutputPage>(`${base}/output?after=${store.current.cursor}&limit=1000`),
    {
      refreshInterval: POLL_MS,
      dedupingInterval: 0,
    },
  );
  useEffect(() => {
    if (!poll.data) return;
    applyChunks(poll.data.chunks);
    if (poll.data.done && poll.data.chunks.length === 0) markDone();
  }, [poll.data, applyChunks, markDone]);

  const done = store.current.done;
  useEffect(() => {
    if (done) onDone();
  }, [done, onDone]);

  const s = store.current;
  const connection: Connection = !s.loaded
    ? 'loading'
    : s.done
      ? 'ended'
      : !visible
        ? 'paused'
        : polling
          ? 'polling'
          : 'live';

  return {
    version,
    total: s.total,
    line: (n: number) => s.lines.get(n),
    ensureRange,
    connection,
    error,
  };
}
