import { outputEndsAtLineStart } from '@/store/output-read';
import { appendOutput } from '@/store/output-write';
import { finishSession, listRunningSessions } from '@/store/queries';
import type { Session } from '@/store/schema';
import { config } from '@/config';
import { notifyOutput } from '@/lib/output-events';
import { bootId, isLive, isSameLiveProcess, readProcStat, sessionProcesses } from './proc';
import { adoptSession, isRunningHere } from './runner';
import { systemChunks } from './session-end';
import { terminateSessions, type TerminateTargets } from './terminate';

const INTERRUPTED = 'interrupted: the session host that ran it is gone';

function ownedByAnotherLiveServer(session: Session): boolean {
  if (session.runnerPid === null || session.runnerPid === process.pid) return false;
  return isSameLiveProcess({ pid: session.runnerPid, startTime: session.runnerStartTime, bootId: session.bootId });
}

/**
 * What is left of the session's processes: its process group, if its main process (same pid, start
 * time and boot) still runs or has left orphans behind — never an unrelated process that merely
 * reuses the number —, and every process marked with its id, however it detached.
 */
function leftovers(session: Session): TerminateTargets & { pids: number[] } {
  const marked = { pgids: [], sessionIds: [session.id] };
  const { pid, pidStartTime } = session;
  if (pid === null || pidStartTime === null || session.bootId !== bootId()) return { ...marked, pids: sessionProcesses([], [session.id]) };
  const ownsGroup =
    stillRuns(session) ||
    // Linux never hands out a pid while a process group of that number exists: if another process
    // now has the pid, the session's group is gone; if none has it, the group's members are orphans.
    !isLive(readProcStat(pid));
  const targets = ownsGroup ? { pgids: [pid], sessionIds: [session.id] } : marked;
  return { ...targets, pids: sessionProcesses(targets.pgids, targets.sessionIds) };
}

/** Whether the session's command (its main process, not one that reuses the pid) still runs. */
function stillRuns(session: Session): boolean {
  return session.pid !== null && isSameLiveProcess({ pid: session.pid, startTime: session.pidStartTime, bootId: session.bootId });
}

/**
 * Sessions left "running" by a host process that is gone: one whose command still runs is taken
 * over (its command writes its own files, so nothing of it was lost); any other is marked failed /
 * interrupted (a reboot, its processes killed) and what is left of its processes is terminated.
 * Safe to run at any time: sessions of this host (running, or their end waiting for the store) and
 * of another live host are left alone. Returns how many were marked interrupted.
 */
export function recoverInterruptedSessions(): number {
  let recovered = 0;
  for (const session of listRunningSessions()) {
    if (isRunningHere(session.id) || ownedByAnotherLiveServer(session)) continue;
    if (stillRuns(session) && adoptSession(session)) {
      console.log(`[active-sessions] took over session ${session.id} (pid ${session.pid}), whose session host is gone`);
      continue;
    }
    const left = leftovers(session);
    const lines = [INTERRUPTED];
    if (left.pids.length > 0) lines.push(`terminating its processes left running: pids ${left.pids.join(', ')}`);
    const { ended } = finishSession(
      session.id,
      { status: 'failed', endReason: 'interrupted', error: INTERRUPTED, exitCode: null, signal: null, endedAt: new Date() },
      systemChunks(lines, outputEndsAtLineStart(session.id)),
    );
    if (!ended) continue;
    notifyOutput(session.id);
    recovered++;
    if (left.pids.length > 0) void terminateLeftovers(session.id, left);
  }
  return recovered;
}

async function terminateLeftovers(id: string, targets: TerminateTargets): Promise<void> {
  const result = await terminateSessions(targets, config.killGraceMs);
  if (result.survivors.length === 0) return;
  console.warn(`[active-sessions] processes of session ${id} survived recovery: pids ${result.survivors.join(', ')}`);
  try {
    appendOutput(id, systemChunks([`processes survived the kill: pids ${result.survivors.join(', ')}`], true));
    notifyOutput(id);
  } catch (error) {
    console.error(`[active-sessions] could not record the survivors of session ${id}:`, error);
  }
}
