'use client';

import { BrushCleaning, LoaderCircle } from 'lucide-react';
import { useState, useTransition } from 'react';
import { clearCompleted } from '@/app/(console)/sessions/actions';
import { Button } from '@/components/ui/button';
import { Tooltip, TooltipContent, TooltipTrigger } from '@/components/ui/tooltip';
import { ConfirmDialog } from './confirm-dialog';

/**
 * Removes every finished, unpinned session, behind a confirmation: it deletes their output for
 * good, and may reach far more sessions than the page shows. Shown only when there is one to
 * remove; `clearable` is the server's count of them, pinned ones left out, so it says what goes.
 */
export function ClearCompletedButton({ clearable, onCleared }: { clearable: number; onCleared: () => Promise<unknown> }) {
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState<string | null>(null);
  if (clearable === 0) return null;
  const sessions = `${clearable.toLocaleString()} finished session${clearable === 1 ? '' : 's'}`;

  const confirm = () =>
    startTransition(async () => {
      const result = await clearCompleted();
      setError(result.status === 'error' ? result.message : null);
      await onCleared();
    });

  return (
    <>
      {error && (
        <span role="alert" className="text-destructive text-xs">
          {error}
        </span>
      )}
      {/* The name is the product's; "completed" reads as "succeeded", so the tooltip says what goes. */}
      <Tooltip>
        <ConfirmDialog
          trigger={
            <TooltipTrigger asChild>
              <Button variant="outline" size="sm" disabled={pending}>
                {pending ? <LoaderCircle className="animate-spin" aria-hidden /> : <BrushCleaning aria-hidden />}
                Clear Completed
                <span className="bg-muted text-muted-foreground rounded px-1.5 text-xs tabular-nums">{clearable.toLocaleString()}</span>
              </Button>
            </TooltipTrigger>
          }
          title={`Clear ${sessions}?`}
          description="Completed and failed sessions are removed with all their output; this cannot be undone. Running and pinned sessions stay."
          confirmLabel={`Clear ${sessions}`}
          onConfirm={confirm}
        />
        <TooltipContent>Removes all finished sessions, failed ones included, with their output. Running and pinned ones stay.</TooltipContent>
      </Tooltip>
    </>
  );
}
