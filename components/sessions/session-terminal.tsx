'use client';

import { ArrowDown } from 'lucide-react';
import { useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';
import { Button } from '@/components/ui/button';
import { cn } from '@/lib/utils';
import { useSessionOutput, type OutputChunk } from './use-session-output';

const STREAM_CLASS: Record<OutputChunk['stream'], string> = {
  stdout: 'text-terminal-fg',
  stderr: 'text-terminal-stderr',
  system: 'text-terminal-system italic',
};

// How close to the bottom still counts as "at the bottom", in pixels.
const BOTTOM_SLACK = 24;

function countLines(chunks: OutputChunk[]): number {
  let lines = 0;
  for (const chunk of chunks) for (let i = 0; i < chunk.text.length; i++) if (chunk.text[i] === '\n') lines++;
  return lines;
}

/**
 * The live terminal: follows the output as it streams; when the person scrolls up (or selects
 * text) it stops following and counts what arrived since, until they jump back to the latest.
 */
export function SessionTerminal({ sessionId, onDone }: { sessionId: string; onDone: () => void }) {
  const { chunks, error, loading } = useSessionOutput(sessionId, onDone);
  const scroller = useRef<HTMLDivElement>(null);
  // A ref for the layout effect to read synchronously, state for what the page shows.
  const following = useRef(true);
  const [isFollowing, setIsFollowing] = useState(true);
  const [newLines, setNewLines] = useState(0);
  const rendered = useRef(0);

  const setFollowing = useCallback((value: boolean) => {
    following.current = value;
    setIsFollowing(value);
    if (value) setNewLines(0);
  }, []);

  const scrollToEnd = useCallback(() => {
    const element = scroller.current;
    if (!element) return;
    element.scrollTop = element.scrollHeight;
    setFollowing(true);
  }, [setFollowing]);

  useLayoutEffect(() => {
    const added = chunks.slice(rendered.current);
    rendered.current = chunks.length;
    if (added.length === 0) return;
    if (following.current) scrollToEnd();
    else setNewLines((count) => count + countLines(added));
  }, [chunks, scrollToEnd]);

  useEffect(() => {
    const stopOnSelection = () => {
      const selection = document.getSelection();
      if (selection && !selection.isCollapsed && scroller.current?.contains(selection.anchorNode)) {
        setFollowing(false);
      }
    };
    document.addEventListener('selectionchange', stopOnSelection);
    return () => document.removeEventListener('selectionchange', stopOnSelection);
  }, [setFollowing]);

  const onScroll = () => {
    const element = scroller.current;
    if (!element) return;
    const atBottom = element.scrollHeight - element.scrollTop - element.clientHeight <= BOTTOM_SLACK;
    if (atBottom !== following.current) setFollowing(atBottom);
  };

  return (
    <div className="relative min-h-0 flex-1">
      <div
        ref={scroller}
        onScroll={onScroll}
        data-testid="terminal"
        data-following={isFollowing}
        role="log"
        aria-label="Terminal output"
        aria-live="off"
        tabIndex={0}
        className="bg-terminal-bg text-terminal-fg absolute inset-0 overflow-auto rounded-lg p-4 font-mono text-[13px] leading-5 outline-none focus-visible:ring-2 focus-visible:ring-emerald-500/60"
      >
        {loading && <p className="text-terminal-system animate-pulse">Loading output…</p>}
        {!loading && chunks.length === 0 && !error && <p className="text-terminal-system">No output yet.</p>}
        <pre className="break-words whitespace-pre-wrap">
          {chunks.map((chunk) => (
            <span key={chunk.seq} data-stream={chunk.stream} className={STREAM_CLASS[chunk.stream]}>
              {chunk.text}
            </span>
          ))}
        </pre>
        {error && <p className="text-terminal-stderr">Could not load output: {error.message}</p>}
      </div>
      {!isFollowing && chunks.length > 0 ? (
        <Button
          size="sm"
          variant="secondary"
          onClick={scrollToEnd}
          className={cn('absolute right-4 bottom-4 shadow-lg', newLines === 0 && 'opacity-90')}
        >
          <ArrowDown aria-hidden />
          {newLines > 0 ? `${newLines} new line${newLines === 1 ? '' : 's'} — jump to latest` : 'Jump to latest'}
        </Button>
      ) : null}
    </div>
  );
}
