'use client';

import { ArrowLeft, Monitor, ScrollText, SearchX } from 'lucide-react';
import { useCallback } from 'react';
import { Button } from '@/components/ui/button';
import { Tabs, TabsContent, TabsList, TabsTrigger } from '@/components/ui/tabs';
import { showBidiControls } from '@/lib/bidi-controls';
import { describeSource, formatDuration, formatStartTime } from '@/lib/format';
import type { SessionJson } from '@/core/contract';
import { timedOut } from '@/core/session-events';
import { CopyButton } from './copy-button';
import { KillButton } from './kill-button';
import { PinButton } from './pin-button';
import { RerunButton } from './rerun-button';
import { SessionResources } from './resources/session-resources';
import { Runtime } from './runtime';
import { SessionScreen } from './screen/session-screen';
import { SessionLineage } from './session-lineage';
import { SessionTerminal } from './terminal/session-terminal';
import { StatusBadge } from './status-badge';
import { useRefreshSessions } from './use-sessions';
import { VisibleText } from './visible-text';
import { WaitingBadge } from './waiting-badge';

function Meta({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div className="flex min-w-0 flex-col gap-0.5">
      <dt className="text-muted-foreground text-xs">{label}</dt>
      <dd className="truncate text-sm">{children}</dd>
    </div>
  );
}

function endSummary(session: SessionJson): string {
  if (session.status === 'running') return '—';
  const parts = [];
  if (session.exitCode !== null) parts.push(`exit ${session.exitCode}`);
  if (session.signal) parts.push(session.signal);
  if (session.endReason && session.endReason !== 'exited') parts.push(timedOut(session) ? 'timed out' : session.endReason.replace('_', ' '));
  return parts.join(' · ') || '—';
}

/** The selected session: its header (name, command, status, times, exit) above its live output. */
export function SessionDetail({ session, serverNow }: { session: SessionJson; serverNow: number }) {
  const refresh = useRefreshSessions();
  const onDone = useCallback(() => void refresh(session.id), [refresh, session.id]);
  return (
    <section aria-labelledby="session-title" className="flex min-h-0 flex-1 flex-col gap-3 p-4">
      <header className="flex flex-col gap-3">
        {/* One wrapping row: on a narrow screen the badges and buttons move down a line rather
            than squeeze the name, which keeps the width it needs (a long one a line of its own, cut short). */}
        <div className="flex flex-wrap items-center gap-2">
          <h2 id="session-title" className="min-w-0 truncate text-lg font-semibold tracking-tight" title={showBidiControls(session.name)}>
            <VisibleText text={session.name} />
          </h2>
          <StatusBadge session={session} />
          <WaitingBadge session={session} />
          <div className="ml-auto flex shrink-0 items-center gap-2">
            <PinButton session={session} />
            {session.status === 'running' ? <KillButton session={session} /> : <RerunButton session={session} />}
          </div>
        </div>
        <div className="bg-muted/60 flex items-center gap-1 rounded-md border pl-3">
          <span className="text-muted-foreground font-mono text-sm select-none" aria-hidden>
            $
          </span>
          <code data-testid="session-command" className="min-w-0 flex-1 overflow-x-auto py-1.5 font-mono text-sm whitespace-pre">
            <VisibleText text={session.command} />
          </code>
          <CopyButton text={session.command} label="Copy command" />
        </div>
        <dl className="grid grid-cols-2 gap-x-6 gap-y-2 sm:grid-cols-[auto_auto_auto_auto_minmax(0,1fr)]">
          <Meta label="Started">
            <time
              dateTime={session.startedAt ?? session.createdAt}
              title={new Date(session.startedAt ?? session.createdAt).toString()}
              suppressHydrationWarning
            >
              {formatStartTime(session.startedAt ?? session.createdAt)}
            </time>
          </Meta>
          <Meta label="Runtime">
            <Runtime session={session} serverNow={serverNow} />
          </Meta>
          <Meta label="End">{endSummary(session)}</Meta>
          <Meta label="Launched by">
            <span title={session.timeout ? `killed after ${formatDuration(session.timeout * 1000)}` : undefined}>
              <VisibleText text={describeSource(session)} />
              {session.timeout ? ` · limit ${formatDuration(session.timeout * 1000)}` : ''}
            </span>
          </Meta>
          <Meta label="Directory">
            <span className="font-mono text-xs" title={showBidiControls(session.cwd)}>
              <VisibleText text={session.cwd} />
            </span>
          </Meta>
        </dl>
        <SessionLineage session={session} />
        <SessionResources session={session} />
        {session.error && (
          <p role="status" className="text-destructive text-sm">
            <VisibleText text={session.error} />
          </p>
        )}
      </header>
      {session.tty ? (
        <Tabs key={session.id} defaultValue="screen" className="min-h-0 flex-1">
          <TabsList aria-label="How to show the output">
            <TabsTrigger value="screen">
              <Monitor aria-hidden />
              Screen
            </TabsTrigger>
            <TabsTrigger value="log">
              <ScrollText aria-hidden />
              Log
            </TabsTrigger>
          </TabsList>
          {/* Only the open view is mounted: each holds a live stream of its own. */}
          <TabsContent value="screen" className="flex min-h-0 flex-col">
            <SessionScreen session={session} onDone={onDone} />
          </TabsContent>
          <TabsContent value="log" className="flex min-h-0 flex-col">
            <SessionTerminal sessionId={session.id} onDone={onDone} />
          </TabsContent>
        </Tabs>
      ) : (
        <SessionTerminal key={session.id} sessionId={session.id} onDone={onDone} />
      )}
    </section>
  );
}

export function SessionNotFound({ id, onBack }: { id: string; onBack: () => void }) {
  return (
    <section className="flex flex-1 flex-col items-center justify-center gap-3 p-8 text-center" role="alert">
      <SearchX className="text-muted-foreground size-10" aria-hidden />
      <h2 className="text-lg font-semibold">Session not found</h2>
      <p className="text-muted-foreground max-w-sm text-sm">
        No session has the id <code className="font-mono break-all">{id}</code>. It may have been cleared, or the link
        is mistyped.
      </p>
      <Button variant="outline" size="sm" onClick={onBack}>
        <ArrowLeft aria-hidden />
        All sessions
      </Button>
    </section>
  );
}
