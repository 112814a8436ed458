import { MessageSquareMore } from 'lucide-react';
import { Badge } from '@/components/ui/badge';
import type { SessionJson } from '@/core/contract';
import { cn } from '@/lib/utils';

/** A terminal session whose program sits waiting for a keystroke: amber, so it is seen. */
export function WaitingBadge({ session, className }: { session: Pick<SessionJson, 'waitingForInput'>; className?: string }) {
  if (!session.waitingForInput) return null;
  return (
    <Badge
      variant="outline"
      data-testid="waiting-for-input"
      title="The program is waiting for input: take control of its screen to answer"
      className={cn('h-6 gap-1.5 border-amber-500/40 bg-amber-500/15 px-2 text-amber-800 dark:text-amber-300', className)}
    >
      <MessageSquareMore className="size-3.5" aria-hidden />
      Waiting for input
    </Badge>
  );
}
