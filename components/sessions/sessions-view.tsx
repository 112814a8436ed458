'use client';

import { MousePointerClick, Plus } from 'lucide-react';
import { useCallback, useState } from 'react';
import { Button } from '@/components/ui/button';
import type { SessionJson } from '@/core/contract';
import { ClearCompletedButton } from './clear-completed-button';
import { EmptyState } from './empty-state';
import { NewSessionForm } from './new-session-form';
import { NotificationsMenu } from './notifications/notifications-menu';
import { useNotificationPreferences } from './notifications/settings';
import { useSessionNotifications } from './notifications/use-session-notifications';
import { RetentionSummary } from './retention-summary';
import { SessionDetail, SessionNotFound } from './session-detail';
import { SessionList } from './session-list';
import { useRefreshSessions, useSelection, useSessionDetail, useSessionList, type SessionListPage } from './use-sessions';

type Props = {
  initialList: SessionListPage;
  initialSelected?: SessionJson;
  /** An id the server already found unknown (a stale link): no need to ask again. */
  missingId?: string;
  serverNow: number;
};

/** The Active Sessions page: the list on the left, the selected session's terminal on the right. */
export function SessionsView({ initialList, initialSelected, missingId, serverNow }: Props) {
  const { selectedId, select } = useSelection();
  const notifications = useNotificationPreferences();
  const { data: list, error: listError } = useSessionList(initialList, { inBackground: notifications.active });
  const sessions = list?.sessions ?? initialList.sessions;
  const total = list?.total ?? initialList.total;
  const fromList = sessions.find((session) => session.id === selectedId);
  const knownMissing = selectedId !== null && selectedId === missingId;
  const detail = useSessionDetail(
    knownMissing ? null : selectedId,
    fromList ?? (initialSelected?.id === selectedId ? initialSelected : undefined),
  );
  const selected = detail.data?.id === selectedId ? detail.data : fromList;
  useSessionNotifications({ sessions, active: notifications.active, silentMinutes: notifications.settings.silentMinutes, serverNow, open: select });
  const refresh = useRefreshSessions();
  const [creating, setCreating] = useState(false);

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
      <header className="flex flex-wrap items-center justify-between gap-3 border-b px-4 py-3">
        <div className="min-w-0">
          <h1 className="text-xl font-semibold tracking-tight">Active Sessions</h1>
          <p className="text-muted-foreground text-sm" aria-live="polite">
            {allRunningShown ? `${running} running · ${finished.toLocaleString()} finished` : `${running}+ running`}
          </p>
          <RetentionSummary />
        </div>
        <div className="flex items-center gap-2">
          <NotificationsMenu {...notifications} />
          <ClearCompletedButton finishedCount={finished} onCleared={onCleared} />
          <Button size="sm" onClick={() => setCreating((open) => !open)} aria-expanded={creating}>
            <Plus aria-hidden />
            New session
          </Button>
        </div>
      </header>
      <div className="flex min-h-0 flex-1 flex-col lg:flex-row">
        <div className="flex max-h-[45dvh] min-h-0 shrink-0 flex-col border-b lg:max-h-none lg:w-96 lg:border-r lg:border-b-0">
          {creating && <NewSessionForm onCreated={onCreated} onCancel={() => setCreating(false)} />}
          <div className="min-h-0 flex-1 overflow-y-auto" data-testid="session-list">
            {listError && (
              <p role="alert" className="text-destructive px-4 py-2 text-sm">
                Could not refresh the list: {listError.message}
              </p>
            )}
            {sessions.length === 0 ? (
              <EmptyState />
            ) : (
              <SessionList sessions={sessions} selectedId={selectedId} onSelect={select} serverNow={serverNow} />
            )}
            {total > sessions.length && (
              <p className="text-muted-foreground px-4 pb-4 text-xs">
                Showing the newest {sessions.length} of {total.toLocaleString()} sessions. Clear finished ones, or list
                them all through <code className="font-mono">GET /api/sessions?limit=…</code>.
              </p>
            )}
          </div>
        </div>
        <div className="flex min-h-[50dvh] min-w-0 flex-1 flex-col lg:min-h-0">
          {selected ? (
            <SessionDetail session={selected} serverNow={serverNow} />
          ) : selectedId && (knownMissing || detail.error?.status === 404) ? (
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
