import { execa } from 'execa';
import { readFileSync, readlinkSync } from 'node:fs';
import type { Writable } from 'node:stream';
import { AppError } from '@/core/errors';
import type { ScreenJson } from '@/core/contract';
import { IDLE_BEFORE_WAITING_MS } from '@/core/limits';
import { newScreenTerminal, screenOf, type ScreenTerminal } from '@/lib/screen';
import { allProcesses, readProcStat, type ProcStat } from './proc';

/**
 * Terminal mode. util-linux `script` holds the pseudo-terminal: it starts the command on the pty's
 * slave side (a session of its own, the pty its controlling terminal) and relays its stdin pipe to
 * the pty and the pty to its stdout pipe. So the session is still a child on pipes, captured as
 * any other, and lives as long as the session host does, never in the web server. The size is the
 * slave's (`stty`, which also sends SIGWINCH); an emulator here keeps the screen.
 */

export type TerminalSize = { cols: number; rows: number };

const COMMAND_VARIABLE = 'ACTIVE_SESSIONS_TTY_COMMAND';

const quote = (value: string) => `'${value.replaceAll("'", `'\\''`)}'`;

/**
 * How to run a command under a pseudo-terminal of this size. `script` runs its command through
 * $SHELL, which may be any shell: it gets /bin/sh and a line that puts the caller's SHELL back, sets
 * the size before anything reads it, and execs the configured shell with the command (passed in
 * the environment, so that no quoting of it can go wrong).
 */
export function ptyInvocation(command: string, shell: string, size: TerminalSize, env: Record<string, string>) {
  const restoreShell = env.SHELL === undefined ? 'unset SHELL' : `export SHELL=${quote(env.SHELL)}`;
  const line = `c=$${COMMAND_VARIABLE}; unset ${COMMAND_VARIABLE}; ${restoreShell}; stty cols ${size.cols} rows ${size.rows} 2>/dev/null; exec ${quote(shell)} -c "$c"`;
  return { file: 'script', args: ['-qfec', line, '/dev/null'], env: { ...env, SHELL: '/bin/sh', [COMMAND_VARIABLE]: command } };
}

const CHECK_EVERY_MS = 500;
// The emulator parses in slices of time: past this much unparsed output the pipe is paused (a
// firehose then runs at the emulator's pace, ~25 MB/s, instead of piling up in memory).
const MAX_UNPARSED_BYTES = 4 * 1024 * 1024;
const RESUME_BELOW_BYTES = 1024 * 1024;
const HOLD_CHECK_MS = 10;

/**
 * System call numbers: a read, and the waits a full-screen program blocks in (poll, select,
 * epoll), each with the argument that holds its timeout. Only a wait without one counts: `top`
 * waits for a key with a timeout between refreshes, and is not waiting for input; `vim` with none
 * once it has nothing left to do.
 */
type Wait = { timeoutArg: number; none: 'null' | 'minus one' };
const SYSCALLS: Record<string, { read: number[]; waits: Record<number, Wait> }> = {
  x64: {
    read: [0],
    waits: {
      7: { timeoutArg: 2, none: 'minus one' }, // poll
      23: { timeoutArg: 4, none: 'null' }, // select
      232: { timeoutArg: 3, none: 'minus one' }, // epoll_wait
      270: { timeoutArg: 4, none: 'null' }, // pselect6
      271: { timeoutArg: 2, none: 'null' }, // ppoll
      281: { timeoutArg: 3, none: 'minus one' }, // epoll_pwait
    },
  },
  arm64: {
    read: [63],
    waits: {
      22: { timeoutArg: 3, none: 'minus one' }, // epoll_pwait
      72: { timeoutArg: 4, none: 'null' }, // pselect6
      73: { timeoutArg: 2, none: 'null' }, // ppoll
    },
  },
};

function withoutTimeout(wait: Wait, arg: string | undefined): boolean {
  if (arg === undefined || !/^0x[0-9a-f]+$/i.test(arg)) return false;
  const value = BigInt(arg);
  // An int -1 reaches the register zero-extended or sign-extended, as the C library passed it.
  return wait.none === 'null' ? value === 0n : (value & 0xffffffffn) === 0xffffffffn;
}

/** Unix98 pty slaves: majors 136–143, 256 minors each. */
function ptsPath(ttyNr: number): string | undefined {
  const major = (ttyNr >> 8) & 0xfff;
  const minor = (ttyNr & 0xff) | ((ttyNr >> 12) & 0xfff00);
  return major >= 136 && major <= 143 ? `/dev/pts/${(major - 136) * 256 + minor}` : undefined;
}

function readOr(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}

function fdTarget(pid: number, fd: number): string {
  try {
    return readlinkSync(`/proc/${pid}/fd/${fd}`);
  } catch {
    return '';
  }
}

/**
 * Whether the kernel has this process asleep reading its terminal: in the tty's read (wchan), or
 * in a read of a descriptor that is the terminal, or in poll/select without a timeout with the
 * terminal as stdin.
 */
export function readsTerminal(pid: number, pts: string): boolean {
  if (readOr(`/proc/${pid}/wchan`) === 'n_tty_read') return true;
  const [number, ...args] = readOr(`/proc/${pid}/syscall`).trim().split(' ');
  const calls = SYSCALLS[process.arch];
  if (!calls || number === undefined || args[0] === undefined) return false;
  const isTerminal = (target: string) => target === pts || target === '/dev/tty';
  if (calls.read.includes(Number(number))) return isTerminal(fdTarget(pid, Number.parseInt(args[0], 16)));
  const wait = calls.waits[Number(number)];
  return wait !== undefined && withoutTimeout(wait, args[wait.timeoutArg]) && isTerminal(fdTarget(pid, 0));
}

const watched = new Set<SessionTerminal>();
let checkTimer: NodeJS.Timeout | undefined;

/** One look at /proc every CHECK_EVERY_MS serves every terminal session whose output is idle. */
function checkWaiting(): void {
  const now = Date.now();
  const due = [...watched].filter((terminal) => now - terminal.lastActivity >= IDLE_BEFORE_WAITING_MS);
  if (due.length === 0) return;
  const table = allProcesses();
  for (const terminal of due) terminal.judgeWaiting(table);
}

/** The host's side of one running terminal session: its input, size, screen and waiting state. */
export class SessionTerminal {
  readonly screen: ScreenTerminal;
  lastActivity = Date.now();
  waiting = false;
  private pts: string | undefined;
  private unparsed = 0;
  private behind = false;
  private held: string[] | undefined;
  private disposed = false;

  constructor(
    private readonly scriptPid: number,
    size: TerminalSize,
    private readonly stdin: Writable,
    private readonly events: { onWaiting: (waiting: boolean) => void; onBehind: (behind: boolean) => void },
  ) {
    this.screen = newScreenTerminal(size.cols, size.rows);
    watched.add(this);
    checkTimer ??= setInterval(checkWaiting, CHECK_EVERY_MS).unref();
  }

  /** What the capture took from the terminal: the same bytes reach the screen. */
  output(bytes: Uint8Array): void {
    this.unparsed += bytes.length;
    this.screen.write(bytes, () => {
      this.unparsed -= bytes.length;
      if (this.behind && this.unparsed < RESUME_BELOW_BYTES) this.setBehind(false);
    });
    if (!this.behind && this.unparsed > MAX_UNPARSED_BYTES) this.setBehind(true);
    this.touch();
  }

  private setBehind(behind: boolean): void {
    this.behind = behind;
    this.events.onBehind(behind);
  }

  input(data: string): void {
    this.touch();
    if (this.held) return void this.held.push(data);
    if (this.ptsPath()) return void this.stdin.write(data);
    // The command has no terminal yet (script has not set it up): a Ctrl-C now would signal nobody
    // and be lost. Held until it has one, or the session ends.
    this.held = [data];
    const timer = setInterval(() => {
      if (!this.disposed && !this.ptsPath()) return;
      clearInterval(timer);
      const held = this.held ?? [];
      this.held = undefined;
      if (!this.disposed) for (const each of held) this.stdin.write(each);
    }, HOLD_CHECK_MS);
  }

  async resize(size: TerminalSize): Promise<void> {
    const pts = this.ptsPath();
    if (!pts) throw new AppError('conflict', 'the terminal is not ready yet: try again in a moment');
    await execa('stty', ['-F', pts, 'cols', String(size.cols), 'rows', String(size.rows)]);
    this.screen.resize(size.cols, size.rows);
  }

  screenJson(): Promise<ScreenJson> {
    return screenOf(this.screen);
  }

  dispose(): void {
    this.disposed = true;
    watched.delete(this);
    if (watched.size === 0) {
      clearInterval(checkTimer);
      checkTimer = undefined;
    }
    this.setWaiting(false);
    this.screen.dispose();
  }

  /** Looks at the terminal's foreground process group: is one of them reading the terminal? */
  judgeWaiting(table: ProcStat[]): void {
    const holder = this.holder();
    const pts = this.ptsPath();
    if (!holder || !pts || holder.tpgid <= 0) return this.setWaiting(false);
    this.setWaiting(table.some((stat) => stat.pgrp === holder.tpgid && readsTerminal(stat.pid, pts)));
  }

  private touch(): void {
    this.lastActivity = Date.now();
    this.setWaiting(false);
  }

  private setWaiting(waiting: boolean): void {
    if (waiting === this.waiting) return;
    this.waiting = waiting;
    this.events.onWaiting(waiting);
  }

  /** script's child: the first process on the terminal, its session leader. */
  private holder(): ProcStat | undefined {
    const children = readOr(`/proc/${this.scriptPid}/task/${this.scriptPid}/children`).trim().split(' ').filter(Boolean);
    for (const child of children) {
      const stat = readProcStat(Number(child));
      if (stat && stat.ttyNr !== 0) return stat;
    }
    return undefined;
  }

  private ptsPath(): string | undefined {
    if (this.pts) return this.pts;
    const holder = this.holder();
    return (this.pts = holder && ptsPath(holder.ttyNr));
  }
}
