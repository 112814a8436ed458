'use client';

import { Pin } from 'lucide-react';
import { useEffect, useRef } from 'react';
import type { SessionJson } from '@/core/contract';
import { showBidiControls } from '@/lib/bidi-controls';
import { describeSource } from '@/lib/format';
import { cn } from '@/lib/utils';
import { KillButton } from './kill-button';
import { isPlainClick } from './plain-click';
import { RowResources } from './resources/row-resources';
import { Runtime } from './runtime';
import { StartTime } from './start-time';
import { StatusBadge } from './status-badge';
import { sessionPath } from './use-sessions';
import { VisibleText } from './visible-text';
import { WaitingBadge } from './waiting-badge';

type Props = {
  sessions: SessionJson[];
  selectedId: string | null;
  onSelect: (id: string) => void;
  serverNow: number;
};

const NAVIGATION_KEYS = ['ArrowDown', 'ArrowUp', 'Home', 'End'];

const rowOf = (list: HTMLElement | null, id: string) => list?.querySelector<HTMLElement>(`[data-session-id="${CSS.escape(id)}"]`);

/** The sessions, in the order given; arrow keys move the selection, as in a list box. */
export function SessionList({ sessions, selectedId, onSelect, serverNow }: Props) {
  const list = useRef<HTMLUListElement>(null);
  // A deep link, back or forward can select a row far down the list: bring it into sight.
  useEffect(() => {
    if (selectedId) rowOf(list.current, selectedId)?.scrollIntoView({ block: 'nearest' });
  }, [selectedId]);
  // The Tab stop is the selected row, or the first one when the selection is not among those shown.
  const tabStop = sessions.some((session) => session.id === selectedId) ? selectedId : sessions[0]?.id;

  const onKeyDown = (event: React.KeyboardEvent) => {
    // Space selects a row, as it did when rows were buttons (on a link it would scroll the page).
    const row = (event.target as HTMLElement).closest<HTMLElement>('[data-session-id]');
    if (event.key === ' ' && row?.dataset.sessionId) {
      event.preventDefault();
      onSelect(row.dataset.sessionId);
      return;
    }
    if (!NAVIGATION_KEYS.includes(event.key) || sessions.length === 0) return;
    event.preventDefault();
    const current = sessions.findIndex((session) => session.id === selectedId);
    const last = sessions.length - 1;
    const next =
      event.key === 'Home' ? 0 : event.key === 'End' ? last : event.key === 'ArrowDown' ? Math.min(current + 1, last) : Math.max(current - 1, 0);
    const id = sessions[next].id;
    onSelect(id);
    rowOf(list.current, id)?.focus();
  };

  return (
    <ul ref={list} aria-label="Sessions" className="flex flex-col gap-1 p-2" onKeyDown={onKeyDown}>
      {sessions.map((session) => {
        const selected = session.id === selectedId;
        return (
          <li key={session.id} className="relative">
            {/* A link, so that it opens in a new tab (middle or Ctrl-click) and its address can be copied. */}
            <a
              href={sessionPath(session.id)}
              data-session-id={session.id}
              data-testid="session-row"
              aria-current={selected ? 'true' : undefined}
              tabIndex={session.id === tabStop ? 0 : -1}
              onClick={(event) => {
                if (!isPlainClick(event)) return;
                event.preventDefault();
                onSelect(session.id);
              }}
              className={cn(
                'flex h-20 w-full flex-col justify-between rounded-lg border border-transparent px-3 py-2 text-left outline-none',
                'hover:bg-accent/60 focus-visible:ring-ring/50 focus-visible:ring-[3px]',
                selected && 'bg-accent border-border',
              )}
            >
              <span className="flex w-full items-center justify-between gap-2">
                <span className="truncate text-sm font-medium" title={showBidiControls(session.name)}>
                  <VisibleText text={session.name} />
                </span>
                <span className="flex shrink-0 items-center gap-1">
                  {session.pinned && <Pin role="img" aria-label="Pinned" className="text-muted-foreground size-3.5 fill-current" />}
                  <WaitingBadge session={session} className="h-5 px-1.5 text-[11px]" />
                  <StatusBadge session={session} />
                </span>
              </span>
              <span
                className={cn('text-muted-foreground w-full font-mono text-xs', session.status === 'running' && 'pr-14')}
                title={showBidiControls(session.command)}
              >
                {/* Clipped inside the padding, or a marker's background would show under the Kill button. */}
                <span className="block truncate">
                  <VisibleText text={session.command} />
                </span>
              </span>
              <span className={cn('text-muted-foreground truncate text-xs', session.status === 'running' && 'pr-14')}>
                <StartTime iso={session.startedAt ?? session.createdAt} />
                {' · '}
                <Runtime session={session} serverNow={serverNow} />
                <RowResources session={session} />
                {session.source !== 'ui' && (
                  <span data-testid="session-source">
                    {' · '}
                    <VisibleText text={describeSource(session)} />
                  </span>
                )}
              </span>
            </a>
            {session.status === 'running' && (
              <div className="absolute right-2 bottom-1.5">
                <KillButton session={session} size="xs" />
              </div>
            )}
          </li>
        );
      })}
    </ul>
  );
}
