'use client';

import { useRef } from 'react';
import { lineRevision, type AssembledLine } from '@/core/terminal/lines';
import { INITIAL_SGR, segmentStates, type SgrState } from '@/core/terminal/render-line';

// Colours set on one line carry on to the next, as in a terminal. The state a visible line starts
// in is worked out from this many lines above it (or the nearest gap in what is loaded).
const LOOKBEHIND = 500;
const MAX_REMEMBERED = 5000;

type Remembered = { line: AssembledLine; revision: number; start: SgrState; end: SgrState };

/**
 * The SGR state each line in [first, last] (0-based) starts in. Each line's end state is
 * remembered with what it was computed from, so a frame costs map look-ups, not re-parsing.
 */
export function useSgrStarts(lineAt: (n: number) => AssembledLine | undefined, first: number, last: number): (n: number) => SgrState {
  const remembered = useRef(new Map<number, Remembered>());
  const cache = remembered.current;
  const from = Math.max(0, first - LOOKBEHIND);
  const starts = new Map<number, SgrState>();
  let state = INITIAL_SGR;
  for (let n = from; n <= last; n++) {
    const line = lineAt(n);
    if (line === undefined || line.dropped) {
      state = INITIAL_SGR;
      continue;
    }
    if (n >= first) starts.set(n, state);
    const revision = lineRevision(line);
    const known = cache.get(n);
    if (known && known.line === line && known.revision === revision && known.start === state) {
      state = known.end;
      continue;
    }
    const { end } = segmentStates(line.segments, state);
    cache.set(n, { line, revision, start: state, end });
    state = end;
  }
  if (cache.size > MAX_REMEMBERED) {
    for (const n of cache.keys()) if (n < from || n > last) cache.delete(n);
  }
  return (n) => starts.get(n) ?? INITIAL_SGR;
}
