'use server';

import { isAppError } from '@/core/errors';
import { actionAuthError } from '@/lib/auth/server';
import { config } from '@/config';
import { launchSession, requestKill, waitForEnd } from '@/server/host';
import { clearFinished } from '@/lib/sessions';
import { createSessionSchema, pinSchema, sessionIdSchema } from '@/core/contract';
import { parseSizeText } from '@/core/terminal/size-text';
import { parseEnvLines } from '@/core/env-lines';
import { rerunSession } from '@/server/rerun';
import { setPinned } from '@/store/queries';

export type ActionResult<T = undefined> = { status: 'ok'; data: T } | { status: 'error'; message: string };

export type CreateSessionState =
  | { status: 'idle' }
  | { status: 'ok'; id: string }
  | {
      status: 'error';
      message: string;
      fieldErrors: Partial<Record<FormField, string>>;
      // Sent back so the form shows what was typed instead of clearing it.
      values: Record<FormField, string> & { tty: boolean };
    };

type FormField = 'command' | 'name' | 'cwd' | 'env';

// SIGKILL, then a check that nothing survived, takes about a second more than the grace period.
const KILL_WAIT_MARGIN_MS = 5000;

const KILL_MESSAGES = {
  not_found: 'This session no longer exists.',
  not_running: 'This session is not running any more.',
  not_owned: 'This session is run by another session host.',
} as const;

/** Launches a session from the page's form; problems come back per field. */
export async function createSession(_previous: CreateSessionState, form: FormData): Promise<CreateSessionState> {
  const text = (key: FormField) => {
    const value = form.get(key);
    return typeof value === 'string' ? value : '';
  };
  // The Terminal switch, as a checkbox is: present ("on") when on.
  const values = { command: text('command'), name: text('name'), cwd: text('cwd'), env: text('env'), tty: form.get('tty') === 'on' };
  const denied = await actionAuthError();
  if (denied) return { status: 'error', message: denied, fieldErrors: {}, values };
  const env = parseEnvLines(values.env);
  const parsed = createSessionSchema.safeParse({
    command: values.command,
    name: values.name.trim() || undefined,
    cwd: values.cwd.trim() || undefined,
    env: env.ok && Object.keys(env.env).length > 0 ? env.env : undefined,
    tty: values.tty || undefined,
    // The size the page's Screen view last had (the view fits the terminal to its panel once it opens).
    ...(values.tty && parseSizeText(form.get('size'))),
  });
  if (!parsed.success || !env.ok) {
    const fieldErrors: Partial<Record<FormField, string>> = env.ok ? {} : { env: env.error };
    for (const issue of parsed.error?.issues ?? []) {
      const field = issue.path[0];
      if (field === 'command' || field === 'name' || field === 'cwd' || field === 'env') fieldErrors[field] ??= issue.message;
    }
    return { status: 'error', message: 'Please correct the highlighted fields.', fieldErrors, values };
  }
  try {
    return { status: 'ok', id: (await launchSession({ ...parsed.data, source: 'ui' })).id };
  } catch (error) {
    if (!isAppError(error)) throw error;
    return { status: 'error', message: error.message, fieldErrors: {}, values };
  }
}

/**
 * Kills a running session and resolves once it has ended: after SIGTERM, the grace period and
 * SIGKILL at most, and never later than that plus a margin, whatever happens to the store.
 */
export async function killSession(id: unknown): Promise<ActionResult> {
  const denied = await actionAuthError();
  if (denied) return { status: 'error', message: denied };
  const parsed = sessionIdSchema.safeParse(id);
  if (!parsed.success) return { status: 'error', message: 'Not a valid session id.' };
  let ended;
  try {
    const outcome = await requestKill(parsed.data);
    if (outcome !== 'stopping') return { status: 'error', message: KILL_MESSAGES[outcome] };
    ended = await waitForEnd(parsed.data, config.killGraceMs + KILL_WAIT_MARGIN_MS);
  } catch (error) {
    if (!isAppError(error)) throw error;
    return { status: 'error', message: error.message };
  }
  return ended ? { status: 'ok', data: undefined } : { status: 'error', message: 'The session is still stopping; it will show as ended once it has.' };
}

/** Runs a session's command again as a new session (see server/rerun); its id, to open it. */
export async function rerunSessionAction(id: unknown): Promise<ActionResult<{ id: string }>> {
  const denied = await actionAuthError();
  if (denied) return { status: 'error', message: denied };
  const parsed = sessionIdSchema.safeParse(id);
  if (!parsed.success) return { status: 'error', message: 'Not a valid session id.' };
  try {
    return { status: 'ok', data: { id: (await rerunSession(parsed.data, 'ui')).id } };
  } catch (error) {
    if (!isAppError(error)) throw error;
    return { status: 'error', message: error.message };
  }
}

/** Pins or unpins a session: pinned ones are kept by retention and by Clear Completed. */
export async function pinSessionAction(id: unknown, pinned: unknown): Promise<ActionResult> {
  const denied = await actionAuthError();
  if (denied) return { status: 'error', message: denied };
  const parsedId = sessionIdSchema.safeParse(id);
  const parsedPin = pinSchema.safeParse({ pinned });
  if (!parsedId.success || !parsedPin.success) return { status: 'error', message: 'Not a valid session id or pin.' };
  return setPinned(parsedId.data, parsedPin.data.pinned) ? { status: 'ok', data: undefined } : { status: 'error', message: 'This session no longer exists.' };
}

/** Removes every finished session with its output; running and pinned ones stay. */
export async function clearCompleted(): Promise<ActionResult<{ cleared: number }>> {
  const denied = await actionAuthError();
  if (denied) return { status: 'error', message: denied };
  try {
    return { status: 'ok', data: { cleared: clearFinished() } };
  } catch (error) {
    if (!isAppError(error)) throw error;
    return { status: 'error', message: error.message };
  }
}
