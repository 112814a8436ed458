'use server';

import { requestKill, waitForEnd } from '@/lib/runner';
import { clearFinished } from '@/lib/sessions';
import { sessionIdSchema } from '@/lib/validation';

export type ActionResult<T = undefined> = { status: 'ok'; data: T } | { status: 'error'; message: string };

const KILL_MESSAGES = {
  not_found: 'This session no longer exists.',
  not_running: 'This session is not running any more.',
  not_owned: 'This session is run by another server process.',
} as const;

/** Kills a running session and resolves once its end (killed) is recorded. */
export async function killSession(id: unknown): Promise<ActionResult> {
  const parsed = sessionIdSchema.safeParse(id);
  if (!parsed.success) return { status: 'error', message: 'Not a valid session id.' };
  const outcome = requestKill(parsed.data);
  if (outcome !== 'stopping') return { status: 'error', message: KILL_MESSAGES[outcome] };
  await waitForEnd(parsed.data);
  return { status: 'ok', data: undefined };
}

/** Removes every finished session with its output; running ones stay. */
export async function clearCompleted(): Promise<ActionResult<{ cleared: number }>> {
  return { status: 'ok', data: { cleared: clearFinished() } };
}
