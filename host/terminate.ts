import { isLive, readProcStat, sessionProcessStats, signalProcess } from './proc';

export type TerminateResult = {
  /** SIGTERM was not enough: SIGKILL had to be sent. */
  escalated: boolean;
  /** Processes still alive after SIGKILL (e.g. stuck in uninterruptible sleep). */
  survivors: number[];
};

const POLL_MS = 50;
const AFTER_SIGKILL_MS = 1000;

/** What to stop: sessions' process groups, and every process marked with one of their ids. */
export type TerminateTargets = { pgids: number[]; sessionIds: string[] };

/**
 * SIGTERM to whole process groups (and to descendants and marked processes that left them), SIGKILL after the grace
 * period to whatever still lives, then a check that nothing survived. Every process is tracked by
 * pid and start time, so a pid reused by a stranger during the grace period is never signalled.
 * Written once as steps that yield how long to wait, so the server's shutdown can run it
 * synchronously.
 */
function* terminationSteps({ pgids, sessionIds }: TerminateTargets, graceMs: number): Generator<number, TerminateResult, void> {
  const targets = new Map(sessionProcessStats(pgids, sessionIds).map((stat) => [stat.pid, stat.startTime]));
  const liveTargets = () =>
    [...targets].flatMap(([pid, startTime]) => {
      const stat = readProcStat(pid);
      return isLive(stat) && stat.startTime === startTime ? [stat] : [];
    });
  const remainingStats = () => {
    // Newcomers (forked during the grace period) count only if one of ours is still their group
    // or their parent, or if they carry a session's marker: a group or parent id reused by a
    // stranger is not ours, a marked process always is.
    const live = liveTargets();
    const groups = new Set(live.map((stat) => stat.pgrp).filter((pgrp) => pgids.includes(pgrp)));
    const parents = new Set(live.map((stat) => stat.pid));
    const related = sessionProcessStats([...groups]).filter((stat) => groups.has(stat.pgrp) || parents.has(stat.ppid));
    for (const stat of [...related, ...sessionProcessStats([], sessionIds)]) {
      if (!targets.has(stat.pid)) {
        targets.set(stat.pid, stat.startTime);
        live.push(stat);
      }
    }
    return live;
  };
  const remaining = () => remainingStats().map((stat) => stat.pid);
  const sendAll = (signal: NodeJS.Signals) => {
    const live = remainingStats();
    // The group as a whole only while one of our own processes still leads it or belongs to it.
    const signalled = pgids.filter((pgid) => live.some((stat) => stat.pgrp === pgid));
    for (const pgid of signalled) signalProcess(-pgid, signal);
    // Each process once: a second SIGTERM cuts a graceful shutdown short in the many programs that
    // take it as "stop now" (as a second Ctrl-C), so those the group's signal reached get no other.
    for (const stat of live) {
      if (signalled.includes(stat.pgrp)) continue;
      // One that left the group, if it is still the same process (reaped, its pid is a stranger's to take).
      const now = readProcStat(stat.pid);
      if (isLive(now) && now.startTime === stat.startTime) signalProcess(stat.pid, signal);
    }
  };

  sendAll('SIGTERM');
  const graceEnd = Date.now() + graceMs;
  while (remaining().length > 0 && Date.now() < graceEnd) yield POLL_MS;
  if (remaining().length === 0) return { escalated: false, survivors: [] };

  sendAll('SIGKILL');
  const killEnd = Date.now() + AFTER_SIGKILL_MS;
  while (remaining().length > 0 && Date.now() < killEnd) yield POLL_MS;
  return { escalated: true, survivors: remaining() };
}

export async function terminateSessions(targets: TerminateTargets, graceMs: number): Promise<TerminateResult> {
  const steps = terminationSteps(targets, graceMs);
  for (let step = steps.next(); ; step = steps.next()) {
    if (step.done) return step.value;
    await new Promise((resolve) => setTimeout(resolve, step.value));
  }
}

/**
 * Terminates several sessions at once, each judged on its own (which needed SIGKILL, which left
 * survivors). Blocks the thread: only for the server's last moments, when nothing else may run.
 */
export function terminateEachSync(targets: TerminateTargets[], graceMs: number): TerminateResult[] {
  const sleeper = new Int32Array(new SharedArrayBuffer(4));
  const running = targets.map((target) => terminationSteps(target, graceMs));
  const results: (TerminateResult | undefined)[] = targets.map(() => undefined);
  for (;;) {
    let wait = Infinity;
    running.forEach((steps, i) => {
      if (results[i]) return;
      const step = steps.next();
      if (step.done) results[i] = step.value;
      else wait = Math.min(wait, step.value);
    });
    if (wait === Infinity) return results as TerminateResult[];
    Atomics.wait(sleeper, 0, 0, wait);
  }
}
