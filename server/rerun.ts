import { AppError } from '@/core/errors';
import type { SessionSource } from '@/core/types';
import { getSession } from '@/store/queries';
import type { Session } from '@/store/schema';
import { launchSession } from './host';

/**
 * Runs a session's command again as a new session, launched as any other: the same command,
 * name, directory, env (the stored values), terminal and timeout, and linked to it both ways.
 * `source`: who asked for the re-run, not who launched the first one.
 */
export async function rerunSession(id: string, source: SessionSource): Promise<Session> {
  const session = getSession(id);
  if (!session) throw new AppError('not_found', `no session with id ${id}`);
  return launchSession({
    command: session.command,
    name: session.name,
    cwd: session.cwd,
    env: session.env ? (JSON.parse(session.env) as Record<string, string>) : undefined,
    timeout: session.timeoutSeconds ?? undefined,
    tty: session.tty,
    cols: session.cols ?? undefined,
    rows: session.rows ?? undefined,
    source,
    rerunOf: session.id,
  });
}
