import { describe, expect, it } from 'vitest';
import { createClient } from '@/client';
import { SESSION_ROUTES } from '@/app/api/mcp/session-routes';
import { inProcessFetch } from '@/server/in-process-fetch';
import { launchSession, waitForEnd } from '@/server/host';
import { getSession, listSessions } from '@/store/queries';
import { isAlive } from '@/lib/testing/helpers';
import { withSessionHost } from '@/lib/testing/host';
import type { Context } from '../context';
import { run } from './kill';

withSessionHost();

/** A context whose client reaches this app's routes in process, and whose stderr is kept. */
function context(): Context & { err: () => string } {
  let stderr = '';
  const caller = new Request('http://localhost/', { headers: { host: 'localhost' } });
  return {
    client: createClient({ baseUrl: 'http://localhost', fetch: inProcessFetch(SESSION_ROUTES, caller) }),
    config: { baseUrl: 'http://localhost', token: { from: 'the in-process routes' }, version: 'test' },
    stdout: { write: () => true },
    stderr: { write: (text: string) => (stderr += text) },
    err: () => stderr,
  };
}

describe('kill --all', () => {
  it('kills every running session, says what it did, and leaves finished ones alone', async () => {
    const finished = await launchSession({ command: 'true' });
    expect(await waitForEnd(finished.id, 10_000)).toBe(true);
    const sessions = await Promise.all([
      launchSession({ command: 'sleep 60' }),
      launchSession({ command: 'sleep 60 & sleep 60' }),
      launchSession({ command: "trap '' TERM; sleep 60" }),
    ]);
    const ctx = context();
    expect(await run({ target: 'all', graceMs: 200 }, ctx)).toBe(0);
    expect(listSessions({ status: 'running', limit: 10 })).toEqual([]);
    for (const session of sessions) {
      expect(getSession(session.id)).toMatchObject({ status: 'failed', endReason: 'killed' });
      expect(isAlive(session.pid!)).toBe(false);
      expect(ctx.err()).toContain(session.id);
    }
    expect(ctx.err()).toMatch(/killed 3 session\(s\); none is running\n$/);
    expect(ctx.err()).not.toContain(finished.id);
  });

  it('says so when nothing runs', async () => {
    const ctx = context();
    expect(await run({ target: 'all' }, ctx)).toBe(0);
    expect(ctx.err()).toBe('killed 0 session(s); none is running\n');
  });
});
