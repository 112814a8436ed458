import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

// What the tests know of processes, read from Linux's /proc as an operator would: by process group,
// by the marker every session's process carries, and by the data directory in a process's
// environment. Any read may fail (the process ended meanwhile, or is not ours to read): failing
// reads answer "nothing".

const SESSION_MARKER = 'ACTIVE_SESSIONS_SESSION_ID';
const HOST_TITLE = 'active-sessions-host';

function read(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

function stat(pid: number): { state: string; ppid: number; pgrp: number } | undefined {
  const raw = read(`/proc/${pid}/stat`);
  if (raw === undefined) return undefined;
  // The command name may hold spaces and parentheses: fields are counted from its last ')'.
  const [state, ppid, pgrp] = raw.slice(raw.lastIndexOf(')') + 2).split(' ');
  return { state, ppid: Number(ppid), pgrp: Number(pgrp) };
}

/** Running or sleeping: not gone, and not a zombie (which has ended; only its parent's wait is missing). */
export function isAlive(pid: number): boolean {
  const state = stat(pid)?.state;
  return state !== undefined && state !== 'Z' && state !== 'X';
}

function environ(pid: number): Map<string, string> {
  const variables = new Map<string, string>();
  for (const entry of (read(`/proc/${pid}/environ`) ?? '').split('\0')) {
    const equals = entry.indexOf('=');
    if (equals > 0) variables.set(entry.slice(0, equals), entry.slice(equals + 1));
  }
  return variables;
}

const commandLine = (pid: number) => (read(`/proc/${pid}/cmdline`) ?? '').replaceAll('\0', ' ');

/** Live processes, but never this test process. */
function liveProcesses(matches: (pid: number) => boolean): number[] {
  return readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .map(Number)
    .filter((pid) => pid !== process.pid && isAlive(pid) && matches(pid));
}

export const processGroup = (pgid: number) => liveProcesses((pid) => stat(pid)?.pgrp === pgid);

export const parentOf = (pid: number) => stat(pid)?.ppid;

/** Every live process of a session, however it detached: they all inherit its marker. */
export const sessionProcesses = (sessionId: string) => liveProcesses((pid) => environ(pid).get(SESSION_MARKER) === sessionId);

/** Whether the process runs on a data directory in (or under) `dir`: its DATABASE_PATH says so. */
function runsOnDataIn(pid: number, dir: string, { under }: { under: boolean }): boolean {
  const database = environ(pid).get('DATABASE_PATH');
  if (!database) return false;
  const dataDir = path.dirname(path.resolve(database));
  return under ? dataDir.startsWith(`${dir}${path.sep}`) || dataDir === dir : dataDir === dir;
}

const isHostDaemon = (pid: number) => commandLine(pid).includes(HOST_TITLE);

/** The session host daemons serving the data directory `dir`. */
export const hostDaemons = (dir: string) => liveProcesses((pid) => isHostDaemon(pid) && runsOnDataIn(pid, dir, { under: false }));

/** Session ids with output in the data directories just under `root`: the names of `<dataDir>/output/<id>/`. */
function sessionIdsUnder(root: string): Set<string> {
  const ids = new Set<string>();
  for (const dataDir of readdirSync(root)) {
    try {
      for (const id of readdirSync(path.join(root, dataDir, 'output'))) ids.add(id);
    } catch {
      // No output there (yet).
    }
  }
  return ids;
}

function kill(pids: number[], signal: NodeJS.Signals): void {
  for (const pid of pids) {
    try {
      process.kill(pid, signal);
    } catch {
      // Ended meanwhile.
    }
  }
}

/** Polls `done` until it holds or `timeoutMs` passes; says whether it held. */
export async function until(done: () => boolean, timeoutMs: number): Promise<boolean> {
  for (const deadline = Date.now() + timeoutMs; Date.now() < deadline; await new Promise((resolve) => setTimeout(resolve, 50))) {
    if (done()) return true;
  }
  return done();
}

/**
 * Ends every process that runs on a data directory under `root` — web servers, host daemons and
 * their sessions — so that a test run leaves nothing behind, whatever failed. The servers go first,
 * so that none starts a daemon again; each daemon is asked to stop its sessions (SIGTERM, as it
 * promises); what is left after that is killed. Answers the pids that had to be killed.
 */
export async function stopEverythingUnder(root: string): Promise<number[]> {
  const sessionIds = sessionIdsUnder(root);
  const ours = (pid: number) => runsOnDataIn(pid, root, { under: true }) || sessionIds.has(environ(pid).get(SESSION_MARKER) ?? '');
  const isSession = (pid: number) => environ(pid).has(SESSION_MARKER);

  kill(liveProcesses((pid) => ours(pid) && !isHostDaemon(pid) && !isSession(pid)), 'SIGKILL');
  const daemons = liveProcesses((pid) => ours(pid) && isHostDaemon(pid));
  kill(daemons, 'SIGTERM');
  await until(() => !daemons.some(isAlive), 15_000);

  const killed = new Set<number>();
  await until(() => {
    const left = liveProcesses(ours);
    for (const pid of left) killed.add(pid);
    kill(left, 'SIGKILL');
    return left.length === 0;
  }, 10_000);
  return [...killed];
}
