import { MAX_LIST_QUERY } from '@/core/limits';
import { SESSION_STATUSES, type SessionStatus } from '@/core/types';
import { parseOptions, UsageError } from '../args';
import type { Context } from '../context';
import { sessionTable } from '../present';

export const help = `Usage: active-sessions ls [--status running|completed|failed] [--filter TEXT] [--json]

Lists sessions, running ones first: id, status (with the exit code of a failed one), runtime, name.

Options:
  --status STATUS   only sessions with this status: running, completed or failed
  --filter TEXT     only sessions whose name or command holds TEXT (any case), among all stored
  --json            the API's answer, {"sessions": [...], "total": N}
  -h, --help        show this help
`;

export type LsOptions = { status?: SessionStatus; filter?: string; json: boolean };

export function parse(argv: string[]): LsOptions {
  const { values } = parseOptions(argv, { status: { type: 'string' }, filter: { type: 'string' }, json: { type: 'boolean' } });
  const status = values.status;
  if (status !== undefined && !(SESSION_STATUSES as readonly string[]).includes(status)) {
    throw new UsageError(`--status must be one of ${SESSION_STATUSES.join(', ')}`);
  }
  if (values.filter !== undefined && values.filter.length > MAX_LIST_QUERY) throw new UsageError(`--filter must be at most ${MAX_LIST_QUERY} characters`);
  return { status: status as SessionStatus | undefined, ...(values.filter && { filter: values.filter }), json: values.json ?? false };
}

export async function run({ status, filter, json }: LsOptions, context: Context): Promise<number> {
  const page = await context.client.listSessions({ status, ...(filter && { q: filter }) });
  if (json) {
    context.stdout.write(`${JSON.stringify(page)}\n`);
    return 0;
  }
  if (page.sessions.length === 0) {
    const which = status ? `${status} sessions` : 'sessions';
    context.stderr.write(filter ? `no ${which} match "${filter}"\n` : `no ${which}\n`);
    return 0;
  }
  context.stdout.write(sessionTable(page.sessions));
  if (page.total > page.sessions.length) context.stderr.write(`(the newest ${page.sessions.length} of ${page.total})\n`);
  return 0;
}
