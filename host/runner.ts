import { execa, type ResultPromise } from 'execa';
import { randomBytes } from 'node:crypto';
import { closeSync, statSync } from 'node:fs';
import path from 'node:path';
import os from 'node:os';
import { tryWrite, writeOrRefuse } from '@/store/health';
import { walBacklogged } from '@/store/index';
import { openOutputFiles } from '@/store/output-files';
import { indexedEnds } from '@/store/output-read';
import { appendOutput, type FileRange, type OutputEntry } from '@/store/output-write';
import {
  finishSession,
  getSession,
  insertSession,
  markSessionAdopted,
  markSessionStarted,
  setTerminalSize,
  setWaitingForInput,
  type SessionEnd,
  type SessionStart,
} from '@/store/queries';
import type { Session, SessionSource } from '@/store/schema';
import { config } from '@/config';
import { DEFAULT_COLS, DEFAULT_ROWS, type ScreenJson } from '@/core/contract';
import { AppError } from '@/core/errors';
import { ptyInvocation, SessionTerminal, type TerminalSize } from './terminal';
import { childEnv } from './child-env';
import { punchHole } from './punch-hole';
import { nameFromCommand } from '@/lib/naming';
import { notifyOutput } from '@/lib/output-events';
import { OutputCapture, type PersistResult } from './output-capture';
import { identify, isSameLiveProcess, sessionProcesses, zombieExit, type ProcessIdentity } from './proc';
import { adoptedEnd, describeEnd, spawnErrorEnd, systemChunks, type EndReport, type StopRequest } from './session-end';
import { terminateEachSync, terminateSessions, type TerminateResult } from './terminate';

export type LaunchInput = {
  command: string;
  name?: string;
  cwd?: string;
  env?: Record<string, string>;
  /** Seconds after which the session is killed as by Kill. */
  timeout?: number;
  /** Who launched it; a caller that does not say is a script on the API. */
  source?: SessionSource;
  client?: string;
  /** Terminal mode: a pseudo-terminal of cols × rows (default 120 × 32). */
  tty?: boolean;
  cols?: number;
  rows?: number;
  /** The session this one runs again. */
  rerunOf?: string;
};

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/** Who asked for a stop: the end's StopRequest, before its result is known. */
type StopAsked = DistributiveOmit<StopRequest, 'result'>;

/** A stop under way: who asked, and the termination whose result the end will report. */
type Stopping = StopAsked & { termination: Promise<TerminateResult> };

type RunState = { kind: 'running' } | { kind: 'stopping'; stop: Stopping } | { kind: 'ended' };

type RunningSession = {
  id: string;
  pgid: number;
  /** The child this host spawned; none for a session taken over from a host that is gone. */
  child?: ResultPromise;
  capture: OutputCapture;
  /** Terminal mode: the pty's input, size, screen and waiting state. */
  terminal?: SessionTerminal;
  state: RunState;
  /** How the session started, until the store has accepted it. */
  unrecordedStart?: SessionStart;
  timeoutTimer?: NodeJS.Timeout;
  /** Resolves once the session has ended here; its end is then with the store, or waiting for it. */
  ended: Promise<void>;
  markEnded: () => void;
};

// Kept on globalThis: route handlers and server actions may be bundled apart, and dev hot reloads
// re-evaluate modules, but there is one set of children per server process.
const globalForRunner = globalThis as unknown as {
  activeSessionsRunner?: {
    sessions: Map<string, RunningSession>;
    recording: Set<string>;
  };
};
const runner = (globalForRunner.activeSessionsRunner ??= { sessions: new Map(), recording: new Set() });
// A dev hot reload keeps the object of an older version of this module.
runner.recording ??= new Set();

/** Sessions this process owns (launched or taken over): running, or their end still being recorded. */
export function sessionsHere(): number {
  return runner.sessions.size + runner.recording.size;
}

/** Whether this process still owns the session: running, or its end still being recorded. */
export function isRunningHere(id: string): boolean {
  return runner.sessions.has(id) || runner.recording.has(id);
}

let cachedServerIdentity: ProcessIdentity | undefined;

/** This server process as /proc knows it: read once, it never changes. */
function serverIdentity(): ProcessIdentity {
  return (cachedServerIdentity ??= identify(process.pid));
}

/** 72 random bits, URL-safe; never starting with `-` or `_`, which a command line reads as an option. */
export function newSessionId(): string {
  for (;;) {
    const id = randomBytes(9).toString('base64url');
    if (/^[A-Za-z0-9]/.test(id)) return id;
  }
}

const CWD_ERRORS: Record<string, string> = {
  ENOENT: 'cwd does not exist',
  ENOTDIR: 'cwd is not a directory',
  ELOOP: 'cwd is a loop of symbolic links',
  EACCES: 'cwd cannot be reached: permission denied',
  ENAMETOOLONG: 'cwd is too long a path',
};

function cwdProblem(cwd: string): string | undefined {
  try {
    if (!statSync(cwd).isDirectory()) return `cwd is not a directory: ${cwd}`;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? '';
    return `${CWD_ERRORS[code] ?? `cwd cannot be used (${code || String(error)})`}: ${cwd}`;
  }
  return undefined;
}

// While the store refuses the end of a session, it is tried again, less often as time goes by.
const RECORD_RETRY_MS = [100, 250, 500, 1000, 2000];

/**
 * Writes a session's end with its last output. While the store refuses (a full disk, a lock held
 * long by another process), keeps both in memory and tries again until it accepts: the session
 * stays owned here meanwhile, so the recovery sweep never takes it for interrupted. What is kept is
 * only the index of output that is on disk already, a few bytes per 64 KiB.
 */
function record(id: string, end: SessionEnd, chunks: OutputEntry[], attempt = 0): void {
  let stillRunning = true;
  const written = tryWrite(`the end of session ${id}`, () => {
    const finished = finishSession(id, end, chunks, config.maxOutputBytes);
    stillRunning = finished.ended;
    freeDropped(id, finished.dropped);
  });
  if (!written) {
    runner.recording.add(id);
    const delay = RECORD_RETRY_MS[Math.min(attempt, RECORD_RETRY_MS.length - 1)];
    setTimeout(() => record(id, end, chunks, attempt + 1), delay);
    return;
  }
  if (!stillRunning) console.error(`[active-sessions] session ${id} was no longer running in the store when it ended`);
  runner.recording.delete(id);
  notifyAfter(id);
}

function endChunks(report: EndReport, chunks: OutputEntry[], atLineStart = true): OutputEntry[] {
  return [...chunks, ...systemChunks(report.lines, atLineStart)];
}

// Readers are told once the write is committed, not before.
function notifyAfter(id: string): void {
  queueMicrotask(() => notifyOutput(id));
}

/** Gives back the disk space of output the cap dropped. */
function freeDropped(id: string, ranges: FileRange[]): void {
  for (const range of ranges) punchHole(id, range);
}

/** Writes how the session started, if the store does not have it yet; false if it refused. */
function recordStart(entry: RunningSession): boolean {
  const start = entry.unrecordedStart;
  if (!start) return true;
  if (!tryWrite(`the start of session ${entry.id}`, () => markSessionStarted(entry.id, start))) return false;
  entry.unrecordedStart = undefined;
  return true;
}

// A quiet session whose start the store refused: how often to offer it again.
const START_RETRY_MS = 1000;

function retryStartWhileQuiet(entry: RunningSession): void {
  const timer = setInterval(() => {
    if (entry.state.kind === 'ended' || recordStart(entry)) clearInterval(timer);
  }, START_RETRY_MS);
  timer.unref();
}

function persistBatch(entry: RunningSession, chunks: OutputEntry[]): PersistResult {
  // The capture keeps the batch (its bytes are on disk already) while the WAL's copy catches up.
  if (walBacklogged()) return 'busy';
  if (!recordStart(entry)) return 'failed';
  const written = tryWrite(`output of session ${entry.id}`, () => freeDropped(entry.id, appendOutput(entry.id, chunks, config.maxOutputBytes).dropped));
  if (!written) return 'failed';
  notifyAfter(entry.id);
  return 'written';
}

/**
 * Starts a command as a new session and returns it at once; output arrives in the store. The
 * record is committed before anything runs: if the store refuses it, nothing is started.
 */
export function launchSession(input: LaunchInput): Session {
  const id = newSessionId();
  const cwd = path.resolve(config.defaultCwd, input.cwd ?? '.');
  const session = writeOrRefuse('a new session', 'nothing was started', () =>
    insertSession({
      id,
      name: input.name?.trim() || nameFromCommand(input.command),
      command: input.command,
      cwd,
      status: 'running',
      // Owned from the first moment: another server's recovery sweep must not take it for an orphan.
      runnerPid: process.pid,
      runnerStartTime: serverIdentity().startTime,
      bootId: serverIdentity().bootId,
      host: os.hostname(),
      createdAt: new Date(),
      source: input.source ?? 'api',
      client: input.client ?? null,
      timeoutSeconds: input.timeout ?? null,
      tty: input.tty ?? false,
      cols: input.tty ? (input.cols ?? DEFAULT_COLS) : null,
      rows: input.tty ? (input.rows ?? DEFAULT_ROWS) : null,
      // Kept for a re-run, in the store's private file; the API shows only the names.
      env: input.env && Object.keys(input.env).length > 0 ? JSON.stringify(input.env) : null,
      rerunOf: input.rerunOf ?? null,
    }),
  );
  const problem = cwdProblem(cwd);
  if (problem) return { ...session, ...notStarted(id, problem) };
  // What the caller sees is what happened, whether or not the store has it yet.
  const size = session.tty && session.cols && session.rows ? { cols: session.cols, rows: session.rows } : undefined;
  return { ...session, ...start(id, input, cwd, size) };
}

/** A session that could not be started: its end, saying why, is recorded and returned. */
function notStarted(id: string, why: string): SessionEnd {
  const report = spawnErrorEnd(why, new Date());
  record(id, report.end, endChunks(report, []));
  return report.end;
}

/** The program to start: the shell with the command, or in terminal mode `script` around it. */
function invocation(id: string, input: LaunchInput, size: TerminalSize | undefined) {
  if (!size) return { file: config.shell, args: ['-c', input.command], env: childEnv(id, input.env) };
  // The screen is an xterm: say so, unless the session says otherwise.
  return ptyInvocation(input.command, config.shell, size, childEnv(id, { TERM: 'xterm-256color', ...input.env }));
}

function start(id: string, input: LaunchInput, cwd: string, size: TerminalSize | undefined): Partial<Session> {
  const program = invocation(id, input, size);
  let files: { stdout: number; stderr: number };
  try {
    files = openOutputFiles(id);
  } catch (error) {
    return notStarted(id, `cannot open the session's output files: ${(error as Error).message}`);
  }
  // Followed before the command starts, as its first bytes may come within a millisecond: before
  // the session's entry exists, which the capture reaches through `owner` once it does.
  const owner: { entry?: RunningSession } = {};
  const capture = new OutputCapture({
    sessionId: id,
    persist: (chunks) => (owner.entry ? persistBatch(owner.entry, chunks) : 'busy'),
    onStdout: size ? (bytes) => owner.entry?.terminal?.output(bytes) : undefined,
    // A terminal's cursor positions count from the top of its screen, not of the whole window.
    lines: size ? { rows: size.rows } : undefined,
  });
  try {
    capture.start();
  } catch (error) {
    closeSync(files.stdout);
    closeSync(files.stderr);
    capture.dispose();
    return notStarted(id, `cannot follow the session's output files: ${(error as Error).message}`);
  }
  const child = execa(program.file, program.args, {
    cwd,
    env: program.env,
    extendEnv: false,
    // A new process group: `sh` does not forward signals to its children, so a kill must reach
    // the whole group, grandchildren included.
    detached: true,
    // Pipe mode keeps stdin closed; in terminal mode it is the way to the pty's keyboard.
    stdin: size ? 'pipe' : 'ignore',
    // The command writes its output files itself: nothing it writes waits in this process. (execa's
    // types list only descriptors 3–9; any open one is handed to the child as it is.)
    stdout: files.stdout as 3,
    stderr: files.stderr as 3,
    reject: false,
    cleanup: false,
  });
  // Failures are handled through the child's events below; the promise must never go unhandled.
  child.catch(() => undefined);
  // The child has its own copies of the descriptors.
  closeSync(files.stdout);
  closeSync(files.stderr);

  const pid = child.pid;
  if (pid === undefined) {
    capture.dispose();
    // spawn() failed at once (E2BIG, EAGAIN…): execa reports it only through its result. Owned
    // meanwhile, so that the recovery sweep does not take it for interrupted.
    runner.recording.add(id);
    void child.then((result) => notStarted(id, result.shortMessage ?? result.message ?? 'could not start the command'));
    return {};
  }

  let markEnded = () => {};
  const ended = new Promise<void>((resolve) => (markEnded = resolve));
  const self = identify(pid);
  const started: SessionStart = { pid, pidStartTime: self.startTime, bootId: self.bootId, startedAt: new Date() };
  const entry: RunningSession = (owner.entry = {
    id,
    pgid: pid,
    child,
    capture,
    state: { kind: 'running' },
    unrecordedStart: started,
    ended,
    markEnded,
  });
  if (size && child.stdin) {
    // Input to a terminal whose program has ended goes nowhere: the end is reported as usual.
    child.stdin.on('error', () => undefined);
    entry.terminal = new SessionTerminal(pid, size, child.stdin, {
      onWaiting: (waiting) => tryWrite(`whether session ${id} waits for input`, () => setWaitingForInput(id, waiting)),
      // Reading waits for the screen's emulator; the command writes on into its file.
      onBehind: (behind) => entry.capture.hold(behind),
    });
  }
  // Wired before any write to the store, which may fail: a running child is always heard and can
  // always be killed.
  runner.sessions.set(id, entry);
  child.once('error', (error) => {
    if (entry.state.kind === 'ended') return;
    finalize(entry, spawnErrorEnd(error.message, new Date()));
  });
  child.once('exit', (exitCode, signal) => {
    void onExit(entry, exitCode, signal).catch((error) => {
      console.error(`[active-sessions] session ${id} ended abnormally:`, error);
      finalize(entry, spawnErrorEnd(String(error), new Date()));
    });
  });
  if (input.timeout) armTimeout(entry, input.timeout);
  if (!recordStart(entry)) retryStartWhileQuiet(entry);
  return started;
}

async function onExit(
  entry: RunningSession,
  exitCode: number | null,
  signal: NodeJS.Signals | null,
): Promise<void> {
  // The news of its last writes may sit in the same turn as the news of its exit: let them be heard
  // first, so that its files are read in the order they were written.
  await new Promise((resolve) => setImmediate(resolve));
  let stop: StopRequest | undefined;
  if (entry.state.kind === 'stopping') {
    const { termination, ...request } = entry.state.stop;
    stop = { ...request, result: await termination };
  }
  if (entry.state.kind === 'ended') return;
  // Background processes the command left in its group (they may write on into its files), read
  // now: a table read a moment ago may still hold the command's own process.
  const lingering = stop ? [] : sessionProcesses([entry.pgid], [], { fresh: true });
  finalize(entry, describeEnd({ exitCode, signal, stop, lingering }, new Date()));
}

function finalize(entry: RunningSession, report: EndReport): void {
  if (entry.state.kind === 'ended') return;
  entry.state = { kind: 'ended' };
  clearTimeout(entry.timeoutTimer);
  // The last of the output, then no more: what processes left behind write later is not the session's.
  entry.capture.finish();
  const atLineStart = entry.capture.atLineStart;
  // A start the store never took goes in with the end.
  record(entry.id, { ...entry.unrecordedStart, ...report.end }, endChunks(report, entry.capture.takePending(), atLineStart));
  entry.capture.dispose();
  entry.terminal?.dispose();
  runner.sessions.delete(entry.id);
  entry.markEnded();
}

/** The terminal of a running terminal session of this host; an AppError that says why not otherwise. */
function runningTerminal(id: string): SessionTerminal {
  const terminal = runner.sessions.get(id)?.terminal;
  if (terminal && runner.sessions.get(id)?.state.kind === 'running') return terminal;
  const session = getSession(id);
  if (!session) throw new AppError('not_found', `no session with id ${id}`);
  if (!session.tty) throw new AppError('conflict', 'session is not a terminal session: it was started without tty');
  if (session.status !== 'running' || runner.recording.has(id) || runner.sessions.has(id)) throw new AppError('conflict', 'session is not running');
  throw new AppError('conflict', 'session is run by another session host');
}

/** Types into a running terminal session: the bytes go to its pty as keystrokes. */
export function sendInput(id: string, data: string): void {
  runningTerminal(id).input(data);
}

/** Resizes a running terminal session's pty (its programs get SIGWINCH) and its screen. */
export async function resizeTerminal(id: string, size: TerminalSize): Promise<void> {
  await runningTerminal(id).resize(size);
  runner.sessions.get(id)?.capture.resize(size.rows);
  tryWrite(`the size of session ${id}`, () => setTerminalSize(id, size.cols, size.rows));
}

/** The screen of a terminal session running here; undefined when none is (the caller replays its output). */
export function liveScreen(id: string): Promise<ScreenJson> | undefined {
  const entry = runner.sessions.get(id);
  return entry?.terminal && entry.state.kind !== 'ended' ? entry.terminal.screenJson() : undefined;
}

export type KillOutcome = 'stopping' | 'not_found' | 'not_running' | 'not_owned';

/**
 * Asks a running session to stop: SIGTERM to its process group, SIGKILL after the grace period.
 * Returns at once; `waitForEnd` resolves when it has ended.
 */
export function requestKill(id: string, graceMs = config.killGraceMs): KillOutcome {
  const entry = runner.sessions.get(id);
  // Ended here, its end still waiting for the store to accept it.
  if (!entry && runner.recording.has(id)) return 'not_running';
  if (!entry) {
    const session = getSession(id);
    if (!session) return 'not_found';
    return session.status === 'running' ? 'not_owned' : 'not_running';
  }
  if (entry.state.kind !== 'running') return entry.state.kind === 'stopping' ? 'stopping' : 'not_running';
  beginStop(entry, { by: 'user', graceMs });
  return 'stopping';
}

function beginStop(entry: RunningSession, request: StopAsked): void {
  const termination = terminateSessions({ pgids: [entry.pgid], sessionIds: [entry.id] }, request.graceMs);
  entry.state = { kind: 'stopping', stop: { ...request, termination } };
}

// setTimeout holds at most 2^31-1 ms (24.8 days); a longer timeout waits in steps.
const MAX_TIMER_MS = 2 ** 31 - 1;

function armTimeout(entry: RunningSession, seconds: number, remainingMs = seconds * 1000): void {
  const step = Math.min(remainingMs, MAX_TIMER_MS);
  entry.timeoutTimer = setTimeout(() => {
    if (remainingMs > step) return armTimeout(entry, seconds, remainingMs - step);
    if (entry.state.kind === 'running') beginStop(entry, { by: 'timeout', afterSeconds: seconds, graceMs: config.killGraceMs });
  }, step);
  entry.timeoutTimer.unref();
}

// How often a session taken over from a gone host is looked at: it is not our child, so no exit event comes.
const ADOPTED_POLL_MS = 250;

/**
 * Takes over a session whose host is gone while its command runs on (its main process: same pid,
 * start time and boot). Its files are followed and indexed on from where the index ends, Kill and
 * its timeout work as for any session, and its end is recorded once its main process is gone —
 * without an exit status, which only its parent could know. False if it cannot be followed.
 */
export function adoptSession(session: Session): boolean {
  const { id, pid, pidStartTime, bootId } = session;
  if (pid === null || runner.sessions.has(id)) return false;
  const owner: { entry?: RunningSession } = {};
  const capture = new OutputCapture({
    sessionId: id,
    persist: (chunks) => (owner.entry ? persistBatch(owner.entry, chunks) : 'busy'),
    lines: session.tty && session.rows ? { rows: session.rows } : undefined,
  });
  try {
    capture.start(indexedEnds(id));
  } catch {
    // No output files: its output went through the host that is gone (a version before them).
    capture.dispose();
    return false;
  }
  let markEnded = () => {};
  const ended = new Promise<void>((resolve) => (markEnded = resolve));
  const entry: RunningSession = (owner.entry = { id, pgid: pid, capture, state: { kind: 'running' }, ended, markEnded });
  runner.sessions.set(id, entry);
  tryWrite(`the new owner of session ${id}`, () => markSessionAdopted(id, serverIdentity()));
  const watch = setInterval(() => {
    if (isSameLiveProcess({ pid, startTime: pidStartTime, bootId })) return;
    clearInterval(watch);
    void onAdoptedExit(entry);
  }, ADOPTED_POLL_MS);
  if (session.timeoutSeconds && session.startedAt) {
    armTimeout(entry, session.timeoutSeconds, Math.max(0, session.startedAt.getTime() + session.timeoutSeconds * 1000 - Date.now()));
  }
  return true;
}

async function onAdoptedExit(entry: RunningSession): Promise<void> {
  if (entry.state.kind === 'stopping') {
    const { termination, ...request } = entry.state.stop;
    const stop = { ...request, result: await termination };
    return finalize(entry, describeEnd({ exitCode: null, signal: null, stop, lingering: [] }, new Date()));
  }
  finalize(entry, adoptedEnd(new Date()));
}

/** Resolves when the session has ended here, or after `timeoutMs`, whichever comes first: false then. */
export async function waitForEnd(id: string, timeoutMs: number): Promise<boolean> {
  const entry = runner.sessions.get(id);
  if (!entry) return true;
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), timeoutMs)));
  const result = await Promise.race([entry.ended.then(() => true), timedOut]);
  clearTimeout(timer);
  return result;
}

/**
 * The server's last act on SIGTERM/SIGINT: stop every running session and record why. Synchronous,
 * so that nothing else (such as an exit elsewhere) can run before the records are written.
 */
export function stopAllSessionsSync(graceMs = config.killGraceMs): number {
  const entries = [...runner.sessions.values()].filter((entry) => entry.state.kind !== 'ended');
  if (entries.length === 0) return 0;
  const results = terminateEachSync(
    entries.map((entry) => ({ pgids: [entry.pgid], sessionIds: [entry.id] })),
    graceMs,
  );
  entries.forEach((entry, i) => {
    const result = results[i];
    // The event loop will not run again: how it exited comes from the kernel directly (what it
    // printed on SIGTERM is in its files, read by finalize).
    const exit = zombieExit(entry.pgid) ?? { exitCode: entry.child?.exitCode ?? null, signal: entry.child?.signalCode ?? null };
    finalize(entry, describeEnd({ ...exit, lingering: [], stop: { by: 'shutdown', graceMs, result } }, new Date()));
  });
  return entries.length;
}
