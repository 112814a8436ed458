'use client';

import { LoaderCircle, Square } from 'lucide-react';
import { useState, useTransition } from 'react';
import { killSession } from '@/app/(console)/sessions/actions';
import { Button } from '@/components/ui/button';
import { ScrollArea } from '@/components/ui/scroll-area';
import { showBidiControls } from '@/lib/bidi-controls';
import type { SessionJson } from '@/core/contract';
import { ConfirmDialog } from './confirm-dialog';
import { useRefreshSessions } from './use-sessions';
import { VisibleText } from './visible-text';

/** Kill, behind a confirmation: a stuck agent is one click away, an accident is not. */
export function KillButton({ session, size = 'sm' }: { session: SessionJson; size?: 'sm' | 'xs' }) {
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState<string | null>(null);
  const refresh = useRefreshSessions();

  const confirm = () =>
    startTransition(async () => {
      setError(null);
      const result = await killSession(session.id);
      if (result.status === 'error') setError(result.message);
      await refresh(session.id);
    });

  return (
    <>
      <ConfirmDialog
        trigger={
          <Button
            variant="destructive"
            size="sm"
            disabled={pending}
            aria-label={`Kill ${showBidiControls(session.name)}`}
            className={size === 'xs' ? 'h-6 gap-1 px-2 text-xs has-[>svg]:px-2 [&_svg]:size-3' : undefined}
            onClick={(event) => event.stopPropagation()}
            onKeyDown={(event) => event.stopPropagation()}
          >
            {pending ? <LoaderCircle className="animate-spin" aria-hidden /> : <Square aria-hidden />}
            {pending ? 'Killing…' : 'Kill'}
          </Button>
        }
        title={
          <>
            Kill “<VisibleText text={session.name} />”?
          </>
        }
        description="The command and every process it started get SIGTERM, then SIGKILL if they are still running after the grace period. Its output is kept; the session will show as Failed (killed)."
        details={
          <ScrollArea className="bg-muted max-h-24 rounded-md">
            <code className="block px-3 py-2 font-mono text-xs break-all whitespace-pre-wrap">
              <VisibleText text={session.command} />
            </code>
          </ScrollArea>
        }
        confirmLabel="Kill session"
        onConfirm={confirm}
      />
      {error && (
        <span role="alert" className="text-destructive text-xs">
          {error}
        </span>
      )}
    </>
  );
}
