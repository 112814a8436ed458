import { spawn, spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendOutput } from '@/store/output-write';
import { getSession, insertSession } from '@/store/queries';
import { bootId, identify, SESSION_MARKER, sessionProcesses } from './proc';
import { recoverInterruptedSessions } from './recovery';
import { newSessionId } from './runner';
import { isAlive, textOf, until, useTempDatabase } from '@/lib/testing/helpers';

beforeAll(() => {
  useTempDatabase();
});

const started: number[] = [];
afterAll(() => started.forEach((pid) => isAlive(pid) && process.kill(pid, 'SIGKILL')));

/** A pid that certainly belonged to a process that has exited. */
function deadPid(): number {
  return spawnSync('true').pid!;
}

/** A process left behind by a crashed server: its own process group, still running. */
function liveOrphan(): number {
  const child = spawn('sh', ['-c', 'sleep 100 & wait'], { detached: true, stdio: 'ignore' });
  child.unref();
  started.push(child.pid!);
  return child.pid!;
}

function rowLeftRunning(pid: number, pidStartTime: string | null) {
  const runner = deadPid();
  return insertSession({
    id: newSessionId(),
    name: 'left running',
    command: 'sleep 100',
    cwd: '/',
    status: 'running',
    pid,
    pidStartTime,
    bootId: bootId(),
    runnerPid: runner,
    runnerStartTime: '1',
    createdAt: new Date(),
    startedAt: new Date(),
  });
}

describe('recovery after a crash', () => {
  it('marks a session whose process is gone as failed: interrupted', () => {
    const row = rowLeftRunning(deadPid(), '12345');
    expect(recoverInterruptedSessions()).toBe(1);
    expect(getSession(row.id)).toMatchObject({
      status: 'failed',
      endReason: 'interrupted',
      error: 'interrupted: the session host that ran it is gone',
    });
    expect(textOf(row.id, 'system')).toBe('interrupted: the session host that ran it is gone\n');
    expect(recoverInterruptedSessions()).toBe(0);
  });

  it('terminates the process group of a session whose orphan still runs', async () => {
    const pid = liveOrphan();
    await until(() => identify(pid).startTime);
    const row = rowLeftRunning(pid, identify(pid).startTime);
    expect(recoverInterruptedSessions()).toBe(1);
    expect(getSession(row.id)).toMatchObject({ status: 'failed', endReason: 'interrupted' });
    expect(textOf(row.id, 'system')).toMatch(/terminating its processes left running: pids \d+/);
    await until(() => !isAlive(pid), 6000, 'the orphan to be terminated');
  });

  it('terminates what a session started that escaped its group, found by its marker', async () => {
    const row = rowLeftRunning(deadPid(), '12345');
    // Its own session and process group (setsid forks: the spawned process already leads one),
    // its parent gone: only the environment says whose it is.
    const parent = spawn('setsid', ['sleep', '100'], { detached: true, stdio: 'ignore', env: { ...process.env, [SESSION_MARKER]: row.id } });
    parent.unref();
    const [escapee] = await until(() => {
      const pids = sessionProcesses([], [row.id]).filter((pid) => pid !== parent.pid);
      return pids.length === 1 && pids;
    });
    started.push(escapee);
    expect(recoverInterruptedSessions()).toBe(1);
    expect(textOf(row.id, 'system')).toMatch(new RegExp(`^interrupted: the session host that ran it is gone\\nterminating its processes left running: pids [\\d, ]*\\b${escapee}\\b`));
    await until(() => !isAlive(escapee), 6000, 'the escapee to be terminated');
  });

  it('writes its line on a line of its own after output that did not end one', () => {
    const row = rowLeftRunning(deadPid(), '12345');
    appendOutput(row.id, [{ stream: 'stdout', text: 'half a line', at: new Date() }]);
    expect(recoverInterruptedSessions()).toBe(1);
    expect(textOf(row.id)).toBe('half a line\ninterrupted: the session host that ran it is gone\n');
  });

  it('never signals a process that merely reuses the recorded pid', async () => {
    const stranger = liveOrphan();
    await until(() => identify(stranger).startTime);
    const row = rowLeftRunning(stranger, '1');
    expect(recoverInterruptedSessions()).toBe(1);
    expect(getSession(row.id)?.status).toBe('failed');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(isAlive(stranger)).toBe(true);
  });

  it('leaves alone a session owned by another live server process', () => {
    const server = identify(process.ppid);
    const row = insertSession({
      id: newSessionId(),
      name: 'elsewhere',
      command: 'sleep 1',
      cwd: '/',
      status: 'running',
      bootId: bootId(),
      runnerPid: server.pid,
      runnerStartTime: server.startTime,
      createdAt: new Date(),
    });
    recoverInterruptedSessions();
    expect(getSession(row.id)?.status).toBe('running');
  });
});
