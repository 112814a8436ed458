import { existsSync } from 'node:fs';
import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DAY_MS } from '@/core/retention';
import { launchSession, stopAllSessionsSync } from '@/host/runner';
import { until, useTempDatabase, waitForEnd } from '@/lib/testing/helpers';
import { getDb } from '@/store/index';
import { outputFolder } from '@/store/output-files';
import { getSession, setPinned } from '@/store/queries';
import { sessions } from '@/store/schema';
import { applyRetention, retentionStatus } from './retention';

// Real sessions in a new SQLite file per test, writing real output files.
beforeEach(() => {
  useTempDatabase();
});
afterEach(() => {
  stopAllSessionsSync(100);
  delete process.env.RETAIN_BYTES;
  delete process.env.RETAIN_DAYS;
});

const KB3 = 'head -c 3000 /dev/zero';

async function finished(command = KB3) {
  return waitForEnd(launchSession({ command }).id);
}

function indexRows(id: string): number {
  return (getDb().$client.prepare('SELECT count(*) AS n FROM output_chunks WHERE session_id = ?').get(id) as { n: number }).n;
}

function expectRemoved(id: string) {
  expect(getSession(id)).toBeUndefined();
  expect(indexRows(id)).toBe(0);
  expect(existsSync(outputFolder(id))).toBe(false);
}

function expectKept(id: string) {
  expect(getSession(id)).toBeDefined();
  expect(existsSync(outputFolder(id))).toBe(true);
}

describe('retention by RETAIN_BYTES', () => {
  it('removes the oldest finished sessions first, with their index rows and files, never a running or pinned one', async () => {
    const pinned = await finished();
    setPinned(pinned.id, true);
    const oldest = await finished();
    const middle = await finished();
    const newest = await finished();
    const running = launchSession({ command: `${KB3}; exec sleep 30` });
    await until(() => getSession(running.id)?.outputBytes === 3000, 10_000, 'the running session to write its output');
    expect(retentionStatus().usedBytes).toBe(15_000);

    process.env.RETAIN_BYTES = '9000';
    // The pinned one is the oldest and the running one the newest; neither counts as removable.
    expect(retentionStatus().next).toMatchObject({ id: oldest.id, dueAt: expect.any(String) });
    expect(applyRetention()).toBe(2);
    expectRemoved(oldest.id);
    expectRemoved(middle.id);
    for (const kept of [pinned, newest, running]) expectKept(kept.id);
    expect(getSession(running.id)?.status).toBe('running');
    expect(retentionStatus()).toEqual({ usedBytes: 9000, retainDays: null, retainBytes: 9000, next: { id: newest.id, name: newest.name, dueAt: null } });

    // Under a limit that only the running and pinned ones already pass, every other finished one goes.
    process.env.RETAIN_BYTES = '1K';
    expect(applyRetention()).toBe(1);
    expectRemoved(newest.id);
    expectKept(pinned.id);
    expectKept(running.id);
    expect(retentionStatus().next).toBeNull();
  });
});

describe('retention by RETAIN_DAYS', () => {
  it('removes finished sessions that ended longer ago than that, never a running or pinned one', async () => {
    const old = await finished();
    const oldPinned = await finished();
    setPinned(oldPinned.id, true);
    const recent = await finished();
    const running = launchSession({ command: 'exec sleep 30' });
    const longAgo = new Date(Date.now() - 3 * DAY_MS);
    for (const id of [old.id, oldPinned.id]) getDb().update(sessions).set({ endedAt: longAgo }).where(eq(sessions.id, id)).run();
    getDb().update(sessions).set({ createdAt: longAgo }).where(eq(sessions.id, running.id)).run();

    process.env.RETAIN_DAYS = '2';
    expect(applyRetention()).toBe(1);
    expectRemoved(old.id);
    for (const kept of [oldPinned, recent, running]) expectKept(kept.id);
    // The next to go is the recent one, two days after its end.
    const next = retentionStatus().next;
    expect(next?.id).toBe(recent.id);
    expect(Date.parse(next!.dueAt!)).toBe(getSession(recent.id)!.endedAt!.getTime() + 2 * DAY_MS);

    // Two days on, it goes too.
    expect(applyRetention(Date.now() + 2 * DAY_MS + 1000)).toBe(1);
    expectRemoved(recent.id);
    expectKept(oldPinned.id);
  });
});

describe('the retention settings', () => {
  it('are unset by default: nothing is removed, and the space used is still told', async () => {
    const session = await finished();
    expect(applyRetention(Date.now() + 1000 * DAY_MS)).toBe(0);
    expectKept(session.id);
    expect(retentionStatus()).toEqual({ usedBytes: 3000, retainDays: null, retainBytes: null, next: null });
  });

  it('read sizes with units and fractional days', () => {
    process.env.RETAIN_BYTES = '1.5K';
    process.env.RETAIN_DAYS = '0.5';
    expect(retentionStatus()).toMatchObject({ retainBytes: 1536, retainDays: 0.5 });
    process.env.RETAIN_BYTES = '2 GiB';
    expect(retentionStatus().retainBytes).toBe(2 * 1024 ** 3);
  });

  it.each([
    ['RETAIN_BYTES', '2 parsecs'],
    ['RETAIN_BYTES', '0'],
    ['RETAIN_BYTES', '-5G'],
    ['RETAIN_DAYS', '0'],
    ['RETAIN_DAYS', '7d'],
  ])('refuse %s=%j with an error that says what to give', (name, value) => {
    process.env[name] = value;
    expect(() => applyRetention()).toThrow(new RegExp(`^${name}="${value}" cannot be used: give `));
  });
});
