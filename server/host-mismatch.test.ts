import { rmSync } from 'node:fs';
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lineReader, PROTOCOL } from '@/host/daemon/protocol';
import { hostSocketPath } from '@/host/daemon/socket-path';
import { isAlive, until, useTempDatabase } from '@/lib/testing/helpers';
import { connectedHost, disconnectHost, ensureHost, launchSession, requestKill } from './host';

/** A host of an older protocol: answers hello as told, and what else it is asked with `answers`. */
function olderHost(running: number, answers: Record<string, unknown>) {
  const asked: string[] = [];
  const server = net.createServer((socket) => {
    socket.on(
      'data',
      lineReader(
        (line) => {
          const { id, method } = JSON.parse(line) as { id: number; method: string };
          asked.push(method);
          if (method === 'hello') return socket.write(`${JSON.stringify({ id, ok: true, value: { protocol: 0, pid: 1, version: 'old', running } })}\n`);
          if (method === 'exitIfIdle' && running === 0) {
            socket.end(`${JSON.stringify({ id, ok: true, value: true })}\n`);
            server.close();
            return;
          }
          const value = answers[method];
          socket.write(`${JSON.stringify(value === undefined ? { id, ok: false, error: { code: 'conflict', message: 'busy' } } : { id, ok: true, value })}\n`);
        },
        () => socket.destroy(),
      ),
    );
  });
  return { server, asked, listening: new Promise<void>((resolve) => server.listen(hostSocketPath(), resolve)) };
}

beforeAll(() => {
  useTempDatabase();
});
afterAll(async () => {
  const pid = connectedHost()?.pid;
  disconnectHost();
  if (pid === undefined || pid === 1) return;
  process.kill(pid, 'SIGTERM');
  await until(() => !isAlive(pid), 20_000, 'the session host to exit');
});

describe('a session host of another protocol', () => {
  it('that still runs sessions keeps them: launches answer 503 saying why, kills still reach it', async () => {
    const older = olderHost(2, { kill: 'stopping' });
    await older.listening;
    await expect(launchSession({ command: 'true' })).rejects.toMatchObject({
      status: 503,
      message: expect.stringMatching(/another version and still runs 2 session\(s\)/),
    });
    expect(await requestKill('some-session')).toBe('stopping');
    expect(older.asked).toContain('kill');
    expect(older.asked).not.toContain('launch');
    disconnectHost();
    await new Promise((resolve) => older.server.close(resolve));
    rmSync(hostSocketPath(), { force: true });
  });

  it('that runs nothing is asked to exit, and a host of ours takes its place', async () => {
    const older = olderHost(0, {});
    await older.listening;
    const hello = await ensureHost();
    expect(older.asked).toEqual(['hello', 'exitIfIdle']);
    expect(hello).toMatchObject({ protocol: PROTOCOL });
    expect(hello.pid).not.toBe(1);
    const session = await launchSession({ command: 'true' });
    expect(session.status).toBe('running');
  });
});
