import { finishSession, listRunningSessions } from '@/db/queries';
import type { Session } from '@/db/schema';
import { config } from './config';
import { notifyOutput } from './output-events';
import { bootId, isLive, isSameLiveProcess, readProcStat, sessionProcesses } from './proc';
import { isRunningHere } from './runner';
import { systemChunks } from './session-end';
import { terminateProcessGroups } from './terminate';

const INTERRUPTED = 'interrupted: server restarted';

function ownedByAnotherLiveServer(session: Session): boolean {
  if (session.runnerPid === null || session.runnerPid === process.pid) return false;
  return isSameLiveProcess({ pid: session.runnerPid, startTime: session.runnerStartTime, bootId: session.bootId });
}

/**
 * The session's processes still alive: its process group, if its main process (same pid, start
 * time and boot) still runs or has left orphans behind — never an unrelated process that merely
 * reuses the number.
 */
function leftoverProcesses(session: Session): number[] {
  const { pid, pidStartTime } = session;
  if (pid === null || pidStartTime === null || session.bootId !== bootId()) return [];
  if (isSameLiveProcess({ pid, startTime: pidStartTime, bootId: session.bootId })) return sessionProcesses([pid]);
  // Linux never hands out a pid while a process group of that number exists: if another process
  // now has the pid, the session's group is gone; if none has it, the group's members are orphans.
  if (isLive(readProcStat(pid))) return [];
  return sessionProcesses([pid]);
}

/**
 * Marks failed every session left "running" by a server process that is gone (crash, kill -9,
 * reboot) and terminates what is left of its processes. Safe to run at any time: sessions of this
 * server and of another live server are left alone.
 */
export function recoverInterruptedSessions(): number {
  let recovered = 0;
  for (const session of listRunningSessions()) {
    if (isRunningHere(session.id) || ownedByAnotherLiveServer(session)) continue;
    const leftovers = leftoverProcesses(session);
    const lines = [INTERRUPTED];
    if (leftovers.length > 0) lines.push(`terminating its processes left running: pids ${leftovers.join(', ')}`);
    const ended = finishSession(
      session.id,
      { status: 'failed', endReason: 'interrupted', error: INTERRUPTED, exitCode: null, signal: null, endedAt: new Date() },
      systemChunks(lines),
    );
    if (!ended) continue;
    notifyOutput(session.id);
    recovered++;
    if (leftovers.length > 0) void terminateLeftovers(session.pid as number);
  }
  return recovered;
}

async function terminateLeftovers(pgid: number): Promise<void> {
  const result = await terminateProcessGroups([pgid], config.killGraceMs);
  if (result.survivors.length > 0) {
    console.warn(`[active-sessions] processes survived recovery: ${result.survivors.join(', ')}`);
  }
}
