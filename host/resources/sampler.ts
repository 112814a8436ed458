import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { tryWrite } from '@/store/health';
import { recordResourceReadings, runningSessionPids, type ResourceReading } from '@/store/resources';
import { isRunningHere } from '../runner';
import { isLive, processTable, type ProcStat } from '../proc';
import { CpuMeter } from './cpu-meter';
import { HistoryKeeper } from './history';
import { ListeningPorts, socketInodes } from './ports';
import { sessionTrees, type SampledSession } from './tree';

/** How often running sessions are sampled. */
export const SAMPLE_INTERVAL_MS = 2000;
// Every this many samplings, every process is read again (see processes()).
const FULL_PASS_EVERY = 10;

/** A figure of the system's, asked once: /proc counts CPU time in clock ticks and memory in pages. */
function sysconf(name: string, otherwise: number): number {
  try {
    const value = Number(execFileSync('getconf', [name], { encoding: 'utf8' }).trim());
    return Number.isInteger(value) && value > 0 ? value : otherwise;
  } catch {
    return otherwise;
  }
}

const TICKS_PER_SECOND = sysconf('CLK_TCK', 100);
const PAGE_BYTES = sysconf('PAGESIZE', 4096);

/** Seconds since boot: the clock of /proc's process start times. */
function uptime(): number {
  return Number(readFileSync('/proc/uptime', 'utf8').split(' ')[0]);
}

/** The running sessions this host owns, by their process groups. */
export function sessionsOwnedHere(): SampledSession[] {
  return runningSessionPids().flatMap((session) => (session.pid !== null && isRunningHere(session.id) ? [{ id: session.id, pgid: session.pid }] : []));
}

/**
 * Samples every running session's process tree: one reading of /proc for all of them (the process
 * table, the listening sockets), then each tree's CPU, memory, processes and ports, written to the
 * store in one transaction.
 */
export class ResourceSampler {
  private meters = new Map<string, CpuMeter>();
  private history = new HistoryKeeper();
  private ports = new ListeningPorts();
  /** Processes that belonged to no session when last read, and how many samplings have been made. */
  private foreign = new Set<number>();
  private samplings = 0;

  constructor(private readonly sessions: () => SampledSession[] = sessionsOwnedHere) {}

  sample(): ResourceReading[] {
    const sessions = this.sessions();
    const ids = new Set(sessions.map((session) => session.id));
    for (const id of this.meters.keys()) if (!ids.has(id)) this.meters.delete(id);
    this.history.keepOnly(ids);
    if (sessions.length === 0) return [];
    const { table, present } = this.processes();
    const trees = sessionTrees(table, sessions);
    const owned = new Set([...trees.values()].flatMap((tree) => tree.map((stat) => stat.pid)));
    this.foreign = new Set([...present].filter((pid) => !owned.has(pid)));
    const now = uptime();
    const at = new Date();
    const found = sessions.flatMap((session) => {
      const tree = trees.get(session.id) ?? [];
      const live = tree.filter(isLive);
      // None left: it ended since the store was asked, and its end is being recorded.
      return live.length > 0 ? [{ session, tree, live, sockets: socketInodes(live.map((stat) => stat.pid)) }] : [];
    });
    this.ports.update(found.flatMap(({ sockets }) => sockets));
    const readings = found.map(({ session, tree, live, sockets }) => this.read(session, tree, live, sockets, now, at));
    if (readings.length > 0 && tryWrite('resource samples', () => recordResourceReadings(readings))) {
      for (const reading of readings) if (reading.keep) this.history.kept(reading.sessionId, at.getTime());
    }
    return readings;
  }

  /**
   * The process table, less what is known to belong to no session. A process outside every
   * session stays outside: a process group is joined only from within its own POSIX session, the
   * environment is the one it was started with, and a parent changes only to a reaper. So only new
   * processes and those of sessions are read, at a fraction of the cost on a busy machine; every
   * FULL_PASS_EVERY samplings all of them are, in case a pid was reused meanwhile.
   */
  private processes(): { table: ProcStat[]; present: Set<number> } {
    const full = this.samplings++ % FULL_PASS_EVERY === 0;
    const present = new Set<number>();
    const table = processTable((pid) => {
      present.add(pid);
      return !full && this.foreign.has(pid);
    });
    return { table, present };
  }

  private read(session: SampledSession, tree: ProcStat[], live: ProcStat[], sockets: string[], now: number, at: Date): ResourceReading {
    let meter = this.meters.get(session.id);
    if (!meter) this.meters.set(session.id, (meter = new CpuMeter(TICKS_PER_SECOND)));
    const leader = tree.find((stat) => stat.pid === session.pgid) ?? live[0];
    const { cpuPercent, cpuSeconds } = meter.update(tree, now, Number(leader.startTime) / TICKS_PER_SECOND);
    return {
      sessionId: session.id,
      at,
      cpuPercent,
      rssBytes: live.reduce((sum, stat) => sum + stat.rssPages, 0) * PAGE_BYTES,
      processes: live.length,
      ports: this.ports.of(sockets),
      cpuSeconds,
      keep: this.history.wants(session.id, at.getTime()),
    };
  }
}

/**
 * Samples every SAMPLE_INTERVAL_MS until stopped. A failed sampling is told (once while it keeps
 * failing the same way) and the next one tried.
 */
export function startResourceSampling(onError: (error: unknown) => void): () => void {
  const sampler = new ResourceSampler();
  let lastFailure: string | undefined;
  const timer = setInterval(() => {
    try {
      sampler.sample();
      lastFailure = undefined;
    } catch (error) {
      if (String(error) !== lastFailure) onError(error);
      lastFailure = String(error);
    }
  }, SAMPLE_INTERVAL_MS);
  timer.unref();
  return () => clearInterval(timer);
}
