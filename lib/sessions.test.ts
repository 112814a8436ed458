import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { getDb } from '@/store/index';
import { outputFolder } from '@/store/output-files';
import { getSession, listSessions, setPinned } from '@/store/queries';
import { launchSession, stopAllSessionsSync } from '@/host/runner';
import { clearFinished } from './sessions';
import { until, useTempDatabase, waitForEnd } from './testing/helpers';

beforeAll(() => {
  useTempDatabase();
});
afterAll(() => stopAllSessionsSync(100));

describe('clear completed', () => {
  it('gives the disk space back: output files and store pages', async () => {
    const client = getDb().$client;
    const session = await waitForEnd(launchSession({ command: "head -c 20000000 /dev/zero | tr '\\0' x" }).id, 30_000);
    const folder = outputFolder(session.id);
    const bytesOnDisk = () => readdirSync(folder).reduce((sum, file) => sum + statSync(path.join(folder, file)).size, 0);
    expect(bytesOnDisk()).toBe(20_000_000);
    clearFinished();
    expect(existsSync(folder)).toBe(false);
    await until(() => (client.pragma('freelist_count', { simple: true }) as number) === 0, 10_000, 'free pages to be returned');
  });

  it('deletes finished sessions with their output and keeps running ones', async () => {
    const done = await waitForEnd(launchSession({ command: 'echo done' }).id);
    const failed = await waitForEnd(launchSession({ command: 'exit 1' }).id);
    const running = launchSession({ command: 'sleep 5' });
    expect(clearFinished()).toBe(2);
    expect(getSession(done.id)).toBeUndefined();
    expect(getSession(failed.id)).toBeUndefined();
    expect(getSession(running.id)?.status).toBe('running');
    const orphanChunks = getDb().$client
      .prepare('SELECT count(*) AS n FROM output_chunks WHERE session_id NOT IN (SELECT id FROM sessions)')
      .get() as { n: number };
    expect(orphanChunks.n).toBe(0);
  });

  it('keeps pinned sessions, with their output files, until they are unpinned', async () => {
    const pinned = await waitForEnd(launchSession({ command: 'echo keep me' }).id);
    const other = await waitForEnd(launchSession({ command: 'echo let me go' }).id);
    setPinned(pinned.id, true);
    expect(clearFinished()).toBe(1);
    expect(getSession(other.id)).toBeUndefined();
    expect(getSession(pinned.id)).toMatchObject({ pinned: true, status: 'completed' });
    expect(existsSync(outputFolder(pinned.id))).toBe(true);
    setPinned(pinned.id, false);
    expect(clearFinished()).toBe(1);
    expect(getSession(pinned.id)).toBeUndefined();
  });

  it('never deletes a running session, even one finishing during the clear', async () => {
    const errors = vi.spyOn(console, 'error');
    const ids = Array.from({ length: 12 }, (_, i) =>
      launchSession({ command: `sleep 0.${i % 4}${i}; echo finished ${i}` }).id,
    );
    const seenDeleted = new Set<string>();
    const deadline = Date.now() + 3000;
    while (Date.now() < deadline && seenDeleted.size < ids.length) {
      const runningBefore = new Set(listSessions({ limit: 100 }).filter((s) => s.status === 'running').map((s) => s.id));
      clearFinished();
      for (const id of ids) {
        const session = getSession(id);
        if (session === undefined) seenDeleted.add(id);
        // A session seen running just before the clear is either still there or finished in between.
        else if (runningBefore.has(id)) expect(['running', 'completed']).toContain(session.status);
      }
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    expect(seenDeleted.size).toBe(ids.length);
    // The runner reports a session deleted while it still ran when it cannot record its end.
    expect(errors).not.toHaveBeenCalled();
    const orphanChunks = getDb().$client
      .prepare('SELECT count(*) AS n FROM output_chunks WHERE session_id NOT IN (SELECT id FROM sessions)')
      .get() as { n: number };
    expect(orphanChunks.n).toBe(0);
  });
});

describe('a new database', () => {
  it('gets big pages and incremental auto-vacuum', () => {
    const client = getDb().$client;
    expect(client.pragma('page_size', { simple: true })).toBe(32768);
    expect(client.pragma('auto_vacuum', { simple: true })).toBe(2);
    expect(client.pragma('journal_mode', { simple: true })).toBe('wal');
  });
});
