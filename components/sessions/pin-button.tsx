'use client';

import { LoaderCircle, Pin } from 'lucide-react';
import { useState, useTransition } from 'react';
import { pinSessionAction } from '@/app/(console)/sessions/actions';
import { Button } from '@/components/ui/button';
import { Tooltip, TooltipContent, TooltipTrigger } from '@/components/ui/tooltip';
import type { SessionJson } from '@/core/contract';
import { useRefreshSessions } from './use-sessions';

/** Pin, a toggle (aria-pressed): a pinned session is kept by the retention rules and by Clear Completed until unpinned. */
export function PinButton({ session }: { session: SessionJson }) {
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState<string | null>(null);
  const refresh = useRefreshSessions();

  const toggle = () =>
    startTransition(async () => {
      const result = await pinSessionAction(session.id, !session.pinned);
      setError(result.status === 'error' ? result.message : null);
      await refresh(session.id);
    });

  return (
    <>
      {error && (
        <span role="alert" className="text-destructive text-xs">
          {error}
        </span>
      )}
      <Tooltip>
        <TooltipTrigger asChild>
          <Button variant={session.pinned ? 'secondary' : 'outline'} size="sm" disabled={pending} aria-pressed={session.pinned} onClick={toggle}>
            {pending ? <LoaderCircle className="animate-spin" aria-hidden /> : <Pin className={session.pinned ? 'fill-current' : undefined} aria-hidden />}
            Pin
          </Button>
        </TooltipTrigger>
        <TooltipContent>
          {session.pinned ? 'Unpin: retention and Clear Completed may remove it again' : 'Keep it: retention and Clear Completed leave pinned sessions alone'}
        </TooltipContent>
      </Tooltip>
    </>
  );
}
