'use client';

import { LoaderCircle, RotateCcw } from 'lucide-react';
import { useState, useTransition } from 'react';
import { rerunSessionAction } from '@/app/(console)/sessions/actions';
import { Button } from '@/components/ui/button';
import type { SessionJson } from '@/core/contract';
import { useRefreshSessions, useSelection } from './use-sessions';

/** Re-run: the same command, directory, env and terminal as a new session, which it then opens. */
export function RerunButton({ session }: { session: SessionJson }) {
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState<string | null>(null);
  const refresh = useRefreshSessions();
  const { select } = useSelection();

  const rerun = () =>
    startTransition(async () => {
      const result = await rerunSessionAction(session.id);
      setError(result.status === 'error' ? result.message : null);
      if (result.status !== 'ok') return;
      select(result.data.id);
      await refresh(result.data.id);
    });

  return (
    <>
      {error && (
        <span role="alert" className="text-destructive text-xs">
          {error}
        </span>
      )}
      <Button variant="outline" size="sm" disabled={pending} onClick={rerun}>
        {pending ? <LoaderCircle className="animate-spin" aria-hidden /> : <RotateCcw aria-hidden />}
        Re-run
      </Button>
    </>
  );
}
