import { execa, type ResultPromise } from 'execa';
import { randomBytes } from 'node:crypto';
import { readSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Readable } from 'node:stream';
import {
  appendOutput,
  finishSession,
  getSession,
  insertSession,
  markSessionStarted,
  type PendingChunk,
} from '@/db/queries';
import { walBacklogged } from '@/db/index';
import type { Session } from '@/db/schema';
import { config } from './config';
import { childEnv } from './child-env';
import { nameFromCommand } from './naming';
import { notifyOutput } from './output-events';
import { OutputWriter, type PersistResult } from './output-writer';
import { identify, sessionProcesses, zombieExit, type ProcessIdentity } from './proc';
import { describeEnd, spawnErrorEnd, systemChunks, type EndReport, type StopRequest } from './session-end';
import { terminateProcessGroups, terminateProcessGroupsSync, type TerminateResult } from './terminate';

export type LaunchInput = { command: string; name?: string; cwd?: string; env?: Record<string, string> };

type Stopping = { by: StopRequest['by']; graceMs: number; termination: Promise<TerminateResult> };

type RunState = { kind: 'running' } | { kind: 'stopping'; stop: Stopping } | { kind: 'ended' };

type RunningSession = {
  id: string;
  pgid: number;
  child: ResultPromise;
  writer: OutputWriter;
  state: RunState;
  /** Resolves once the end is recorded. */
  ended: Promise<void>;
  markEnded: () => void;
};

// After the main process exits, how long its pipes may take to deliver the last output and close.
const PIPE_DRAIN_MS = 250;

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

/** Whether this process still owns the session: running, or its end still being recorded. */
export function isRunningHere(id: string): boolean {
  return runner.sessions.has(id) || runner.recording.has(id);
}

let cachedServerIdentity: ProcessIdentity | undefined;

/** This server process as /proc knows it: read once, it never changes. */
function serverIdentity(): ProcessIdentity {
  return (cachedServerIdentity ??= identify(process.pid));
}

export function newSessionId(): string {
  return randomBytes(9).toString('base64url');
}

function cwdProblem(cwd: string): string | undefined {
  try {
    if (!statSync(cwd).isDirectory()) return `cwd is not a directory: ${cwd}`;
  } catch {
    return `cwd does not exist: ${cwd}`;
  }
  return undefined;
}

const RECORD_RETRIES_MS = [250, 1000, 4000, 10_000];

/**
 * Writes a session's end with its last output. If the store refuses for now (a long lock held by
 * another process, a full disk), tries again a few times before leaving it to the recovery sweep.
 */
function record(id: string, report: EndReport, chunks: PendingChunk[], atLineStart = true, attempt = 0): void {
  const all = [...chunks, ...systemChunks(report.lines, atLineStart)];
  try {
    if (!finishSession(id, report.end, all, config.maxOutputBytes)) {
      console.error(`[active-sessions] session ${id} was no longer running in the store when it ended`);
    }
    runner.recording.delete(id);
    notifyAfter(id);
  } catch (error) {
    const delay = RECORD_RETRIES_MS[attempt];
    if (delay === undefined) {
      runner.recording.delete(id);
      console.error(`[active-sessions] could not record the end of session ${id}; the recovery sweep will:`, error);
      return;
    }
    runner.recording.add(id);
    console.error(`[active-sessions] could not record the end of session ${id}, retrying in ${delay} ms:`, error);
    setTimeout(() => record(id, report, chunks, atLineStart, attempt + 1), delay);
  }
}

// Readers are told once the write is committed, not before.
function notifyAfter(id: string): void {
  queueMicrotask(() => notifyOutput(id));
}

function persistBatch(id: string, chunks: PendingChunk[]): PersistResult {
  try {
    // The writer keeps the batch and pauses the pipes: the child waits, not the WAL growing.
    if (walBacklogged()) return 'busy';
    appendOutput(id, chunks, config.maxOutputBytes);
    notifyAfter(id);
    return 'written';
  } catch (error) {
    console.error(`[active-sessions] could not write output of session ${id}, will retry:`, error);
    return 'failed';
  }
}

/** Starts a command as a new session and returns its record at once; output arrives in the store. */
export function launchSession(input: LaunchInput): Session {
  const id = newSessionId();
  const cwd = path.resolve(config.defaultCwd, input.cwd ?? '.');
  const session = insertSession({
    id,
    name: input.name?.trim() || nameFromCommand(input.command),
    command: input.command,
    cwd,
    status: 'running',
    // Owned from the first moment: another server's recovery sweep must not take it for an orphan.
    runnerPid: process.pid,
    runnerStartTime: serverIdentity().startTime,
    bootId: serverIdentity().bootId,
    createdAt: new Date(),
  });
  const problem = cwdProblem(cwd);
  if (problem) {
    record(id, spawnErrorEnd(problem, new Date()), []);
    return getSession(id) ?? session;
  }
  start(id, input, cwd);
  return getSession(id) ?? session;
}

function start(id: string, input: LaunchInput, cwd: string): void {
  const child = execa(config.shell, ['-c', input.command], {
    cwd,
    env: childEnv(input.env),
    extendEnv: false,
    // A new process group: `sh` does not forward signals to its children, so a kill must reach
    // the whole group, grandchildren included.
    detached: true,
    stdin: 'ignore',
    buffer: false,
    encoding: 'buffer',
    reject: false,
    cleanup: false,
  });
  // Failures are handled through the child's events below; the promise must never go unhandled.
  child.catch(() => undefined);

  const pid = child.pid;
  if (pid === undefined) {
    // spawn() failed at once (E2BIG, EAGAIN…): execa reports it only through its result.
    void child.then((result) => record(id, spawnErrorEnd(result.shortMessage ?? result.message ?? 'could not start the command', new Date()), []));
    return;
  }

  const streams = [child.stdout, child.stderr];
  const writer = new OutputWriter({
    persist: (chunks) => persistBatch(id, chunks),
    onBackpressure: (paused) => {
      // Paused pipes push back on the child instead of growing our memory.
      for (const stream of streams) {
        if (paused) stream?.pause();
        else stream?.resume();
      }
    },
  });
  let markEnded = () => {};
  const ended = new Promise<void>((resolve) => (markEnded = resolve));
  const entry: RunningSession = { id, pgid: pid, child, writer, state: { kind: 'running' }, ended, markEnded };
  runner.sessions.set(id, entry);

  const self = identify(pid);
  markSessionStarted(id, { pid, pidStartTime: self.startTime, bootId: self.bootId, startedAt: new Date() });

  child.stdout?.on('data', (bytes: Uint8Array) => writer.write('stdout', bytes));
  child.stderr?.on('data', (bytes: Uint8Array) => writer.write('stderr', bytes));
  const pipesClosed = new Promise<void>((resolve) => child.once('close', () => resolve()));
  child.once('error', (error) => {
    if (entry.state.kind === 'ended') return;
    finalize(entry, spawnErrorEnd(error.message, new Date()));
  });
  child.once('exit', (exitCode, signal) => {
    void onExit(entry, exitCode, signal, pipesClosed).catch((error) => {
      console.error(`[active-sessions] session ${id} ended abnormally:`, error);
      finalize(entry, spawnErrorEnd(String(error), new Date()));
    });
  });
}

async function onExit(
  entry: RunningSession,
  exitCode: number | null,
  signal: NodeJS.Signals | null,
  pipesClosed: Promise<void>,
): Promise<void> {
  await Promise.race([pipesClosed, new Promise((resolve) => setTimeout(resolve, PIPE_DRAIN_MS))]);
  let stop: StopRequest | undefined;
  if (entry.state.kind === 'stopping') {
    const { by, graceMs, termination } = entry.state.stop;
    stop = { by, graceMs, result: await termination };
  }
  if (entry.state.kind === 'ended') return;
  const lingering = stop ? [] : pipesStillOpen(entry) ? sessionProcesses([entry.pgid]) : [];
  finalize(entry, describeEnd({ exitCode, signal, stop, lingering }, new Date()));
}

function pipesStillOpen(entry: RunningSession): boolean {
  return [entry.child.stdout, entry.child.stderr].some((stream) => stream && !stream.closed);
}

function finalize(entry: RunningSession, report: EndReport): void {
  if (entry.state.kind === 'ended') return;
  entry.state = { kind: 'ended' };
  // Stop reading: output of processes left behind must not trail after the recorded end.
  entry.child.stdout?.destroy();
  entry.child.stderr?.destroy();
  entry.writer.endStreams();
  const atLineStart = entry.writer.atLineStart;
  record(entry.id, report, entry.writer.takePending(), atLineStart);
  entry.writer.dispose();
  runner.sessions.delete(entry.id);
  entry.markEnded();
}

export type KillOutcome = 'stopping' | 'not_found' | 'not_running' | 'not_owned';

/**
 * Asks a running session to stop: SIGTERM to its process group, SIGKILL after the grace period.
 * Returns at once; `waitForEnd` resolves when the end is recorded.
 */
export function requestKill(id: string, graceMs = config.killGraceMs): KillOutcome {
  const entry = runner.sessions.get(id);
  if (!entry) {
    const session = getSession(id);
    if (!session) return 'not_found';
    return session.status === 'running' ? 'not_owned' : 'not_running';
  }
  if (entry.state.kind !== 'running') return entry.state.kind === 'stopping' ? 'stopping' : 'not_running';
  entry.state = {
    kind: 'stopping',
    stop: { by: 'user', graceMs, termination: terminateProcessGroups([entry.pgid], graceMs) },
  };
  return 'stopping';
}

export async function waitForEnd(id: string): Promise<void> {
  await runner.sessions.get(id)?.ended;
}

/**
 * The server's last act on SIGTERM/SIGINT: stop every running session and record why. Synchronous,
 * so that nothing else (such as an exit elsewhere) can run before the records are written.
 */
export function stopAllSessionsSync(graceMs = config.killGraceMs): number {
  const entries = [...runner.sessions.values()].filter((entry) => entry.state.kind !== 'ended');
  if (entries.length === 0) return 0;
  const result = terminateProcessGroupsSync(
    entries.map((entry) => entry.pgid),
    graceMs,
  );
  for (const entry of entries) {
    // The event loop will not run again: read what is left in the pipes (a cleanup message the
    // command printed on SIGTERM) and how it exited, from the kernel directly.
    drainPipeSync(entry.child.stdout, (bytes) => entry.writer.write('stdout', bytes));
    drainPipeSync(entry.child.stderr, (bytes) => entry.writer.write('stderr', bytes));
    const exit = zombieExit(entry.pgid) ?? { exitCode: entry.child.exitCode, signal: entry.child.signalCode };
    finalize(entry, describeEnd({ ...exit, lingering: [], stop: { by: 'shutdown', graceMs, result } }, new Date()));
  }
  return entries.length;
}

// What a stop may still read from one pipe: enough for any goodbye, bounded for a firehose.
const MAX_DRAIN_BYTES = 4 * 1024 * 1024;

function drainPipeSync(stream: Readable | null | undefined, onBytes: (bytes: Uint8Array) => void): void {
  // libuv's pipe handle knows its descriptor; it is non-blocking, so an empty pipe throws EAGAIN.
  const fd = (stream as unknown as { _handle?: { fd?: number } } | null | undefined)?._handle?.fd;
  if (typeof fd !== 'number' || fd < 0) return;
  const buffer = Buffer.alloc(64 * 1024);
  for (let total = 0; total < MAX_DRAIN_BYTES; ) {
    let read: number;
    try {
      read = readSync(fd, buffer, 0, buffer.length, null);
    } catch {
      return;
    }
    if (read <= 0) return;
    onBytes(Buffer.from(buffer.subarray(0, read)));
    total += read;
  }
}
