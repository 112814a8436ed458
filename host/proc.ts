import { readFileSync, readdirSync } from 'node:fs';
import { constants } from 'node:os';

/** What Linux's /proc/<pid>/stat says of a process, the fields this app needs. */
export type ProcStat = {
  pid: number;
  state: string;
  ppid: number;
  pgrp: number;
  /** The controlling terminal's device number (0: none), and its foreground process group. */
  ttyNr: number;
  tpgid: number;
  startTime: string;
  exitStatus: number;
  /** CPU time in clock ticks: its own (user, system), and that of the children it waited for. */
  utime: number;
  stime: number;
  cutime: number;
  cstime: number;
  /** Resident set size, in pages. */
  rssPages: number;
};

export function readProcStat(pid: number): ProcStat | undefined {
  let raw: string;
  try {
    raw = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined;
  }
  // The command name (field 2) may hold spaces and parentheses: parse from its last ')'.
  const fields = raw.slice(raw.lastIndexOf(')') + 2).split(' ');
  return {
    pid,
    state: fields[0],
    ppid: Number(fields[1]),
    pgrp: Number(fields[2]),
    ttyNr: Number(fields[4]),
    tpgid: Number(fields[5]),
    startTime: fields[19],
    // Field 52: the status waitpid() will report, once the process has exited.
    exitStatus: Number(fields[49]),
    utime: Number(fields[11]),
    stime: Number(fields[12]),
    cutime: Number(fields[13]),
    cstime: Number(fields[14]),
    rssPages: Number(fields[21]),
  };
}

/**
 * How a child that exited but was not reaped yet (a zombie) ended: what waitpid() would say.
 * For when the event loop cannot run to hear it, as in the server's last synchronous act.
 */
export function zombieExit(pid: number): { exitCode: number | null; signal: string | null } | undefined {
  const stat = readProcStat(pid);
  if (stat?.state !== 'Z' || !Number.isInteger(stat.exitStatus)) return undefined;
  const signalNumber = stat.exitStatus & 0x7f;
  if (signalNumber === 0) return { exitCode: (stat.exitStatus >> 8) & 0xff, signal: null };
  const name = Object.entries(constants.signals).find(([, number]) => number === signalNumber)?.[0] ?? null;
  return { exitCode: null, signal: name };
}

let cachedBootId: string | undefined;

export function bootId(): string {
  if (cachedBootId === undefined) {
    try {
      cachedBootId = readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();
    } catch {
      cachedBootId = 'unknown';
    }
  }
  return cachedBootId;
}

/** A zombie has exited: only its parent's wait is missing, and PID 1 may never do it. */
export function isLive(stat: ProcStat | undefined): stat is ProcStat {
  return stat !== undefined && stat.state !== 'Z' && stat.state !== 'X';
}

export type ProcessIdentity = { pid: number; startTime: string | null; bootId: string | null };

export function identify(pid: number): ProcessIdentity {
  return { pid, startTime: readProcStat(pid)?.startTime ?? null, bootId: bootId() };
}

/** True only when the very process recorded is still running: same boot, same pid, same start time. */
export function isSameLiveProcess(identity: ProcessIdentity): boolean {
  if (identity.bootId !== bootId() || identity.startTime === null) return false;
  const stat = readProcStat(identity.pid);
  return isLive(stat) && stat.startTime === identity.startTime;
}

/** The variable that marks every process of a session with the session's id. */
export const SESSION_MARKER = 'ACTIVE_SESSIONS_SESSION_ID';

// Reading /proc is what a kill spends its time on. When many sessions are killed at once (`kill
// --all`), their polls share one reading of the process table every few milliseconds, and each
// process's environment is read once for as long as it lives (known by pid and start time).
const TABLE_TTL_MS = 10;
let table: { at: number; stats: ProcStat[] } | undefined;
const environs = new Map<number, { startTime: string; environ: Buffer | undefined }>();

function environOf(stat: ProcStat): Buffer | undefined {
  const known = environs.get(stat.pid);
  if (known && known.startTime === stat.startTime) return known.environ;
  let environ: Buffer | undefined;
  try {
    environ = readFileSync(`/proc/${stat.pid}/environ`);
  } catch {
    environ = undefined;
  }
  environs.set(stat.pid, { startTime: stat.startTime, environ });
  return environ;
}

const MARKER_PREFIX = Buffer.from(`${SESSION_MARKER}=`);

/** Every session marker a process's environment carries, in order (normally one). */
function markerValues(stat: ProcStat): string[] {
  if (stat.pid === process.pid) return [];
  const environ = environOf(stat);
  if (!environ) return [];
  const values: string[] = [];
  for (let at = environ.indexOf(MARKER_PREFIX); at !== -1; at = environ.indexOf(MARKER_PREFIX, at + 1)) {
    if (at !== 0 && environ[at - 1] !== 0) continue;
    const ends = environ.indexOf(0, at);
    values.push(environ.toString('utf8', at + MARKER_PREFIX.length, ends === -1 ? environ.length : ends));
  }
  return values;
}

/**
 * Whether a process's environment carries the marker of one of these sessions. A process keeps the
 * environment it was started with even after `setsid` or a double fork, which leave the process
 * group and the parent chain behind (Jenkins' ProcessTreeKiller finds escapees the same way). Only
 * a process that scrubbed its environment hides; another user's processes cannot be read, nor
 * signalled.
 */
function markedBy(stat: ProcStat, sessionIds: Set<string>): boolean {
  return sessionIds.size > 0 && markerValues(stat).some((id) => sessionIds.has(id));
}

/**
 * The session a process's environment names (its marker's value), if any: the whole table's
 * processes are told apart in one look each, however many sessions there are.
 */
export function markedSessionId(stat: ProcStat): string | undefined {
  return markerValues(stat)[0];
}

/**
 * Every process in /proc, zombies included (their CPU time is there until they are reaped): one
 * pass. `skip` is asked about each pid present, and the processes it names are not read.
 */
export function processTable(skip: (pid: number) => boolean = () => false): ProcStat[] {
  const stats: ProcStat[] = [];
  const present = new Set<number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const pid = Number(entry);
    present.add(pid);
    if (skip(pid)) continue;
    const stat = readProcStat(pid);
    if (stat) stats.push(stat);
  }
  for (const pid of environs.keys()) if (!present.has(pid)) environs.delete(pid);
  return stats;
}

/** Every live process, read at most once per TABLE_TTL_MS however many callers ask (unless `fresh`). */
export function allProcesses({ fresh = false }: Freshness = {}): ProcStat[] {
  const now = performance.now();
  if (table && !fresh && now - table.at < TABLE_TTL_MS) return table.stats;
  const stats = processTable().filter(isLive);
  table = { at: now, stats };
  return stats;
}

/** `fresh`: read now, for a question about this very moment (a process just heard to exit is gone). */
type Freshness = { fresh?: boolean };

/**
 * Live processes of sessions: those in their process groups, those whose environment carries a
 * session's marker, and the descendants of either while their parent is still one of them.
 */
export function sessionProcessStats(pgids: number[], sessionIds: string[] = [], freshness: Freshness = {}): ProcStat[] {
  const stats = allProcesses(freshness);
  const groups = new Set(pgids);
  const ids = new Set(sessionIds);
  const found = new Map(stats.filter((s) => groups.has(s.pgrp) || markedBy(s, ids)).map((s) => [s.pid, s]));
  let grew = true;
  while (grew) {
    grew = false;
    for (const s of stats) {
      if (!found.has(s.pid) && found.has(s.ppid)) {
        found.set(s.pid, s);
        grew = true;
      }
    }
  }
  return [...found.values()];
}

export function sessionProcesses(pgids: number[], sessionIds: string[] = [], freshness: Freshness = {}): number[] {
  return sessionProcessStats(pgids, sessionIds, freshness).map((stat) => stat.pid);
}

/**
 * Sends a signal (a negative pid: to the whole group). A process already gone (ESRCH) or not ours
 * (EPERM) is not an error here: callers check afterwards what is still alive.
 */
export function signalProcess(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(pid, signal);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'ESRCH' && code !== 'EPERM') throw error;
  }
}
