import { spawn, spawnSync } from 'node:child_process';
import { closeSync } from 'node:fs';
import { openOutputFiles } from '@/store/output-files';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendOutput } from '@/store/output-write';
import { getSession, insertSession } from '@/store/queries';
import { bootId, identify, SESSION_MARKER, sessionProcesses } from './proc';
import { recoverInterruptedSessions } from './recovery';
import { isRunningHere, newSessionId, requestKill } from './runner';
import { isAlive, textOf, until, useTempDatabase, waitForEnd } from '@/lib/testing/helpers';

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

  it('takes over a session whose command outlived its host, follows its files, and ends it without a status', async () => {
    const id = newSessionId();
    const files = openOutputFiles(id);
    const gate = `/tmp/active-sessions-adopt-${id}`;
    const child = spawn('sh', ['-c', `echo before; while [ ! -e ${gate} ]; do sleep 0.05; done; echo after; rm ${gate}`], {
      detached: true,
      stdio: ['ignore', files.stdout, files.stderr],
    });
    child.unref();
    closeSync(files.stdout);
    closeSync(files.stderr);
    started.push(child.pid!);
    await until(() => identify(child.pid!).startTime);
    const runner = deadPid();
    insertSession({
      id,
      name: 'outlived its host',
      command: 'echo before; …',
      cwd: '/',
      status: 'running',
      pid: child.pid!,
      pidStartTime: identify(child.pid!).startTime,
      bootId: bootId(),
      runnerPid: runner,
      runnerStartTime: '1',
      createdAt: new Date(),
      startedAt: new Date(),
    });
    expect(recoverInterruptedSessions()).toBe(0);
    expect(isRunningHere(id)).toBe(true);
    expect(getSession(id)).toMatchObject({ status: 'running', runnerPid: process.pid });
    await until(() => textOf(id) === 'before\n', 5000, 'what it wrote before to be indexed');
    spawnSync('touch', [gate]);
    const ended = await waitForEnd(id, 10_000);
    expect(ended).toMatchObject({ status: 'failed', endReason: 'interrupted', exitCode: null, signal: null });
    expect(textOf(id)).toBe('before\nafter\nended while its session host was not its parent: its exit status is unknown\n');
  });

  it('kills a session it took over, its whole group, and says so', async () => {
    const id = newSessionId();
    const files = openOutputFiles(id);
    const child = spawn('sh', ['-c', 'sleep 100 & sleep 100; wait'], { detached: true, stdio: ['ignore', files.stdout, files.stderr] });
    child.unref();
    closeSync(files.stdout);
    closeSync(files.stderr);
    started.push(child.pid!);
    await until(() => identify(child.pid!).startTime);
    insertSession({
      id,
      name: 'outlived its host',
      command: 'sleep 100 & sleep 100; wait',
      cwd: '/',
      status: 'running',
      pid: child.pid!,
      pidStartTime: identify(child.pid!).startTime,
      bootId: bootId(),
      runnerPid: deadPid(),
      runnerStartTime: '1',
      createdAt: new Date(),
      startedAt: new Date(),
    });
    expect(recoverInterruptedSessions()).toBe(0);
    await until(() => sessionProcesses([child.pid!]).length === 3, 5000, 'its three processes');
    const group = sessionProcesses([child.pid!]);
    expect(requestKill(id, 2000)).toBe('stopping');
    const ended = await waitForEnd(id, 10_000);
    expect(ended).toMatchObject({ status: 'failed', endReason: 'killed' });
    expect(textOf(id, 'system')).toBe('killed by user (SIGTERM)\n');
    await until(() => group.every((pid) => !isAlive(pid)), 5000, 'the whole group to be gone');
  });
});
