import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { tryWrite } from '@/store/health';
import { listRunningSessions } from '@/store/queries';
import { recordResourceReadings, type ResourceReading } from '@/store/resources';
import { isRunningHere } from '../runner';
import { isLive, processTable, type ProcStat } from '../proc';
import { CpuMeter } from './cpu-meter';
import { HistoryKeeper } from './history';
import { listeningPorts, listeningSockets } from './ports';
import { sessionTrees, type SampledSession } from './tree';

/** How often running sessions are sampled. */
export const SAMPLE_INTERVAL_MS = 2000;

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
  return listRunningSessions().flatMap((session) => (session.pid !== null && isRunningHere(session.id) ? [{ id: session.id, pgid: session.pid }] : []));
}

/**
 * Samples every running session's process tree: one reading of /proc for all of them (the process
 * table, the listening sockets), then each tree's CPU, memory, processes and ports, written to the
 * store in one transaction.
 */
export class ResourceSampler {
  private meters = new Map<string, CpuMeter>();
  private history = new HistoryKeeper();

  constructor(private readonly sessions: () => SampledSession[] = sessionsOwnedHere) {}

  sample(): ResourceReading[] {
    const sessions = this.sessions();
    const ids = new Set(sessions.map((session) => session.id));
    for (const id of this.meters.keys()) if (!ids.has(id)) this.meters.delete(id);
    this.history.keepOnly(ids);
    if (sessions.length === 0) return [];
    const trees = sessionTrees(processTable(), sessions);
    const sockets = listeningSockets();
    const now = uptime();
    const at = new Date();
    const readings = sessions.flatMap((session) => {
      const reading = this.read(session, trees.get(session.id) ?? [], sockets, now, at);
      return reading ? [reading] : [];
    });
    if (readings.length > 0 && tryWrite('resource samples', () => recordResourceReadings(readings))) {
      for (const reading of readings) if (reading.keep) this.history.kept(reading.sessionId, at.getTime());
    }
    return readings;
  }

  private read(session: SampledSession, tree: ProcStat[], sockets: Map<string, number>, now: number, at: Date): ResourceReading | undefined {
    const live = tree.filter(isLive);
    // Ended between the two readings: its end is being recorded.
    if (live.length === 0) return undefined;
    let meter = this.meters.get(session.id);
    if (!meter) this.meters.set(session.id, (meter = new CpuMeter(TICKS_PER_SECOND)));
    const leader = tree.find((stat) => stat.pid === session.pgid) ?? tree[0];
    const { cpuPercent, cpuSeconds } = meter.update(tree, now, Number(leader.startTime) / TICKS_PER_SECOND);
    return {
      sessionId: session.id,
      at,
      cpuPercent,
      rssBytes: live.reduce((sum, stat) => sum + stat.rssPages, 0) * PAGE_BYTES,
      processes: live.length,
      ports: listeningPorts(
        live.map((stat) => stat.pid),
        sockets,
      ),
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
