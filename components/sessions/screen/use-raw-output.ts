'use client';

import { useEffect, useRef, useState } from 'react';
import type { OutputPageJson } from '@/core/contract';
import { fetcher } from '@/lib/fetcher';
import { sessionKey } from '../use-sessions';
import { useDocumentVisible } from '../terminal/use-document-visible';
import { useStreamSlot } from '../terminal/use-stream-slot';
import type { Connection } from '../terminal/use-output-lines';

export type RawChunk = { seq: number; stream: 'stdout' | 'stderr' | 'system'; text: string };

const POLL_MS = 1000;

/**
 * A session's output as it was written, escape sequences and all: what a terminal emulator
 * replays to reach the current screen, then follows live. `start` says after which seq to begin
 * (0: the first chunk). Over the same SSE stream as the Log view (resumed from the last seq),
 * polling while this tab has no stream slot. `onDone` runs once all is read: the session has
 * ended, which the page's 3–5 s polls of it would otherwise show only later.
 */
export function useRawOutput(
  sessionId: string,
  start: (() => Promise<number>) | null,
  write: (chunk: RawChunk) => void,
  onDone: () => void,
): Connection {
  const cursor = useRef(0);
  const [started, setStarted] = useState(false);
  const [done, setDone] = useState(false);
  const [state, setState] = useState<'loading' | 'live' | 'polling'>('loading');
  const visible = useDocumentVisible();

  useEffect(() => {
    if (!start) return;
    let cancelled = false;
    // A start that fails (a screen that cannot be read) replays everything instead.
    void start()
      .catch(() => 0)
      .then((after) => {
        if (cancelled) return;
        cursor.current = after;
        setStarted(true);
      });
    return () => {
      cancelled = true;
    };
  }, [start]);

  const active = started && !done && visible;
  const slot = useStreamSlot(active);
  const base = sessionKey(sessionId);
  const writeRef = useRef(write);
  useEffect(() => {
    writeRef.current = write;
  }, [write]);

  useEffect(() => {
    if (!active) return;
    const take = (chunk: RawChunk) => {
      if (chunk.seq <= cursor.current) return;
      cursor.current = chunk.seq;
      writeRef.current(chunk);
    };
    if (slot) {
      const source = new EventSource(`${base}/stream?after=${cursor.current}`);
      source.addEventListener('open', () => setState('live'));
      source.addEventListener('chunk', (event) => take(JSON.parse((event as MessageEvent<string>).data) as RawChunk));
      source.addEventListener('end', () => {
        source.close();
        setDone(true);
      });
      // EventSource reconnects by itself with Last-Event-ID; until then say it is not live.
      source.addEventListener('error', () => setState('polling'));
      return () => source.close();
    }
    const controller = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const poll = async () => {
      try {
        const page = await fetcher<OutputPageJson>(`${base}/output?after=${cursor.current}&limit=1000`, controller.signal);
        page.chunks.forEach(take);
        setState('polling');
        if (page.done) return setDone(true);
        timer = setTimeout(poll, page.chunks.length === 1000 ? 0 : POLL_MS);
      } catch {
        if (!controller.signal.aborted) timer = setTimeout(poll, POLL_MS);
      }
    };
    void poll();
    return () => {
      controller.abort();
      clearTimeout(timer);
    };
  }, [active, slot, base]);

  useEffect(() => {
    if (done) onDone();
  }, [done, onDone]);

  if (done) return 'ended';
  if (!visible) return 'paused';
  return state;
}
