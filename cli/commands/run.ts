import path from 'node:path';
import { MAX_COLS, MAX_ROWS, MAX_TIMEOUT_SECONDS, MIN_COLS, MIN_ROWS, type CreateSessionBody } from '@/core/contract';
import { countOption, durationOption, parseOptions, UsageError } from '../args';
import { commandLine } from '../command-line';
import type { Context } from '../context';
import { followToEnd } from '../output';

export const help = `Usage: active-sessions run [options] -- COMMAND [ARG…]

Starts COMMAND as a session, prints its link on stderr, and follows its output live (stdout to
stdout, stderr to stderr) until it ends; then exits with its exit code (128+N when signal N ended
it, 127 when it could not start). Ctrl-C detaches: the session keeps running.

One word after -- is a command line, run as it is by the server's shell (SESSION_SHELL, bash by
default): run -- 'make && make test'.
Several words are quoted back as your shell split them: run -- sh -c 'echo hi; exit 3'.

Options:
  --name NAME       a name for the session (default: from the command)
  --cwd DIR         where it runs (default: the current directory)
  --env KEY=VALUE   an environment variable for it; repeat for more
  --timeout DUR     kill it after DUR (30s, 5m, 1h30m; a bare number is seconds)
  --tty             run it on a pseudo-terminal (terminal mode): it sees a terminal, stdout and
                    stderr are one stream, and it takes input (active-sessions send)
  --cols N          with --tty, the terminal's width (20–500, default 120)
  --rows N          with --tty, its height (5–200, default 32)
  -d, --detach      print only the session id and return at once
  --json            with -d, print {"id", "url"}; attached, print each output chunk as a JSON line
  -h, --help        show this help
`;

export type RunOptions = { body: CreateSessionBody; detach: boolean; json: boolean };

function parseEnv(pairs: string[]): Record<string, string> | undefined {
  if (pairs.length === 0) return undefined;
  const env: Record<string, string> = {};
  for (const pair of pairs) {
    const equals = pair.indexOf('=');
    if (equals <= 0) throw new UsageError(`--env takes KEY=VALUE, not "${pair}"`);
    env[pair.slice(0, equals)] = pair.slice(equals + 1);
  }
  return env;
}

/**
 * The session to start. Only the words before `--` are options: everything after it is the
 * command, flags included (`run -- ls -la`), which parseArgs alone would take for its own.
 */
export function parse(argv: string[], cwd = process.cwd()): RunOptions {
  const dashes = argv.indexOf('--');
  const words = dashes === -1 ? [] : argv.slice(dashes + 1);
  const { values, positionals } = parseOptions(
    dashes === -1 ? argv : argv.slice(0, dashes),
    {
      name: { type: 'string' },
      cwd: { type: 'string' },
      env: { type: 'string', multiple: true },
      timeout: { type: 'string' },
      detach: { type: 'boolean', short: 'd' },
      json: { type: 'boolean' },
      tty: { type: 'boolean' },
      cols: { type: 'string' },
      rows: { type: 'string' },
    },
    { positionals: true },
  );
  if (positionals.length > 0) throw new UsageError(`put the command after --: run -- ${positionals.join(' ')}`);
  if (words.length === 0 || words.every((word) => word.trim() === '')) throw new UsageError('a command is required after --');
  const timeoutMs = durationOption('timeout', values.timeout);
  if (timeoutMs !== undefined && (timeoutMs < 1000 || timeoutMs % 1000 !== 0 || timeoutMs > MAX_TIMEOUT_SECONDS * 1000)) {
    throw new UsageError('--timeout must be a whole number of seconds, from 1s to 30d');
  }
  const cols = countOption('cols', values.cols, MIN_COLS, MAX_COLS);
  const rows = countOption('rows', values.rows, MIN_ROWS, MAX_ROWS);
  if (!values.tty && (cols !== undefined || rows !== undefined)) throw new UsageError('--cols and --rows need --tty');
  return {
    body: {
      command: commandLine(words),
      name: values.name,
      // The server resolves a relative cwd against its own directory; the user meant theirs.
      cwd: path.resolve(cwd, values.cwd ?? '.'),
      env: parseEnv(values.env ?? []),
      timeout: timeoutMs === undefined ? undefined : timeoutMs / 1000,
      source: 'cli',
      ...(values.tty ? { tty: true, cols, rows } : {}),
    },
    detach: values.detach ?? false,
    json: values.json ?? false,
  };
}

/** What Ctrl-C does while attached: leave the session running and say how to come back to it. */
function detachOnInterrupt(context: Context, id: string) {
  const controller = new AbortController();
  const onInterrupt = () => {
    context.stderr.write(
      `\ndetached: session ${id} keeps running. Follow it again: active-sessions logs --follow ${id}; stop it: active-sessions kill ${id}\n`,
    );
    controller.abort();
  };
  process.once('SIGINT', onInterrupt);
  return { signal: controller.signal, dispose: () => process.off('SIGINT', onInterrupt) };
}

export async function run({ body, detach, json }: RunOptions, context: Context): Promise<number> {
  const session = await context.client.createSession({ ...body, client: `active-sessions ${context.config.version}` });
  context.stderr.write(`session ${session.id}: ${session.url}\n`);
  if (detach) {
    context.stdout.write(json ? `${JSON.stringify({ id: session.id, url: session.url })}\n` : `${session.id}\n`);
    return 0;
  }
  const interrupt = detachOnInterrupt(context, session.id);
  try {
    return await followToEnd(context, session.id, { json, signal: interrupt.signal });
  } catch (error) {
    // The shell's code for Ctrl-C: a script must not take a detach for success.
    if (interrupt.signal.aborted) return 130;
    throw error;
  } finally {
    interrupt.dispose();
  }
}
