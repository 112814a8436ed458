import type { ListedSession } from '@/db/queries';
import type { Session } from '@/db/schema';

/** A session as the public JSON API and the browser see it. */
export type SessionJson = {
  id: string;
  name: string;
  command: string;
  cwd: string;
  status: Session['status'];
  endReason: Session['endReason'];
  pid: number | null;
  exitCode: number | null;
  signal: string | null;
  error: string | null;
  createdAt: string;
  startedAt: string | null;
  endedAt: string | null;
  outputBytes: number;
};

export function toSessionJson(session: ListedSession): SessionJson {
  return {
    id: session.id,
    name: session.name,
    command: session.command,
    cwd: session.cwd,
    status: session.status,
    endReason: session.endReason,
    pid: session.pid,
    exitCode: session.exitCode,
    signal: session.signal,
    error: session.error,
    createdAt: session.createdAt.toISOString(),
    startedAt: session.startedAt?.toISOString() ?? null,
    endedAt: session.endedAt?.toISOString() ?? null,
    outputBytes: session.outputBytes,
  };
}
