'use client';

import { ArrowDown } from 'lucide-react';
import { useCallback, useEffect, useEffectEvent, useLayoutEffect, useRef, useState, type WheelEvent } from 'react';
import { Button } from '@/components/ui/button';
import { lineRevision } from '@/core/terminal/lines';
import { MatchingLines } from './matching-lines';
import { SearchBar } from './search-bar';
import { TerminalLine } from './terminal-line';
import { TerminalToolbar } from './terminal-toolbar';
import { useLineAnchor } from './use-line-anchor';
import { useMatchRanges } from './use-match-ranges';
import { useOutputLines } from './use-output-lines';
import { useScaledVirtualizer } from './use-scaled-virtualizer';
import { useSearch } from './use-search';
import { useSearchShortcuts } from './use-search-shortcuts';
import { useSgrStarts } from './use-sgr-starts';
import { useStoredToggle } from './use-stored-toggle';

const LINE_HEIGHT = 20;
// How close to the bottom still counts as "at the bottom", in pixels.
const BOTTOM_SLACK = 24;
// How recent a person's input must be for a scroll-up to be theirs.
const INPUT_INTENT_MS = 1000;


/**
 * The live terminal: a virtualized list of numbered lines (only those near the viewport are in
 * the DOM), opening on the newest output and loading older lines as the person scrolls up. It
 * follows the output while at the bottom; scrolled up (or selecting text), it stops and counts
 * what arrived, until the person jumps back.
 */
export function SessionTerminal({ sessionId, onDone }: { sessionId: string; onDone: () => void }) {
  const output = useOutputLines(sessionId, onDone);
  const scroller = useRef<HTMLDivElement>(null);
  const { virtualizer, height, shift } = useScaledVirtualizer({
    count: output.total,
    getScrollElement: () => scroller.current,
    estimateSize: () => LINE_HEIGHT,
    overscan: 30,
  });
  const following = useRef(true);
  const [isFollowing, setIsFollowing] = useState(true);
  const [unseenFrom, setUnseenFrom] = useState<number | null>(null);
  const anchor = useLineAnchor();
  const search = useSearch(sessionId, anchor.set);
  const [onlyMatching, setOnlyMatching] = useState(false);
  const [showTimes, setShowTimes] = useStoredToggle('active-sessions:line-times');
  const view = useRef<HTMLDivElement>(null);
  const searchInput = useRef<HTMLInputElement>(null);
  useSearchShortcuts(view, searchInput);

  const setFollowing = useCallback(
    (value: boolean, unseenAfter = output.total) => {
      following.current = value;
      setIsFollowing(value);
      setUnseenFrom(value ? null : unseenAfter);
    },
    [output.total],
  );

  // Where the terminal was last seen scrolled to, by us or by the person, and how many lines it
  // showed then. Scroll events arrive a frame late: output landing in between must not yank back a
  // person who just scrolled up. Only a person's input counts, and only when both edges of the view
  // moved up: a taller window lowers the top edge alone (the browser clamps scrollTop), a shorter
  // one the bottom edge alone, and neither is a reason to stop following.
  const seen = useRef({ top: 0, bottom: 0 });
  const shownTotal = useRef(0);
  const lastInputAt = useRef(Number.NEGATIVE_INFINITY);
  const noteInput = () => {
    lastInputAt.current = performance.now();
  };
  const noteScrollPosition = (element: HTMLElement) => {
    seen.current = { top: element.scrollTop, bottom: element.scrollTop + element.clientHeight };
  };

  const stickToEnd = (element: HTMLElement) => {
    virtualizer.scrollToIndex(output.total - 1, { align: 'end' });
    noteScrollPosition(element);
    shownTotal.current = output.total;
  };
  const canFollow = () => anchor.line === null && following.current && output.total > 0;

  const jumpToLatest = () => {
    if (output.total > 0 && scroller.current) stickToEnd(scroller.current);
    anchor.clear();
    // Asking for the latest outweighs the scrolling that came before it.
    lastInputAt.current = Number.NEGATIVE_INFINITY;
    setFollowing(true);
  };

  // Follow new output; a link to a line (#L123) wins over following.
  useLayoutEffect(() => {
    const element = scroller.current;
    if (!canFollow() || !element) return;
    const movedUp =
      element.scrollTop < seen.current.top - BOTTOM_SLACK &&
      element.scrollTop + element.clientHeight < seen.current.bottom - BOTTOM_SLACK;
    if (movedUp && performance.now() - lastInputAt.current < INPUT_INTENT_MS) return setFollowing(false, shownTotal.current);
    stickToEnd(element);
  }, [output.total, output.version, virtualizer, anchor.line]); // eslint-disable-line react-hooks/exhaustive-deps

  // A shorter window leaves the newest lines below the view, with no scroll event to say so: while
  // following, stay on them, whether or not more output comes.
  const onResize = useEffectEvent(() => {
    const element = scroller.current;
    if (canFollow() && element) stickToEnd(element);
  });
  useEffect(() => {
    const element = scroller.current;
    if (!element) return;
    const observer = new ResizeObserver(() => onResize());
    observer.observe(element);
    return () => observer.disconnect();
  }, []);

  useEffect(() => {
    if (anchor.line === null || output.total === 0) return;
    following.current = false;
    setIsFollowing(false);
    const index = Math.min(anchor.line, output.total) - 1;
    output.ensureRange(Math.max(0, index - 50), index + 50);
    virtualizer.scrollToIndex(index, { align: 'center' });
  }, [anchor.line, anchor.jump, output.total > 0, virtualizer]); // eslint-disable-line react-hooks/exhaustive-deps

  const items = virtualizer.getVirtualItems();
  const first = items[0]?.index ?? 0;
  const last = items[items.length - 1]?.index ?? 0;
  const sgrStart = useSgrStarts(output.line, first, items.length > 0 ? last : -1);
  useEffect(() => {
    if (items.length > 0) output.ensureRange(first, last);
  }, [first, last, items.length, output.version]); // eslint-disable-line react-hooks/exhaustive-deps

  useEffect(() => {
    const stopOnSelection = () => {
      const selection = document.getSelection();
      if (selection && !selection.isCollapsed && scroller.current?.contains(selection.anchorNode)) setFollowing(false);
    };
    document.addEventListener('selectionchange', stopOnSelection);
    return () => document.removeEventListener('selectionchange', stopOnSelection);
  }, [setFollowing]);

  const onScroll = () => {
    const element = scroller.current;
    if (!element) return;
    // Only a view that moved up stops the following. A scroll event can report our own scroll to
    // the end a frame late, after the window shrank: that is not at the bottom any more, yet nobody
    // scrolled.
    const movedUp = element.scrollTop < seen.current.top - 1;
    noteScrollPosition(element);
    const atBottom = element.scrollHeight - element.scrollTop - element.clientHeight <= BOTTOM_SLACK;
    if (atBottom && !following.current && anchor.line === null) setFollowing(true);
    else if (!atBottom && following.current && movedUp) setFollowing(false);
  };

  // A wheel turned upwards is intent enough: stop before the scroll itself lands. (With Ctrl held it
  // zooms the page instead.)
  const onWheel = (event: WheelEvent) => {
    noteInput();
    if (event.ctrlKey || event.deltaY >= 0) return;
    if (following.current && (scroller.current?.scrollTop ?? 0) > 0) setFollowing(false);
  };

  const ranges = useMatchRanges(sessionId, search.active, first, last, output.total);
  // The first line at least partly in view (1-based): where a new search starts from.
  const topLine = () => {
    const top = virtualizer.scrollOffset ?? 0;
    const item = virtualizer.getVirtualItems().find((candidate) => candidate.end > top);
    return (item?.index ?? 0) + 1;
  };
  const openLine = (line: number) => {
    setOnlyMatching(false);
    anchor.set(line);
  };

  const newLines = unseenFrom === null ? 0 : Math.max(0, output.total - unseenFrom);
  const gutterWidth = String(Math.max(output.total, 1)).length;

  return (
    <div ref={view} className="flex min-h-0 flex-1 flex-col gap-2">
      <TerminalToolbar
        sessionId={sessionId}
        connection={output.connection}
        totalLines={output.total}
        showTimes={showTimes}
        onShowTimes={setShowTimes}
        search={
          <SearchBar
            inputRef={searchInput}
            active={search.active}
            searching={search.searching}
            error={search.error}
            onlyMatching={onlyMatching}
            onOnlyMatching={setOnlyMatching}
            onSearch={(query, options) => search.start(query, options, topLine())}
            onStep={search.step}
          />
        }
      />
      <div className="relative min-h-0 flex-1">
        <div
          ref={scroller}
          onScroll={onScroll}
          onWheel={onWheel}
          onPointerDown={noteInput}
          onKeyDown={noteInput}
          onTouchMove={noteInput}
          data-testid="terminal"
          data-following={isFollowing}
          role="log"
          aria-label="Terminal output"
          aria-live="off"
          tabIndex={0}
          className="bg-terminal-bg text-terminal-fg absolute inset-0 overflow-y-auto overflow-x-hidden rounded-lg py-3 pr-4 font-mono text-[13px] leading-5 outline-none focus-visible:ring-2 focus-visible:ring-emerald-500/60"
        >
          {output.connection === 'loading' && <p className="text-terminal-system animate-pulse px-4">Loading output…</p>}
          {output.connection !== 'loading' && output.total === 0 && !output.error && (
            <p className="text-terminal-system px-4">No output yet.</p>
          )}
          {output.error && <p className="text-terminal-stderr px-4">Could not load output: {output.error}</p>}
          <div style={{ height, position: 'relative' }}>
            <div className="absolute inset-x-0 top-0" style={{ transform: `translateY(${(items[0]?.start ?? 0) - shift}px)` }}>
              {items.map((item) => {
                const line = output.line(item.index);
                return (
                  <div key={item.key} data-index={item.index} ref={virtualizer.measureElement}>
                    <TerminalLine
                      n={item.index + 1}
                      line={line}
                      revision={lineRevision(line)}
                      sgrStart={sgrStart(item.index)}
                      highlighted={anchor.line === item.index + 1}
                      gutterWidth={gutterWidth}
                      onNumberClick={anchor.set}
                      ranges={ranges.get(item.index + 1)}
                      current={search.active?.current?.line === item.index + 1}
                      showTime={showTimes}
                    />
                  </div>
                );
              })}
            </div>
          </div>
        </div>
        {onlyMatching && search.active ? (
          <MatchingLines sessionId={sessionId} search={search.active} showTimes={showTimes} onOpenLine={openLine} />
        ) : null}
        {!onlyMatching && !isFollowing && output.total > 0 ? (
          <Button size="sm" variant="secondary" onClick={jumpToLatest} className="absolute right-4 bottom-4 shadow-lg">
            <ArrowDown aria-hidden />
            {newLines > 0 ? `${newLines.toLocaleString()} new line${newLines === 1 ? '' : 's'} — jump to latest` : 'Jump to latest'}
          </Button>
        ) : null}
      </div>
    </div>
  );
}
