'use client';

import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useReducer, useRef } from 'react';
import { searchQuery } from '@/client';
import type { SearchResultJson } from '@/core/contract';
import { INITIAL_SGR } from '@/core/terminal/render-line';
import { lineRevision } from '@/core/terminal/lines';
import { fetcher } from '@/lib/fetcher';
import { sessionKey } from '../use-sessions';
import { TerminalLine } from './terminal-line';
import { searchParams, type ActiveSearch } from './use-search';

const LINE_HEIGHT = 20;
const PAGE = 200;

type Match = NonNullable<SearchResultJson['matches']>[number];

/** Pages of the list of matching lines, fetched as they come into view; a new search starts afresh. */
function useMatchPages(sessionId: string, search: ActiveSearch) {
  const key = `${sessionKey(sessionId)}/search${searchQuery(searchParams(search))}`;
  const pages = useRef({ key, loaded: new Map<number, Match[]>(), asked: new Set<number>() });
  const [, loadedOne] = useReducer((n: number) => n + 1, 0);
  if (pages.current.key !== key) pages.current = { key, loaded: new Map(), asked: new Set() };

  const ensure = (page: number) => {
    const current = pages.current;
    if (current.asked.has(page)) return;
    current.asked.add(page);
    fetcher<SearchResultJson>(`${sessionKey(sessionId)}/search${searchQuery({ ...searchParams(search), offset: page * PAGE, limit: PAGE, text: true })}`)
      .then((found) => {
        current.loaded.set(page, found.matches ?? []);
        loadedOne();
      })
      .catch(() => current.asked.delete(page));
  };
  const match = (index: number): Match | undefined => pages.current.loaded.get(Math.floor(index / PAGE))?.[index % PAGE];
  return { ensure, match };
}

type Props = { sessionId: string; search: ActiveSearch; showTimes: boolean; onOpenLine: (line: number) => void };

/**
 * "Show only matching lines", as Dozzle has it: every matching line with its own number, however
 * many (virtualized, paged from the server). A line's number opens it in the whole output.
 */
export function MatchingLines({ sessionId, search, showTimes, onOpenLine }: Props) {
  const scroller = useRef<HTMLDivElement>(null);
  const pages = useMatchPages(sessionId, search);
  const virtualizer = useVirtualizer({
    count: search.total,
    getScrollElement: () => scroller.current,
    estimateSize: () => LINE_HEIGHT,
    overscan: 30,
  });
  const items = virtualizer.getVirtualItems();
  const first = items[0]?.index ?? 0;
  const last = items.at(-1)?.index ?? 0;
  useEffect(() => {
    for (let page = Math.floor(first / PAGE); page <= Math.floor(last / PAGE); page++) pages.ensure(page);
  }, [first, last, pages]);
  // Next and previous move through this list too.
  const currentIndex = search.current?.index;
  useEffect(() => {
    if (currentIndex !== undefined) virtualizer.scrollToIndex(currentIndex, { align: 'center' });
  }, [currentIndex, virtualizer]);
  const gutterWidth = String(Math.max(search.current?.line ?? 1, pages.match(last)?.line.n ?? 1)).length;

  return (
    <div
      ref={scroller}
      data-testid="matching-lines"
      role="log"
      aria-label={`Lines matching ${search.query}`}
      tabIndex={0}
      className="bg-terminal-bg text-terminal-fg absolute inset-0 overflow-y-auto overflow-x-hidden rounded-lg py-3 pr-4 font-mono text-[13px] leading-5 outline-none focus-visible:ring-2 focus-visible:ring-emerald-500/60"
    >
      {search.total === 0 && <p className="text-terminal-system px-4">No line matches.</p>}
      <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
        <div className="absolute inset-x-0 top-0" style={{ transform: `translateY(${items[0]?.start ?? 0}px)` }}>
          {items.map((item) => {
            const match = pages.match(item.index);
            return (
              <div key={item.key} data-index={item.index} ref={virtualizer.measureElement}>
                {match === undefined ? (
                  <div className="text-terminal-system min-h-5 px-4">…</div>
                ) : (
                <TerminalLine
                  n={match.line.n}
                  line={match.line}
                  revision={lineRevision(match.line)}
                  sgrStart={INITIAL_SGR}
                  highlighted={false}
                  gutterWidth={gutterWidth}
                  onNumberClick={onOpenLine}
                  ranges={match.ranges}
                  current={match.index === search.current?.index}
                  showTime={showTimes}
                />
                )}
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}
