import { setTimeout as delay } from 'node:timers/promises';
import { MAX_GRACE_MS } from '@/core/contract';
import { durationOption, oneId, parseOptions, UsageError } from '../args';
import type { Context } from '../context';
import { endLine } from '../present';

export const help = `Usage: active-sessions kill ID [--grace DUR]

Kills a running session: SIGTERM to all its processes, SIGKILL to what is left after the grace
period. Waits for its end and reports it on stderr.

Options:
  --grace DUR   how long to wait between SIGTERM and SIGKILL (default: the server's KILL_GRACE_MS)
  -h, --help    show this help
`;

export type KillOptions = { id: string; graceMs?: number };

export function parse(argv: string[]): KillOptions {
  const { values, positionals } = parseOptions(argv, { grace: { type: 'string' } }, { positionals: true });
  const graceMs = durationOption('grace', values.grace);
  if (graceMs !== undefined && graceMs > MAX_GRACE_MS) throw new UsageError('--grace must be at most 10m');
  return { id: oneId(positionals), graceMs };
}

// Beyond the grace period: SIGKILL and the reaping of the process group take a moment.
const SETTLE_MS = 15_000;

export async function run({ id, graceMs }: KillOptions, context: Context): Promise<number> {
  await context.client.killSession(id, { graceMs });
  // Unknown grace (the server's default) is at most MAX_GRACE_MS; the session usually ends far sooner.
  const deadline = Date.now() + (graceMs ?? MAX_GRACE_MS) + SETTLE_MS;
  for (let interval = 50; Date.now() < deadline; interval = Math.min(interval * 2, 500)) {
    const session = await context.client.getSession(id);
    if (session.status !== 'running') {
      context.stderr.write(endLine(session));
      return 0;
    }
    await delay(interval);
  }
  context.stderr.write(`session ${id} was sent SIGTERM and SIGKILL but has not ended yet\n`);
  return 1;
}
