import { describe, expect, it } from 'vitest';
import { createClient } from '@/client';
import { SESSION_ROUTES } from '@/app/api/mcp/session-routes';
import { inProcessFetch } from '@/server/in-process-fetch';
import { launchSession } from '@/server/host';
import { withSessionHost } from '@/lib/testing/host';
import { textOf, until, waitForEnd } from '@/lib/testing/helpers';
import { getSession } from '@/store/queries';
import { UsageError } from '../args';
import type { Context } from '../context';
import { parse as parseRun } from './run';
import { parse, run } from './send';

withSessionHost();

function context(): Context {
  const caller = new Request('http://localhost/', { headers: { host: 'localhost' } });
  return {
    client: createClient({ baseUrl: 'http://localhost', fetch: inProcessFetch(SESSION_ROUTES, caller) }),
    config: { baseUrl: 'http://localhost', token: { from: 'the in-process routes' }, version: 'test' },
    stdout: { write: () => true },
    stderr: { write: () => true },
  };
}

describe('send', () => {
  it('reads an id, the text and --key in order', () => {
    expect(parse(['abc', 'yes', '--key', 'enter'])).toEqual({ id: 'abc', input: { text: 'yes', keys: ['enter'] } });
    expect(parse(['abc', '-k', 'ctrl-c', '-k', 'enter'])).toEqual({ id: 'abc', input: { keys: ['ctrl-c', 'enter'] } });
    expect(() => parse(['abc'])).toThrow(/nothing to send/);
    expect(() => parse([])).toThrow(/a session id is required/);
    expect(() => parse(['abc', 'two', 'words'])).toThrow(/quote it/);
    expect(() => parse(['abc', '--key', 'f1'])).toThrow(UsageError);
  });

  it('types into a running terminal session', async () => {
    const session = await launchSession({ command: 'read -p "continue? " x; echo got $x', tty: true });
    await until(() => getSession(session.id)?.waitingForInput, 15_000, 'the prompt');
    expect(await run(parse([session.id, 'yes', '--key', 'enter']), context())).toBe(0);
    await waitForEnd(session.id);
    expect(textOf(session.id)).toContain('got yes');
  });

  it('run --tty asks for a terminal of the given size, and --cols needs --tty', () => {
    expect(parseRun(['--tty', '--cols', '100', '--rows', '40', '--', 'top']).body).toMatchObject({ tty: true, cols: 100, rows: 40 });
    expect(parseRun(['--tty', '--', 'top']).body).toMatchObject({ tty: true });
    expect(parseRun(['--', 'top']).body).not.toHaveProperty('tty');
    expect(() => parseRun(['--cols', '100', '--', 'top'])).toThrow(/need --tty/);
    expect(() => parseRun(['--tty', '--cols', '10', '--', 'top'])).toThrow(/--cols must be a whole number from 20 to 500/);
  });
});
