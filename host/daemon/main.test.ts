import { existsSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { isAlive, until } from '@/lib/testing/helpers';
import { connectRaw, startHost, tempDataDir, type HostProcess } from './testing';
import { PROTOCOL, type Hello } from './protocol';

const started: HostProcess[] = [];

function host(dir: string, env?: Record<string, string>): HostProcess {
  const process = startHost(dir, env);
  started.push(process);
  return process;
}

afterEach(async () => {
  for (const { child, exited } of started.splice(0)) {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      await exited;
    }
  }
});

async function hello(socketPath: string): Promise<Hello> {
  const client = await connectRaw(socketPath);
  const answer = await client.request('hello');
  client.socket.destroy();
  return answer.value as Hello;
}

describe('the session host', () => {
  it('listens on a socket only its user can use, and says who it is', async () => {
    const first = host(tempDataDir());
    const greeting = await hello(first.socketPath);
    expect(greeting).toMatchObject({ protocol: PROTOCOL, pid: first.child.pid, running: 0 });
    expect(statSync(first.socketPath).mode & 0o777).toBe(0o600);
  });

  it('is alone per data dir: a second host exits quietly and the first keeps serving', async () => {
    const dir = tempDataDir();
    const first = host(dir);
    await hello(first.socketPath);
    const second = host(dir);
    expect(await second.exited).toBe(0);
    expect((await hello(first.socketPath)).pid).toBe(first.child.pid);
  });

  it('replaces a socket file left by a host that died', async () => {
    const dir = tempDataDir();
    const dead = host(dir);
    await hello(dead.socketPath);
    dead.child.kill('SIGKILL');
    await dead.exited;
    expect(existsSync(dead.socketPath)).toBe(true);
    const next = host(dir);
    expect((await hello(next.socketPath)).pid).toBe(next.child.pid);
  });

  it('answers garbage with an error and goes on serving, on that connection and others', async () => {
    const running = host(tempDataDir());
    const client = await connectRaw(running.socketPath);
    client.send('this is not json\n{"id": 7, "method": "launch", "params": {"command": 5}}\n{"id": 8, "method": "nonsense"}\n');
    await until(() => client.lines.length >= 3, 10_000, 'three answers');
    expect(client.lines).toEqual([
      { id: null, ok: false, error: { code: 'bad_request', message: 'not a JSON line' } },
      { id: 7, ok: false, error: { code: 'bad_request', message: 'command is required and must be a string' } },
      expect.objectContaining({ id: 8, ok: false, error: expect.objectContaining({ code: 'bad_request' }) }),
    ]);
    expect(await client.request('hello')).toMatchObject({ ok: true });
    client.send(`${'x'.repeat(5 * 1024 * 1024)}`);
    await until(() => client.socket.destroyed || client.socket.readableEnded, 10_000, 'the overlong line to end the connection');
    expect((await hello(running.socketPath)).pid).toBe(running.child.pid);
  });

  it('exits once idle, but not while a session runs', async () => {
    const running = host(tempDataDir(), { ACTIVE_SESSIONS_HOST_IDLE_MS: '200' });
    const client = await connectRaw(running.socketPath);
    const launched = await client.request('launch', { command: 'sleep 1.5; echo done' });
    const id = (launched.value as { id: string }).id;
    client.socket.destroy();
    expect(await running.exited).toBe(0);
    expect(existsSync(running.socketPath)).toBe(false);
    // Had it left before the session ended, the session would still be "running" in the store.
    const { getSession, textOf } = await sessionsOf(running.dir);
    expect(getSession(id)).toMatchObject({ status: 'completed', exitCode: 0 });
    expect(textOf(id)).toContain('done');
  });

  it('takes over the sessions of a host killed with -9, and stays until they have ended', async () => {
    const dir = tempDataDir();
    const first = host(dir);
    const client = await connectRaw(first.socketPath);
    // It ends when told to, once the second host has taken it over.
    const go = path.join(dir, 'go');
    const launched = await client.request('launch', { command: `while [ ! -e '${go}' ]; do sleep 0.02; done; echo done` });
    const session = launched.value as { id: string; pid: number };
    client.socket.destroy();
    first.child.kill('SIGKILL');
    await first.exited;
    expect(isAlive(session.pid)).toBe(true);
    // No client at all: only the session it took over keeps it from its (short) idle exit.
    const second = host(dir, { ACTIVE_SESSIONS_HOST_IDLE_MS: '200' });
    const { getSession, textOf } = await sessionsOf(dir);
    await until(() => getSession(session.id)?.runnerPid === second.child.pid, 15_000, 'the second host to take the session over');
    writeFileSync(go, '');
    expect(await second.exited).toBe(0);
    expect(getSession(session.id)).toMatchObject({ status: 'failed', endReason: 'interrupted' });
    expect(textOf(session.id)).toMatch(/^done\nended while its session host was not its parent/);
  });

  it('stops its sessions on SIGTERM and records why', async () => {
    const running = host(tempDataDir());
    const client = await connectRaw(running.socketPath);
    const launched = await client.request('launch', { command: 'sleep 60' });
    const session = launched.value as { id: string; pid: number };
    running.child.kill('SIGTERM');
    expect(await running.exited).toBe(143);
    await until(() => !isAlive(session.pid), 10_000, 'the session to be stopped');
    const { getSession } = await sessionsOf(running.dir);
    expect(getSession(session.id)).toMatchObject({ status: 'failed', endReason: 'interrupted' });
  });
});

/** The store of a host's data dir, read from this process. */
async function sessionsOf(dir: string) {
  process.env.DATABASE_PATH = path.join(dir, 'sessions.db');
  const { getSession } = await import('@/store/queries');
  const { textOf } = await import('@/lib/testing/helpers');
  return { getSession, textOf };
}
