'use client';

import { formatDuration, sessionRuntimeMs } from '@/lib/format';
import type { SessionJson } from '@/core/contract';
import { useNow } from './use-now';

/** How long a session has been running, ticking every second; for a finished one, how long it ran. */
export function Runtime({ session, serverNow }: { session: SessionJson; serverNow: number }) {
  const running = session.status === 'running';
  const now = useNow(serverNow, running);
  const ms = sessionRuntimeMs(session, now);
  return (
    <time
      dateTime={`PT${Math.floor(ms / 1000)}S`}
      aria-label={running ? `running for ${formatDuration(ms)}` : `ran for ${formatDuration(ms)}`}
      className="tabular-nums"
    >
      {formatDuration(ms)}
    </time>
  );
}
