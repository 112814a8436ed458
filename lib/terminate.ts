import { isLive, readProcStat, sessionProcesses, signalProcess } from './proc';

export type TerminateResult = {
  /** SIGTERM was not enough: SIGKILL had to be sent. */
  escalated: boolean;
  /** Processes still alive after SIGKILL (e.g. stuck in uninterruptible sleep). */
  survivors: number[];
};

const POLL_MS = 50;
const AFTER_SIGKILL_MS = 1000;

function liveOf(pids: Set<number>): number[] {
  return [...pids].filter((pid) => isLive(readProcStat(pid)));
}

/**
 * SIGTERM to whole process groups (and to descendants that left them), SIGKILL after the grace
 * period to whatever still lives, then a check that nothing survived. Written once as steps that
 * yield how long to wait, so the server's shutdown can run it synchronously.
 */
function* terminationSteps(pgids: number[], graceMs: number): Generator<number, TerminateResult, void> {
  const targets = new Set<number>();
  const remaining = () => {
    for (const pid of sessionProcesses(pgids)) targets.add(pid);
    return liveOf(targets);
  };
  const sendAll = (signal: NodeJS.Signals) => {
    const live = remaining();
    for (const pgid of pgids) signalProcess(-pgid, signal);
    for (const pid of live) signalProcess(pid, signal);
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

export async function terminateProcessGroups(pgids: number[], graceMs: number): Promise<TerminateResult> {
  const steps = terminationSteps(pgids, graceMs);
  for (let step = steps.next(); ; step = steps.next()) {
    if (step.done) return step.value;
    await new Promise((resolve) => setTimeout(resolve, step.value));
  }
}

/** Blocks the thread: only for the server's last moments, when nothing else may run anyway. */
export function terminateProcessGroupsSync(pgids: number[], graceMs: number): TerminateResult {
  const sleeper = new Int32Array(new SharedArrayBuffer(4));
  const steps = terminationSteps(pgids, graceMs);
  for (let step = steps.next(); ; step = steps.next()) {
    if (step.done) return step.value;
    Atomics.wait(sleeper, 0, 0, step.value);
  }
}
