import { constants } from 'node:os';
import { StringDecoder } from 'node:string_decoder';
import { ApiError } from '@/client';
import { MAX_COLS, MAX_ROWS, MIN_COLS, MIN_ROWS, type ChunkJson, type SessionJson, type SessionResize } from '@/core/contract';
import { paintScreen } from '@/core/terminal/paint-screen';
import { oneId, parseOptions } from '../args';
import type { Context } from '../context';
import { followToEnd } from '../output';
import { terminalSafe } from '../present';
import { inputQueue } from '@/core/input-queue';
import { splitAtDetach } from './attach-input';
import { enterRawMode, type LocalTerminal } from './attach-terminal';

export const help = `Usage: active-sessions attach ID

Makes your terminal the terminal session's (one started with run --tty): draws its screen, shows
its output as it comes and sends it every key you type, Ctrl-C included; the session takes your
terminal's size. Ctrl-] detaches, as in telnet: the session keeps running, attach exits 0. When
the session ends, attach says how and exits with its exit code (128+N when signal N ended it).

Needs a terminal; to type into a session from a script, use active-sessions send.

Options:
  -h, --help   show this help
`;

export type AttachOptions = { id: string };

export function parse(argv: string[]): AttachOptions {
  return { id: oneId(parseOptions(argv, {}, { positionals: true }).positionals) };
}

/** Why this session cannot be attached to, or nothing when it can. */
function refusal(session: SessionJson): string | undefined {
  if (!session.tty) {
    return `session ${session.id} runs on pipes, not on a terminal (it was started without --tty): it takes no input; follow it with active-sessions logs --follow ${session.id}`;
  }
  if (session.status !== 'running') {
    return `session ${session.id} has ended (${session.status}): there is nothing to attach to; its output: active-sessions logs ${session.id}`;
  }
  return undefined;
}

const clamp = (value: number, min: number, max: number) => Math.min(max, Math.max(min, value));

/** The local terminal's size, within what a session takes; none when stdout is not a terminal. */
function localSize(output: LocalTerminal['output']): SessionResize | undefined {
  if (!output.columns || !output.rows) return undefined;
  return { cols: clamp(output.columns, MIN_COLS, MAX_COLS), rows: clamp(output.rows, MIN_ROWS, MAX_ROWS) };
}

/**
 * Keeps the session at the local terminal's size: one request at a time, each for the size the
 * terminal has when its turn comes, so a burst of SIGWINCH while a window is dragged sends only
 * what changed. A failed resize is let go: the program then just keeps its old size.
 */
function sizeFollower(context: Context, id: string, output: LocalTerminal['output']) {
  let sent = '';
  let queue: Promise<unknown> = Promise.resolve();
  return () => {
    queue = queue.then(() => {
      const size = localSize(output);
      if (!size || `${size.cols}x${size.rows}` === sent) return;
      sent = `${size.cols}x${size.rows}`;
      return context.client.resizeTerminal(id, size).catch(() => undefined);
    });
    return queue;
  };
}

type Outcome =
  | { kind: 'detached' }
  | { kind: 'signal'; signal: NodeJS.Signals }
  | { kind: 'ended'; code: number; how: string }
  | { kind: 'failed'; error: unknown };

// Signals that end attach from outside (Ctrl-C is a key while attached, not a signal).
const SIGNALS: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];

/**
 * The attached part: the session's output to the screen from `after` on, keys to the session,
 * the size followed, until Ctrl-], a signal, the session's end or a failure says how it stopped.
 */
async function stayAttached(
  context: Context,
  id: string,
  terminal: LocalTerminal,
  { after, screen, resize }: { after: number; screen: { write(text: string): void }; resize: () => unknown },
): Promise<Outcome> {
  const stopStream = new AbortController();
  const cleanups: (() => void)[] = [() => stopStream.abort()];
  try {
    return await new Promise<Outcome>((resolve) => {
      // The console's own lines ("exited with code 0") wait: the last ones say how it ended.
      let systemText = '';
      const show = (chunk: ChunkJson) => {
        if (chunk.stream === 'system') return void (systemText += chunk.text);
        if (systemText) screen.write(`\r\n\x1b[2m${systemText.replace(/\n/g, '\r\n')}\x1b[0m`);
        systemText = '';
        screen.write(chunk.text);
      };
      followToEnd(context, id, { after, signal: stopStream.signal, write: show }).then(
        (code) => resolve({ kind: 'ended', code, how: systemText }),
        (error: unknown) => resolve({ kind: 'failed', error }),
      );

      // Input refused with 409 means the session has just ended: the stream is about to say how.
      const keys = inputQueue(
        (text) => context.client.sendInput(id, { text }),
        (error) => (error instanceof ApiError && error.status === 409 ? undefined : resolve({ kind: 'failed', error })),
      );
      const detach = () => void keys.flushed().then(() => resolve({ kind: 'detached' }));
      const decoder = new StringDecoder('utf8');
      const onData = (bytes: Buffer) => {
        const typed = splitAtDetach(decoder.write(bytes));
        keys.push(typed.text);
        if (typed.detach) detach();
      };
      terminal.input.on('data', onData);
      terminal.input.on('end', detach);
      terminal.output.on('resize', resize);
      cleanups.push(() => {
        terminal.input.off('data', onData);
        terminal.input.off('end', detach);
        terminal.input.pause();
        terminal.output.off('resize', resize);
      });
      for (const signal of SIGNALS) {
        const onSignal = () => resolve({ kind: 'signal', signal });
        process.on(signal, onSignal);
        cleanups.push(() => process.off(signal, onSignal));
      }
    });
  } finally {
    for (const cleanup of cleanups) cleanup();
  }
}

export async function run({ id }: AttachOptions, context: Context, terminal: LocalTerminal = { input: process.stdin, output: process.stdout }): Promise<number> {
  if (!terminal.input.isTTY) {
    context.stderr.write('active-sessions attach: stdin is not a terminal: attach takes your keys from one (from a script, type with active-sessions send)\n');
    return 1;
  }
  const session = await context.client.getSession(id);
  const refused = refusal(session);
  if (refused) {
    context.stderr.write(`active-sessions attach: ${refused}\n`);
    return 1;
  }
  const resize = sizeFollower(context, id, terminal.output);
  await resize();
  // The newest seq first, then the screen: a chunk landing in between is drawn twice rather than
  // missed (a full-screen program's redraws absorb it), as the page's Screen view does.
  const { cursor } = await context.client.readLines(id, { tail: 1 });
  const screen = await context.client.getScreen(id);

  const local = enterRawMode(terminal);
  let outcome: Outcome;
  try {
    const size = localSize(terminal.output) ?? screen;
    // At the session's size (the resize above makes it this terminal's), the screen as the program
    // left it: colours, the alternate screen, its input modes. Else its text, cut to fit.
    const same = size.cols === screen.cols && size.rows === screen.rows;
    local.write(same ? `\x1b[H\x1b[2J${screen.ansi}` : paintScreen(screen, size.cols, size.rows));
    outcome = await stayAttached(context, id, terminal, { after: cursor, screen: local, resize });
  } finally {
    local.restore();
  }

  const name = terminalSafe(session.name);
  switch (outcome.kind) {
    case 'detached':
      context.stderr.write(`detached from ${name}; it keeps running (attach again: active-sessions attach ${id})\n`);
      return 0;
    case 'signal':
      context.stderr.write(`detached from ${name} by ${outcome.signal}; it keeps running\n`);
      return 128 + constants.signals[outcome.signal];
    case 'ended':
      context.stderr.write(`${name} ended: ${outcome.how.trim().split('\n').join('; ') || `exit code ${outcome.code}`}\n`);
      return outcome.code;
    case 'failed':
      throw outcome.error;
    default: {
      const never: never = outcome;
      return never;
    }
  }
}
