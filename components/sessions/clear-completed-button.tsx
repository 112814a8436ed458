'use client';

import { BrushCleaning, LoaderCircle } from 'lucide-react';
import { useState, useTransition } from 'react';
import { clearCompleted } from '@/app/(console)/sessions/actions';
import { Button } from '@/components/ui/button';

/** Removes every finished session; shown only when there is one to remove. */
export function ClearCompletedButton({ finishedCount, onCleared }: { finishedCount: number; onCleared: () => Promise<unknown> }) {
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState<string | null>(null);
  if (finishedCount === 0) return null;
  return (
    <>
      {error && (
        <span role="alert" className="text-destructive text-xs">
          {error}
        </span>
      )}
      <Button
      variant="outline"
      size="sm"
      disabled={pending}
      onClick={() =>
        startTransition(async () => {
          const result = await clearCompleted();
          setError(result.status === 'error' ? result.message : null);
          await onCleared();
        })
      }
    >
      {pending ? <LoaderCircle className="animate-spin" aria-hidden /> : <BrushCleaning aria-hidden />}
      Clear Completed
      <span className="bg-muted text-muted-foreground rounded px-1.5 text-xs tabular-nums">{finishedCount}</span>
      </Button>
    </>
  );
}
