import { setTimeout as delay } from 'node:timers/promises';
import type { SessionJson } from '@/core/contract';
import { durationOption, parseOptions, UsageError } from '../args';
import type { Context } from '../context';
import { exitCodeOf } from '../exit-code';
import { outage } from '../outage';
import { endLine } from '../present';

export const help = `Usage: active-sessions wait ID… [--any] [--timeout DUR]

Blocks until the sessions have ended, saying on stderr which it waits for and how each ended.
Exits with the session's exit code; with several, the code of the first that failed (0 when all
completed); 124 on timeout. A server that stops answering (a restart) is waited for, saying so,
until the timeout: the sessions run on without it. One that cannot be reached at all is given up
on after a minute.

Options:
  --any           return as soon as one of them ends, with its code
  --timeout DUR   give up after DUR (30s, 10m, 1h30m; a bare number is seconds): exit 124
  -h, --help      show this help
`;

const TIMED_OUT = 124;

export type WaitOptions = { ids: string[]; any: boolean; timeoutMs?: number };

export function parse(argv: string[]): WaitOptions {
  const { values, positionals } = parseOptions(argv, { any: { type: 'boolean' }, timeout: { type: 'string' } }, { positionals: true });
  if (positionals.length === 0) throw new UsageError('at least one session id is required');
  return { ids: [...new Set(positionals)], any: values.any ?? false, timeoutMs: durationOption('timeout', values.timeout) };
}

/** The code of several ended sessions, in the order they ended: the first failure's, else 0. */
export function combinedExitCode(ended: Pick<SessionJson, 'status' | 'endReason' | 'exitCode' | 'signal'>[]): number {
  for (const session of ended) {
    const code = exitCodeOf(session);
    if (code !== 0) return code;
  }
  return 0;
}

// Often at first, so that a short command's end is seen at once; then at most once a second.
const FIRST_POLL_MS = 100;
const MAX_POLL_MS = 1000;

export async function run({ ids, any, timeoutMs }: WaitOptions, context: Context): Promise<number> {
  const deadline = timeoutMs === undefined ? Infinity : Date.now() + timeoutMs;
  const pending = new Set(ids);
  const ended: SessionJson[] = [];
  const connection = outage();
  // The sessions seen running, each said once: what the wait is for.
  const seenRunning = new Set<string>();
  let unavailable = false;
  for (let interval = FIRST_POLL_MS; ; interval = Math.min(interval * 2, MAX_POLL_MS)) {
    try {
      // In the order given, so that sessions found ended in the same round keep it.
      for (const id of ids.filter((id) => pending.has(id))) {
        const session = await context.client.getSession(id);
        unavailable = false;
        connection.reached();
        if (session.status === 'running') {
          if (!seenRunning.has(id)) context.stderr.write(endLine(session));
          seenRunning.add(id);
          continue;
        }
        pending.delete(id);
        ended.push(session);
        context.stderr.write(endLine(session));
      }
    } catch (error) {
      // Once it has answered, the server is waited for as long as the sessions are; one that never
      // answered may be a wrong address, given up on after a while.
      const answered = seenRunning.size + ended.length > 0;
      if (connection.waitOut(error, answered ? Infinity : undefined) === 'began') {
        context.stderr.write(`${(error as Error).message}: waiting for it to come back\n`);
      }
      unavailable = true;
    }
    if (pending.size === 0 || (any && ended.length > 0)) return combinedExitCode(any ? ended.slice(0, 1) : ended);
    const left = deadline - Date.now();
    if (left <= 0) {
      const state = unavailable ? 'the server is not answering; running when last seen' : 'still running';
      context.stderr.write(`timed out: ${state}: ${[...pending].join(', ')}\n`);
      return TIMED_OUT;
    }
    await delay(Math.min(interval, left));
  }
}
