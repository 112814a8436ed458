import { CircleCheck, CircleX } from 'lucide-react';
import { Badge } from '@/components/ui/badge';
import type { SessionStatus } from '@/core/types';
import type { SessionJson } from '@/core/contract';
import { timedOut } from '@/core/session-events';
import { cn } from '@/lib/utils';

const RunningDot = () => (
  <span className="relative flex size-2" aria-hidden>
    <span className="absolute inline-flex size-full animate-ping rounded-full bg-emerald-500 opacity-75 motion-reduce:animate-none" />
    <span className="relative inline-flex size-2 rounded-full bg-emerald-500" />
  </span>
);

const STATUS: Record<SessionStatus, { label: string; icon: React.ReactNode; className: string }> = {
  running: {
    label: 'Running',
    icon: <RunningDot />,
    className: 'border-emerald-500/30 bg-emerald-500/10 text-emerald-700 dark:text-emerald-400',
  },
  completed: {
    label: 'Completed',
    icon: <CircleCheck className="size-3.5" aria-hidden />,
    className: 'border-blue-500/30 bg-blue-500/10 text-blue-700 dark:text-blue-400',
  },
  failed: {
    label: 'Failed',
    icon: <CircleX className="size-3.5" aria-hidden />,
    className: 'border-red-500/30 bg-red-500/10 text-red-700 dark:text-red-400',
  },
};

/** Why a finished session ended, in a few words: "killed", "timed out", "exit 3", "SIGSEGV". */
export function endDetail(session: Pick<SessionJson, 'status' | 'endReason' | 'exitCode' | 'signal' | 'timeout' | 'error'>): string | null {
  if (session.status !== 'failed') return null;
  switch (session.endReason) {
    case 'killed':
      return timedOut(session) ? 'timed out' : 'killed';
    case 'interrupted':
      return 'interrupted';
    case 'spawn_error':
      return 'did not start';
    case 'exited':
      return session.signal ?? `exit ${session.exitCode}`;
    case null:
      return null;
    default: {
      const never: never = session.endReason;
      return never;
    }
  }
}

export function StatusBadge({
  session,
  className,
}: {
  session: Pick<SessionJson, 'status' | 'endReason' | 'exitCode' | 'signal' | 'timeout' | 'error'>;
  className?: string;
}) {
  const { label, icon, className: tone } = STATUS[session.status];
  const detail = endDetail(session);
  return (
    <Badge variant="outline" data-status={session.status} className={cn('h-6 gap-1.5 px-2', tone, className)}>
      {icon}
      <span>{label}</span>
      {detail && <span className="font-normal opacity-80">· {detail}</span>}
    </Badge>
  );
}
