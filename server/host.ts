import net from 'node:net';
import { setTimeout as delay } from 'node:timers/promises';
import { AppError, ERROR_CODES, type ErrorCode } from '@/core/errors';
import type { CreateSessionInput, ScreenJson, SessionResize } from '@/core/contract';
import type { SessionSource } from '@/core/types';
import type { Session } from '@/store/schema';
import { listenedSessions, notifyOutput } from '@/lib/output-events';
import { answerSchema, lineReader, PROTOCOL, type Hello, type KillOutcome, type Method } from '@/host/daemon/protocol';
import { hostSocketPath } from '@/host/daemon/socket-path';
import { logTail, spawnHost, type StartedHost } from './host-spawn';

/**
 * The web server's side of the session host (host/daemon): one connection per process, which
 * starts the host when nothing answers, comes back after the host restarts, and turns the host's
 * news about sessions into lib/output-events notifications, so that live readers work as before.
 */

export type LaunchInput = Omit<CreateSessionInput, 'source'> & { source?: SessionSource; rerunOf?: string };

type Pending = { resolve: (value: unknown) => void; reject: (error: Error) => void };
type Link = { socket: net.Socket; hello: Hello; pending: Map<number, Pending>; closed: Promise<void> };

// Kept on globalThis: route handlers and server actions may be bundled apart, but there is one
// connection per process.
const globalForHost = globalThis as unknown as {
  activeSessionsHost?: { link?: Link; connecting?: Promise<Link>; nextId: number; stopped: boolean; retryMs: number };
};
const state = (globalForHost.activeSessionsHost ??= { nextId: 1, stopped: false, retryMs: 0 });

// tsx compiles the host on its first start: on a busy machine that takes seconds.
const HOST_START_TIMEOUT_MS = 30_000;
// Every request but a wait is answered at once by a healthy host.
const ANSWER_TIMEOUT_MS = 30_000;
const RECONNECT_MAX_MS = 5000;

function unavailable(message: string): AppError {
  return new AppError('host_unavailable', message);
}

function call<T>(link: Link, method: Method, params?: unknown, timeoutMs = ANSWER_TIMEOUT_MS): Promise<T> {
  const id = state.nextId++;
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => {
      link.pending.delete(id);
      reject(unavailable(`the session host (pid ${link.hello?.pid ?? '?'}) did not answer a ${method} request within ${timeoutMs} ms`));
    }, timeoutMs);
    const settle = <A extends unknown[]>(then: (...args: A) => void) => (...args: A) => {
      clearTimeout(timer);
      link.pending.delete(id);
      then(...args);
    };
    link.pending.set(id, { resolve: settle((value) => resolve(value as T)), reject: settle(reject) });
    link.socket.write(`${JSON.stringify(params === undefined ? { id, method } : { id, method, params })}\n`);
  });
}

function onLine(link: Link, line: string): void {
  let message;
  try {
    message = answerSchema.parse(JSON.parse(line));
  } catch {
    console.error(`[active-sessions] the session host sent a line that is not part of the protocol: ${line.slice(0, 200)}`);
    return;
  }
  if ('event' in message) return notifyOutput(message.id);
  const pending = message.id === null ? undefined : link.pending.get(message.id);
  if (!pending) return;
  if (message.ok) pending.resolve(message.value);
  else if ((ERROR_CODES as readonly string[]).includes(message.error.code)) pending.reject(new AppError(message.error.code as ErrorCode, message.error.message));
  else pending.reject(new Error(`the session host failed: ${message.error.message}`));
}

/** Connects and says hello; undefined when no host listens there. */
async function tryConnect(socketPath: string): Promise<Link | undefined> {
  const socket = await new Promise<net.Socket | undefined>((resolve, reject) => {
    const attempt = net.connect(socketPath);
    attempt.once('connect', () => {
      attempt.off('error', onError);
      resolve(attempt);
    });
    const onError = (error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT' || error.code === 'ECONNREFUSED') resolve(undefined);
      else reject(unavailable(`cannot reach the session host at ${socketPath}: ${error.message}`));
    };
    attempt.once('error', onError);
  });
  if (!socket) return undefined;
  const link: Link = { socket, hello: undefined as unknown as Hello, pending: new Map(), closed: new Promise((resolve) => socket.once('close', () => resolve())) };
  socket.on('error', () => socket.destroy());
  socket.on(
    'data',
    lineReader(
      (line) => onLine(link, line),
      () => socket.destroy(),
    ),
  );
  void link.closed.then(() => {
    for (const pending of link.pending.values()) pending.reject(unavailable('the connection to the session host was lost'));
  });
  try {
    link.hello = await call<Hello>(link, 'hello');
  } catch (error) {
    socket.destroy();
    throw error;
  }
  return link;
}

async function waitForStart(socketPath: string, started: StartedHost): Promise<Link> {
  const deadline = Date.now() + HOST_START_TIMEOUT_MS;
  let gaveUp: number | null | undefined;
  void started.exited.then((code) => (gaveUp = code));
  for (let interval = 10; ; interval = Math.min(interval * 2, 200)) {
    const link = await tryConnect(socketPath);
    if (link) return link;
    // Exit 0: another host won the race to the socket; it answers in a moment.
    const why =
      gaveUp !== undefined && gaveUp !== 0
        ? `it exited with code ${gaveUp}`
        : Date.now() > deadline
          ? `it did not answer within ${HOST_START_TIMEOUT_MS / 1000} s`
          : undefined;
    if (why) throw unavailable(`the session host could not start: ${why}. The end of ${started.logPath}:\n${logTail(started.logPath)}`);
    await delay(interval);
  }
}

/** Asks a host of another protocol to make way for ours; false if it still runs sessions. */
async function exitIfIdle(link: Link): Promise<boolean> {
  try {
    await call(link, 'exitIfIdle');
  } catch {
    return false;
  }
  await link.closed;
  return true;
}

async function establish(): Promise<Link> {
  const socketPath = hostSocketPath();
  let link = (await tryConnect(socketPath)) ?? (await waitForStart(socketPath, spawnHost()));
  if (link.hello.protocol !== PROTOCOL && (await exitIfIdle(link))) link = await waitForStart(socketPath, spawnHost());
  if (link.hello.protocol === PROTOCOL) await call(link, 'subscribe');
  state.link = link;
  state.retryMs = 0;
  void link.closed.then(() => onLost(link));
  // Whatever happened while no news could arrive: live readers look again.
  for (const id of listenedSessions()) notifyOutput(id);
  return link;
}

function onLost(link: Link): void {
  if (state.link !== link) return;
  state.link = undefined;
  if (state.stopped) return;
  console.error('[active-sessions] lost the connection to the session host; reconnecting');
  void reconnect();
}

async function reconnect(): Promise<void> {
  while (!state.stopped && !state.link) {
    try {
      await connection();
      return;
    } catch (error) {
      state.retryMs = Math.min(Math.max(state.retryMs * 2, 100), RECONNECT_MAX_MS);
      console.error(`[active-sessions] session host unavailable, trying again in ${state.retryMs} ms: ${(error as Error).message}`);
      await delay(state.retryMs);
    }
  }
}

function connection(): Promise<Link> {
  if (state.link) return Promise.resolve(state.link);
  state.stopped = false;
  return (state.connecting ??= establish().finally(() => (state.connecting = undefined)));
}

/** Makes sure this data dir's session host runs (starting it if need be) and that this process is connected. */
export async function ensureHost(): Promise<Hello> {
  return (await connection()).hello;
}

/** The host this process is connected to, if it is. */
export function connectedHost(): Hello | undefined {
  return state.link?.hello;
}

/** Closes this process's connection and stops coming back; the host goes on. For tests and shutdown. */
export function disconnectHost(): void {
  state.stopped = true;
  state.link?.socket.destroy();
  state.link = undefined;
}

const DATE_FIELDS = ['createdAt', 'startedAt', 'endedAt'] as const;

/** Starts a session in the host; answers it as the store has it, running, with its pid. */
export async function launchSession(input: LaunchInput): Promise<Session> {
  let link = await connection();
  if (link.hello.protocol !== PROTOCOL && (await exitIfIdle(link))) link = await connection();
  if (link.hello.protocol !== PROTOCOL) {
    const { pid, version, running } = link.hello;
    throw unavailable(
      `The session host running now (pid ${pid}, version ${version}) is of another version and still runs ${running} session(s); ` +
        'new sessions can start once they have ended or been killed.',
    );
  }
  const session = await call<Record<string, unknown>>(link, 'launch', input);
  for (const field of DATE_FIELDS) if (typeof session[field] === 'string') session[field] = new Date(session[field]);
  return session as Session;
}

/** Asks the host to kill a session: SIGTERM to its processes, SIGKILL after the grace period. */
export async function requestKill(id: string, graceMs?: number): Promise<KillOutcome> {
  return call<KillOutcome>(await connection(), 'kill', graceMs === undefined ? { id } : { id, graceMs });
}

/** Resolves when the session has ended in the host, or false after `timeoutMs`. */
export async function waitForEnd(id: string, timeoutMs: number): Promise<boolean> {
  return call<boolean>(await connection(), 'waitForEnd', { id, timeoutMs }, timeoutMs + ANSWER_TIMEOUT_MS);
}

/** Types into a running terminal session of the host (the text's bytes, then the keys'). */
export async function sendInput(id: string, data: string): Promise<void> {
  await call(await connection(), 'input', { id, data });
}

/** Resizes a running terminal session of the host. */
export async function resizeTerminal(id: string, size: SessionResize): Promise<void> {
  await call(await connection(), 'resize', { id, ...size });
}

/** The live screen of a terminal session the host runs; null when it runs none by that id. */
export async function liveScreen(id: string): Promise<ScreenJson | null> {
  return call<ScreenJson | null>(await connection(), 'screen', { id });
}
