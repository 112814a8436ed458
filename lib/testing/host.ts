import { afterAll, beforeAll } from 'vitest';
import { connectedHost, disconnectHost, ensureHost } from '@/server/host';
import { until, useTempDatabase, isAlive } from './helpers';

/**
 * For a test file whose route handlers or server actions launch sessions: a new temp data dir and a
 * real session host there, started before the file's tests and stopped (SIGTERM: its sessions are
 * stopped with it) after them.
 */
export function withSessionHost(): void {
  beforeAll(async () => {
    useTempDatabase();
    await ensureHost();
  });
  afterAll(async () => {
    // The host of the moment: a test may have made the client start another.
    const pid = connectedHost()?.pid;
    disconnectHost();
    if (pid === undefined) return;
    process.kill(pid, 'SIGTERM');
    await until(() => !isAlive(pid), 20_000, `the session host ${pid} to exit`);
  });
}
