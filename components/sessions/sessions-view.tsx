'use client';

import { ArrowLeft, MousePointerClick, Plus, SearchX } from 'lucide-react';
import { useCallback, useMemo, useState } from 'react';
import { Button } from '@/components/ui/button';
import type { SessionJson } from '@/core/contract';
import { cn } from '@/lib/utils';
import { ClearCompletedButton } from './clear-completed-button';
import { EmptyState } from './empty-state';
import { ListToolbar } from './list-toolbar';
import { applyListView, DEFAULT_VIEW, describeNoMatch, isFiltered, serverFilter } from './list-view';
import { NewSessionForm } from './new-session-form';
import { NotificationsMenu } from './notifications/notifications-menu';
import { useNotificationPreferences } from './notifications/settings';
import { useSessionNotifications } from './notifications/use-session-notifications';
import { RetentionSummary } from './retention-summary';
import { SessionDetail, SessionNotFound } from './session-detail';
import { SessionList } from './session-list';
import { useListView } from './use-list-view';
import { useRefreshSessions, useSelection, useSessionDetail, useSessionList, useSessionSearch, type SessionListPage } from './use-sessions';

type Props = {
  initialList: SessionListPage;
  initialSelected?: SessionJson;
  /** An id the server already found unknown (a stale link): no need to ask again. */
  missingId?: string;
  serverNow: number;
};

/**
 * The Active Sessions page: the list on the left, the selected session's terminal on the right.
 * Narrower than `lg`, one of them at a time: a session opened on a phone gets the whole screen, and
 * the list is one tap back.
 */
export function SessionsView({ initialList, initialSelected, missingId, serverNow }: Props) {
  const { selectedId, select } = useSelection();
  const notifications = useNotificationPreferences();
  const { data: list, error: listError } = useSessionList(initialList, { inBackground: notifications.active });
  const sessions = list?.sessions ?? initialList.sessions;
  const total = list?.total ?? initialList.total;
  const clearable = list?.clearable ?? initialList.clearable;
  const fromList = sessions.find((session) => session.id === selectedId);
  const knownMissing = selectedId !== null && selectedId === missingId;
  const detail = useSessionDetail(
    knownMissing ? null : selectedId,
    fromList ?? (initialSelected?.id === selectedId ? initialSelected : undefined),
  );
  const selected = detail.data?.id === selectedId ? detail.data : fromList;
  const notFound = selectedId !== null && (knownMissing || detail.error?.status === 404);
  useSessionNotifications({ sessions, active: notifications.active, silentMinutes: notifications.settings.silentMinutes, serverNow, open: select });
  const refresh = useRefreshSessions();
  const [creating, setCreating] = useState(false);
  const { view, change } = useListView();
  // The page's list holds the newest sessions only: a filter then asks the server, which has them all.
  const partial = total > sessions.length;
  const filter = partial ? serverFilter(view) : null;
  const searched = useSessionSearch(filter);
  const pool = (filter && searched.data?.sessions) || sessions;
  const matching = filter ? searched.data?.total : undefined;
  const shown = useMemo(() => applyListView(pool, view), [pool, view]);
  // On a narrow screen the detail replaces the list, unless the New session form (in the list's panel) is open.
  const detailOnly = selectedId !== null && !creating;

  // Running sessions come first, so the page holds all of them unless it is full of them; the
  // finished ones are counted from the total, not from the rows the page shows.
  const running = sessions.filter((session) => session.status === 'running').length;
  const allRunningShown = running < sessions.length || total <= sessions.length;
  const finished = allRunningShown ? total - running : 0;

  const onCreated = useCallback(
    (id: string) => {
      setCreating(false);
      select(id);
      void refresh(id);
    },
    [select, refresh],
  );

  const onCleared = async () => {
    const { sessions: remaining } = (await refresh())[0] ?? { sessions: [] };
    if (selectedId && !remaining.some((session: SessionJson) => session.id === selectedId)) select(null, { replace: true });
  };

  return (
    <main className="flex min-h-0 flex-1 flex-col">
      <header className={cn('flex flex-wrap items-center justify-between gap-3 border-b px-4 py-3', detailOnly && 'max-lg:hidden')}>
        <div className="min-w-0">
          <h1 className="text-xl font-semibold tracking-tight">Active Sessions</h1>
          <p className="text-muted-foreground text-sm" aria-live="polite">
            {allRunningShown ? `${running} running · ${finished.toLocaleString()} finished` : `${running}+ running`}
          </p>
          <RetentionSummary />
        </div>
        <div className="flex items-center gap-2">
          <NotificationsMenu {...notifications} />
          <ClearCompletedButton clearable={clearable} onCleared={onCleared} />
          <Button size="sm" onClick={() => setCreating((open) => !open)} aria-expanded={creating}>
            <Plus aria-hidden />
            New session
          </Button>
        </div>
      </header>
      <div className="flex min-h-0 flex-1 flex-col lg:flex-row">
        <div className={cn('flex min-h-0 flex-1 flex-col lg:w-96 lg:flex-none lg:border-r', detailOnly && 'max-lg:hidden')}>
          {creating && <NewSessionForm onCreated={onCreated} onCancel={() => setCreating(false)} />}
          {sessions.length > 0 && <ListToolbar view={view} onChange={change} />}
          <div className="min-h-0 flex-1 overflow-y-auto" data-testid="session-list">
            {listError && (
              <p role="alert" className="text-destructive px-4 py-2 text-sm">
                Could not refresh the list: {listError.message}
              </p>
            )}
            {sessions.length === 0 ? (
              <EmptyState />
            ) : shown.length === 0 ? (
              <div role="status" className="text-muted-foreground flex flex-col items-center gap-3 px-6 py-12 text-center text-sm">
                <SearchX className="size-6" aria-hidden />
                <p>{describeNoMatch(view)}</p>
                <Button variant="outline" size="sm" onClick={() => change(DEFAULT_VIEW)}>
                  Clear filters
                </Button>
              </div>
            ) : (
              <SessionList sessions={shown} selectedId={selectedId} onSelect={select} serverNow={serverNow} />
            )}
            {isFiltered(view) && shown.length > 0 && (
              <p className="text-muted-foreground px-4 pb-2 text-xs" aria-live="polite" data-testid="filter-summary">
                {matching !== undefined && matching > pool.length
                  ? `The newest ${pool.length} of ${matching.toLocaleString()} matching sessions`
                  : `${shown.length} of ${(partial ? total : sessions.length).toLocaleString()} shown`}{' '}
                ·{' '}
                <button type="button" className="hover:text-foreground underline underline-offset-2" onClick={() => change(DEFAULT_VIEW)}>
                  Clear filters
                </button>
              </p>
            )}
            {partial && !isFiltered(view) && (
              <p className="text-muted-foreground px-4 pb-4 text-xs">
                Showing the newest {sessions.length} of {total.toLocaleString()} sessions: filter to find any of them, or
                clear finished ones.
              </p>
            )}
          </div>
        </div>
        <div className={cn('flex min-h-0 min-w-0 flex-1 flex-col', !detailOnly && 'max-lg:hidden')}>
          {selectedId && !notFound && (
            <Button variant="ghost" size="sm" className="mx-2 mt-2 self-start lg:hidden" onClick={() => select(null)}>
              <ArrowLeft aria-hidden />
              All sessions
            </Button>
          )}
          {selected ? (
            <SessionDetail session={selected} serverNow={serverNow} />
          ) : selectedId && notFound ? (
            <SessionNotFound id={selectedId} onBack={() => select(null)} />
          ) : (
            <div className="text-muted-foreground flex flex-1 flex-col items-center justify-center gap-2 p-8 text-sm">
              <MousePointerClick className="size-6" aria-hidden />
              {selectedId ? 'Loading session…' : 'Select a session to see its output.'}
            </div>
          )}
        </div>
      </div>
    </main>
  );
}
