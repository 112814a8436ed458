import { HelpRequested, UsageError } from './args';
import { loadConfig, type Env } from './config';
import { createContext, type Context, type Output } from './context';
import { describeFailure } from './failure';

/**
 * A verb: its help; parse, which only reads the command line (usage errors are found before
 * anything is sent); run, which does it. Loaded only when it is the one asked for, to start fast.
 */
export type Verb<Options = unknown> = {
  help: string;
  parse(argv: string[]): Options;
  run(options: Options, context: Context): Promise<number>;
};

const VERBS: Record<string, { summary: string; load: () => Promise<Verb> }> = {
  run: { summary: 'start a command as a session and follow it (exits with its code)', load: () => import('./commands/run') },
  ls: { summary: 'list sessions', load: () => import('./commands/ls') },
  logs: { summary: "print a session's output, or follow it", load: () => import('./commands/logs') },
  wait: { summary: 'wait until sessions end (exits with their code)', load: () => import('./commands/wait') },
  send: { summary: 'type into a terminal session: text, then keys (--key enter)', load: () => import('./commands/send') },
  attach: { summary: 'work in a terminal session from your terminal (Ctrl-] detaches)', load: () => import('./commands/attach') },
  kill: { summary: 'kill a running session, or every one (--all)', load: () => import('./commands/kill') },
  clear: { summary: 'remove every finished session', load: () => import('./commands/clear') },
  open: { summary: "print (and open) a session's page", load: () => import('./commands/open') },
  mcp: { summary: 'serve the MCP tools over stdio', load: () => import('./commands/mcp') },
};

const NAME_WIDTH = Math.max(...Object.keys(VERBS).map((name) => name.length)) + 2;

export const HELP = `Usage: active-sessions <command> [options]

Runs commands as sessions of an Active Sessions console, where a person can watch them live.

Commands:
${Object.entries(VERBS)
  .map(([name, { summary }]) => `  ${name.padEnd(NAME_WIDTH)}${summary}`)
  .join('\n')}

Run \`active-sessions <command> --help\` for a command's options.

Environment:
  ACTIVE_SESSIONS_URL         the console (default http://127.0.0.1:3000)
  ACTIVE_SESSIONS_TOKEN       its access token; else the file ACTIVE_SESSIONS_TOKEN_FILE names;
                              else the token file the server keeps (data/token in the checkout)

Exit codes: a session's own code (128+N when signal N ended it, 127 when it could not start);
1 on an error; 2 on a usage error; 124 when wait timed out; 130 after Ctrl-C.
`;

type Io = { stdout: Output; stderr: Output; env?: Env };

/** Runs the CLI on `argv` (without node and the script) and answers the exit code. */
export async function main(argv: string[], { stdout, stderr, env = process.env }: Io): Promise<number> {
  const [name, ...rest] = argv;
  if (name === '--help' || name === '-h' || name === 'help') {
    stdout.write(HELP);
    return 0;
  }
  if (name === '--version' || name === '-V') {
    stdout.write(`${(await import('./config')).cliVersion()}\n`);
    return 0;
  }
  const entry = name === undefined ? undefined : Object.hasOwn(VERBS, name) ? VERBS[name] : undefined;
  if (!entry) {
    stderr.write(`${name === undefined ? 'a command is required' : `unknown command: ${name}`}\n\n${HELP}`);
    return 2;
  }
  const verb = await entry.load();
  let options: unknown;
  try {
    options = verb.parse(rest);
  } catch (error) {
    if (error instanceof HelpRequested) {
      stdout.write(verb.help);
      return 0;
    }
    if (!(error instanceof UsageError)) throw error;
    stderr.write(`active-sessions ${name}: ${error.message}\n\n${verb.help}`);
    return 2;
  }
  let config;
  try {
    config = loadConfig(env);
  } catch (error) {
    stderr.write(`active-sessions: ${(error as Error).message}\n`);
    return 1;
  }
  try {
    return await verb.run(options, createContext(config, stdout, stderr));
  } catch (error) {
    stderr.write(`active-sessions: ${describeFailure(error, config)}\n`);
    return 1;
  }
}
