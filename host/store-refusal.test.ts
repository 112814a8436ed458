import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { getDb } from '@/store/index';
import { getSession, insertSession } from '@/store/queries';
import { recoverInterruptedSessions } from './recovery';
import { isRunningHere, launchSession, requestKill, stopAllSessionsSync } from './runner';
import { isAlive, textOf, until, useTempDatabase, waitForEnd } from '@/lib/testing/helpers';
import * as collection from '@/app/api/sessions/route';

let dir: string;
beforeAll(() => {
  dir = useTempDatabase();
  process.env.ACTIVE_SESSIONS_TOKEN = TOKEN;
});
afterAll(() => stopAllSessionsSync(100));

const TOKEN = 'store-refusal-test-token-0123';

/** A row that needs a leaf page of its own: two never fit in one 32 KiB page. */
const BIG_COMMAND_BYTES = 16 * 1024;

function bigCommand(command: string): string {
  return `${command} #${'x'.repeat(BIG_COMMAND_BYTES - command.length - 2)}`;
}

/**
 * Makes the database full, as a full disk would, without root: no page may be added past the
 * current count (`max_page_count`), and rows fill what free pages there are.
 */
function fillStore(): () => void {
  const client = getDb().$client;
  const pages = client.pragma('page_count', { simple: true }) as number;
  client.pragma(`max_page_count = ${pages}`);
  for (let i = 0; ; i++) {
    try {
      insertSession({ id: `filler-${i}`, name: 'filler', command: bigCommand(':'), cwd: '/', status: 'completed', createdAt: new Date() });
    } catch (error) {
      expect(String(error)).toMatch(/full/);
      break;
    }
  }
  return () => client.pragma('max_page_count = 1073741823');
}

/**
 * Makes the store refuse chosen writes with the error a full disk gives, counting the attempts:
 * deterministic where a real full disk depends on which pages a write happens to touch.
 */
function refuseWrites(statements: string[]) {
  const client = getDb().$client;
  const refusal = { attempts: 0 };
  client.function('count_refused_write', () => ++refusal.attempts);
  statements.forEach((statement, i) =>
    client.exec(
      `CREATE TEMP TRIGGER refuse_${i} BEFORE ${statement} BEGIN SELECT RAISE(ABORT, 'database or disk is full') WHERE count_refused_write() > 0; END`,
    ),
  );
  return {
    refusal,
    heal: () => statements.forEach((_, i) => client.exec(`DROP TRIGGER IF EXISTS temp.refuse_${i}`)),
  };
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('a store that cannot write', () => {
  it('refuses a new session as a 503 and runs nothing; once it has room, sessions start again', async () => {
    const marker = path.join(dir, 'ran');
    const makeRoom = fillStore();
    try {
      expect(() => launchSession({ command: bigCommand(`touch ${marker}`) })).toThrow(
        expect.objectContaining({ status: 503, message: expect.stringMatching(/cannot write.*nothing was started/) }),
      );
    } finally {
      makeRoom();
    }
    expect(existsSync(marker)).toBe(false);

    const ended = await waitForEnd(launchSession({ command: bigCommand(`touch ${marker}`) }).id);
    expect(ended.status).toBe('completed');
    expect(existsSync(marker)).toBe(true);
  });

  it('still hears and kills a session whose start it refused, and records the start with the end', async () => {
    const { refusal, heal } = refuseWrites(['UPDATE OF pid ON sessions']);
    let session;
    try {
      session = launchSession({ command: 'echo started; exec sleep 60' });
      expect(refusal.attempts).toBeGreaterThan(0);
      // The answer says what really happened, whatever the store has.
      expect(session).toMatchObject({ status: 'running', pid: expect.any(Number) });
      expect(getSession(session.id)?.pid).toBeNull();
      expect(requestKill(session.id, 2000)).toBe('stopping');
      await until(() => !isAlive(session!.pid!), 10_000, 'the killed session to exit');
    } finally {
      heal();
    }
    const ended = await waitForEnd(session.id);
    expect(ended).toMatchObject({ status: 'failed', endReason: 'killed', pid: session.pid });
    expect(ended.startedAt).not.toBeNull();
    expect(textOf(session.id)).toMatch(/^started\nkilled by user \(SIGTERM\)\n$/);
  });

  it('keeps output and the true end until it accepts them, says so once, and the sweep keeps off', async () => {
    const errors = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const { refusal, heal } = refuseWrites(['INSERT ON output_chunks', 'UPDATE OF status ON sessions']);
    let session;
    try {
      session = launchSession({ command: 'for i in $(seq 1 500); do echo line $i; done; printf partial; exit 3' });
      await until(() => !isAlive(session!.pid!), 10_000, 'the command to exit');
      // The end is known here but not stored: many refused writes later, nothing was dropped.
      await until(() => refusal.attempts >= 5, 20_000, 'five refused writes');
      expect(isRunningHere(session.id)).toBe(true);
      // It has ended here: Kill says so, not that another server runs it.
      expect(requestKill(session.id)).toBe('not_running');
      expect(recoverInterruptedSessions()).toBe(0);
      expect(getSession(session.id)?.status).toBe('running');
    } finally {
      heal();
    }
    const ended = await waitForEnd(session.id);
    expect(ended).toMatchObject({ status: 'failed', endReason: 'exited', exitCode: 3 });
    const text = textOf(session.id);
    expect(text.startsWith('line 1\nline 2\n')).toBe(true);
    expect(text.endsWith('line 500\npartial\nexited with code 3\n')).toBe(true);
    const logged = errors.mock.calls.map((args) => String(args[0]));
    expect(logged.filter((line) => line.includes('refused a write'))).toHaveLength(1);
    expect(logged.filter((line) => line.includes('accepts writes again'))).toHaveLength(1);
  });
});

describe('clearing while the store refuses writes', () => {
  it('answers 503 and clears nothing', async () => {
    const finished = await waitForEnd(launchSession({ command: 'true' }).id);
    const { heal } = refuseWrites(['DELETE ON sessions']);
    try {
      const request = new Request('http://localhost/api/sessions?status=finished', {
        method: 'DELETE',
        headers: { host: 'localhost', authorization: `Bearer ${TOKEN}` },
      });
      const response = await collection.DELETE(request, { params: Promise.resolve({}) });
      expect(response.status).toBe(503);
      expect((await response.json()).error).toMatch(/nothing was cleared/);
    } finally {
      heal();
    }
    expect(getSession(finished.id)?.status).toBe('completed');
  });
});

describe('what a cwd that cannot be used says', () => {
  it('names a loop of symbolic links as such', async () => {
    const loop = path.join(dir, 'loop-a');
    const { symlinkSync } = await import('node:fs');
    symlinkSync(path.join(dir, 'loop-b'), loop);
    symlinkSync(loop, path.join(dir, 'loop-b'));
    const session = launchSession({ command: 'true', cwd: loop });
    expect(session.error).toBe(`cwd is a loop of symbolic links: ${loop}`);
    mkdirSync(path.join(dir, 'plain'));
    expect(launchSession({ command: 'true', cwd: path.join(dir, 'plain', 'missing') }).error).toMatch(/^cwd does not exist/);
  });
});
