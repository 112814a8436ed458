import { AppError, isAppError } from '@/core/errors';
import { launchSession, sessionsHere, liveScreen, requestKill, resizeTerminal, sendInput, waitForEnd, type LaunchInput } from '@/host/runner';
import { describeIssues } from '@/core/contract';
import { PROTOCOL, requestSchema, type Answer, type ErrorBody, type Hello, type KillOutcome, type Request } from './protocol';

/** What a request may do to the connection it came on, and to the host itself. */
export type RequestContext = { subscribe(): void; exitWhenAnswered(): void };

let version = '';

export function setHostVersion(value: string): void {
  version = value;
}

/** Answers one line a client sent; never throws: whatever went wrong is the answer. */
export async function answerLine(line: string, context: RequestContext): Promise<Answer> {
  let json: unknown;
  try {
    json = JSON.parse(line);
  } catch {
    return { id: null, ok: false, error: { code: 'bad_request', message: 'not a JSON line' } };
  }
  const parsed = requestSchema.safeParse(json);
  if (!parsed.success) {
    const id = typeof (json as { id?: unknown } | null)?.id === 'number' ? (json as { id: number }).id : null;
    return { id, ok: false, error: { code: 'bad_request', message: describeIssues(parsed.error) } };
  }
  try {
    return { id: parsed.data.id, ok: true, value: await perform(parsed.data, context) };
  } catch (error) {
    return { id: parsed.data.id, ok: false, error: errorBody(error) };
  }
}

function errorBody(error: unknown): ErrorBody {
  if (isAppError(error)) return { code: error.code, message: error.message };
  console.error('[active-sessions-host] a request failed:', error);
  return { code: 'internal', message: error instanceof Error ? error.message : String(error) };
}

async function perform(request: Request, context: RequestContext): Promise<unknown> {
  switch (request.method) {
    case 'hello':
      return { protocol: PROTOCOL, pid: process.pid, version, running: sessionsHere() } satisfies Hello;
    case 'launch':
      return launchSession(request.params satisfies LaunchInput);
    case 'kill':
      return requestKill(request.params.id, request.params.graceMs) satisfies KillOutcome;
    case 'waitForEnd':
      return waitForEnd(request.params.id, request.params.timeoutMs);
    case 'input':
      sendInput(request.params.id, request.params.data);
      return true;
    case 'resize':
      await resizeTerminal(request.params.id, { cols: request.params.cols, rows: request.params.rows });
      return true;
    case 'screen':
      return (await liveScreen(request.params.id)) ?? null;
    case 'subscribe':
      context.subscribe();
      return true;
    case 'exitIfIdle': {
      const running = sessionsHere();
      if (running > 0) throw new AppError('conflict', `the session host still runs ${running} session(s)`);
      context.exitWhenAnswered();
      return true;
    }
    default: {
      const never: never = request;
      return never;
    }
  }
}
