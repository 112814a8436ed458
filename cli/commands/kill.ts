import { setTimeout as delay } from 'node:timers/promises';
import { MAX_GRACE_MS, type SessionJson } from '@/core/contract';
import { MAX_LIST } from '@/core/limits';
import { ApiError } from '@/client';
import { durationOption, oneId, parseOptions, UsageError } from '../args';
import type { Context } from '../context';
import { endLine } from '../present';

export const help = `Usage: active-sessions kill ID [--grace DUR]
       active-sessions kill --all [--grace DUR]

Kills a running session: SIGTERM to all its processes, SIGKILL to what is left after the grace
period. Waits for its end and reports it on stderr. With --all, kills every running session,
again until none is left (sessions keep running when the console restarts: this stops them all).

Options:
  --all         kill every running session
  --grace DUR   how long to wait between SIGTERM and SIGKILL (default: the server's KILL_GRACE_MS)
  -h, --help    show this help
`;

export type KillOptions = { target: { id: string } | 'all'; graceMs?: number };

export function parse(argv: string[]): KillOptions {
  const { values, positionals } = parseOptions(argv, { grace: { type: 'string' }, all: { type: 'boolean' } }, { positionals: true });
  const graceMs = durationOption('grace', values.grace);
  if (graceMs !== undefined && graceMs > MAX_GRACE_MS) throw new UsageError('--grace must be at most 10m');
  if (values.all && positionals.length > 0) throw new UsageError('give a session id or --all, not both');
  return { target: values.all ? 'all' : { id: oneId(positionals) }, graceMs };
}

// Beyond the grace period: SIGKILL and the reaping of the process group take a moment.
const SETTLE_MS = 15_000;
// Sessions started while --all works are killed in the next round; a launcher that never stops
// would keep it going forever.
const MAX_ROUNDS = 5;

// Each kill has the host watch /proc until the session's processes are gone, and this poll for its
// end: hundreds at once would swamp both.
const KILLS_AT_ONCE = 16;

async function eachAtMost<T>(limit: number, items: T[], work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await work(items[next++]);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

/** Waits until the session has ended; undefined if it has not by the deadline. */
async function ended(id: string, deadline: number, context: Context): Promise<SessionJson | undefined> {
  for (let interval = 50; ; interval = Math.min(interval * 2, 500)) {
    const session = await context.client.getSession(id);
    if (session.status !== 'running') return session;
    if (Date.now() >= deadline) return undefined;
    await delay(interval);
  }
}

function deadlineFor(graceMs: number | undefined): number {
  // Unknown grace (the server's default) is at most MAX_GRACE_MS; the session usually ends far sooner.
  return Date.now() + (graceMs ?? MAX_GRACE_MS) + SETTLE_MS;
}

export async function run({ target, graceMs }: KillOptions, context: Context): Promise<number> {
  if (target === 'all') return killAll(graceMs, context);
  await context.client.killSession(target.id, { graceMs });
  const session = await ended(target.id, deadlineFor(graceMs), context);
  if (session) {
    context.stderr.write(endLine(session));
    return 0;
  }
  context.stderr.write(`session ${target.id} was sent SIGTERM and SIGKILL but has not ended yet\n`);
  return 1;
}

async function killAll(graceMs: number | undefined, context: Context): Promise<number> {
  let killed = 0;
  // Sessions this cannot end (another host's, or ones that survive SIGKILL): reported once, then left.
  const left = new Set<string>();
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const { sessions } = await context.client.listSessions({ status: 'running', limit: MAX_LIST });
    const running = sessions.filter((session) => !left.has(session.id));
    if (running.length === 0) {
      context.stderr.write(`killed ${killed} session(s)${left.size > 0 ? `; ${left.size} still running` : '; none is running'}\n`);
      return left.size > 0 ? 1 : 0;
    }
    await eachAtMost(KILLS_AT_ONCE, running, async ({ id }) => {
      const outcome = await killOne(id, graceMs, deadlineFor(graceMs), context);
      if (outcome.ended) killed++;
      else left.add(id);
      context.stderr.write(outcome.line);
    });
  }
  context.stderr.write(`killed ${killed} session(s); new ones were still being started after ${MAX_ROUNDS} rounds\n`);
  return 1;
}

/** Kills one session of --all and waits for its end; a session that had ended meanwhile counts as ended. */
async function killOne(id: string, graceMs: number | undefined, deadline: number, context: Context): Promise<{ ended: boolean; line: string }> {
  try {
    await context.client.killSession(id, { graceMs });
  } catch (error) {
    if (!(error instanceof ApiError) || (error.status !== 409 && error.status !== 404)) throw error;
    if (error.status === 404) return { ended: true, line: `session ${id} is gone\n` };
    const session = await context.client.getSession(id);
    if (session.status !== 'running') return { ended: true, line: endLine(session) };
    return { ended: false, line: `session ${id} cannot be killed: ${error.message}\n` };
  }
  const session = await ended(id, deadline, context);
  if (session) return { ended: true, line: endLine(session) };
  return { ended: false, line: `session ${id} was sent SIGTERM and SIGKILL but has not ended yet\n` };
}
