import { expect, test } from '@playwright/test';
import { spawn } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { authHeader, TOKEN } from './support/fixtures';

const BASE = `http://127.0.0.1:${process.env.E2E_PORT}`;

/**
 * The CLI as a user runs it: a real process on the bin, talking to the production server. Its
 * output is collected as it comes, so a test can wait for a line before the process ends.
 */
function cli(args: string[], env: Record<string, string> = {}) {
  const child = spawn(process.execPath, ['bin/active-sessions.mjs', ...args], {
    env: { ...process.env, ACTIVE_SESSIONS_URL: BASE, ACTIVE_SESSIONS_TOKEN: TOKEN, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const out = { stdout: '', stderr: '' };
  child.stdout.on('data', (data) => (out.stdout += data));
  child.stderr.on('data', (data) => (out.stderr += data));
  const exit = new Promise<number | null>((resolve) => child.once('close', (code) => resolve(code)));
  return { child, out, exit, done: async () => ({ code: await exit, ...out }) };
}

async function api<T = Record<string, unknown>>(pathname: string, init: RequestInit = {}): Promise<T> {
  const response = await fetch(`${BASE}${pathname}`, { ...init, headers: authHeader });
  return (await response.json()) as T;
}

/** The id in the deep link `run` prints on stderr. */
function linkedId(stderr: string): string | undefined {
  return stderr.match(new RegExp(`${BASE}/sessions/([\\w-]+)`))?.[1];
}

test.afterEach(async () => {
  const { sessions } = await api<{ sessions: { id: string }[] }>('/api/sessions?status=running');
  for (const { id } of sessions) await api(`/api/sessions/${id}/kill`, { method: 'POST' });
});

test('run follows the output and exits with the exit code: 0, 3, and 143 for a kill', async () => {
  const ok = await cli(['run', '--', 'echo ok']).done();
  expect(ok).toMatchObject({ code: 0, stdout: 'ok\n' });

  const three = await cli(['run', '--name', 'three', '--', 'sh', '-c', 'echo hi; echo oops >&2; exit 3']).done();
  expect(three.code).toBe(3);
  expect(three.stdout).toBe('hi\n');
  expect(three.stderr).toContain('oops\n');
  expect(three.stderr).toContain('exited with code 3');
  const id = linkedId(three.stderr)!;
  expect(await api(`/api/sessions/${id}`)).toMatchObject({
    name: 'three',
    command: "sh -c 'echo hi; echo oops >&2; exit 3'",
    source: 'cli',
    client: expect.stringMatching(/^active-sessions \d+\.\d+\.\d+/),
    url: `${BASE}/sessions/${id}`,
  });

  const sleeper = cli(['run', '--', 'sleep 30']);
  await expect.poll(() => linkedId(sleeper.out.stderr)).toBeTruthy();
  await api(`/api/sessions/${linkedId(sleeper.out.stderr)}/kill`, { method: 'POST' });
  const killed = await sleeper.done();
  expect(killed.code).toBe(143);
  expect(killed.stderr).toContain('killed by user');
});

test('run --timeout kills the session when it is reached, and exits as a kill does', async () => {
  const timedOut = await cli(['run', '--timeout', '1s', '--', 'sleep 30']).done();
  expect(timedOut.code).toBe(143);
  expect(timedOut.stderr).toContain('timed out after 1s');
  expect(await api(`/api/sessions/${linkedId(timedOut.stderr)}`)).toMatchObject({ timeout: 1, error: 'timed out after 1s' });
});

test('run -d --json answers {id, url} at once and leaves the session running; ls and open see it', async () => {
  const detached = await cli(['run', '-d', '--json', '--', 'sleep 30']).done();
  expect(detached.code).toBe(0);
  const { id, url } = JSON.parse(detached.stdout) as { id: string; url: string };
  expect(detached.stdout).toBe(`${JSON.stringify({ id, url })}\n`);
  expect(url).toBe(`${BASE}/sessions/${id}`);
  expect(await api(`/api/sessions/${id}`)).toMatchObject({ status: 'running' });

  const listed = await cli(['ls', '--status', 'running']).done();
  expect(listed.code).toBe(0);
  expect(listed.stdout).toMatch(new RegExp(`^${id}\\s+running\\s+\\S+\\s+sleep 30$`, 'm'));
  expect(await cli(['open', id]).done()).toMatchObject({ code: 0, stdout: `${url}\n` });

  expect(await cli(['kill', id, '--grace', '1s']).done()).toMatchObject({ code: 0, stderr: `${id} failed (exit 143): sleep 30\n` });
});

test('logs --follow prints a live session as it runs and exits with its code', async () => {
  const gate = test.info().outputPath('go');
  const { id } = await api<{ id: string }>('/api/sessions', {
    method: 'POST',
    body: JSON.stringify({ command: `echo first; while [ ! -e ${gate} ]; do sleep 0.05; done; echo second; exit 5` }),
  });
  const follow = cli(['logs', '--follow', id]);
  await expect.poll(() => follow.out.stdout).toBe('first\n');
  // Seen while the session still runs: it waits for the gate, which only the test opens.
  expect(await api(`/api/sessions/${id}`)).toMatchObject({ status: 'running' });
  expect(existsSync(gate)).toBe(false);
  writeFileSync(gate, '');
  const followed = await follow.done();
  expect(followed).toMatchObject({ code: 5, stdout: 'first\nsecond\n' });

  expect(await cli(['logs', id]).done()).toMatchObject({ code: 0, stdout: 'first\nsecond\n' });
  expect(await cli(['logs', id, '--tail', '2']).done()).toMatchObject({ code: 0, stdout: 'second\n', stderr: 'exited with code 5\n' });
  const ndjson = (await cli(['logs', id, '--json']).done()).stdout.trim().split('\n').map((line) => JSON.parse(line));
  expect(ndjson.map((chunk) => [chunk.stream, chunk.text])).toEqual([
    ['stdout', 'first\n'],
    ['stdout', 'second\n'],
    ['system', 'exited with code 5\n'],
  ]);
});

test('wait exits with the session code, and 124 when --timeout passes first', async () => {
  const { id } = await api<{ id: string }>('/api/sessions', { method: 'POST', body: JSON.stringify({ command: 'sleep 30' }) });
  const timedOut = await cli(['wait', id, '--timeout', '1s']).done();
  expect(timedOut.code).toBe(124);
  expect(timedOut.stderr).toBe(`${id} running: sleep 30\ntimed out: still running: ${id}\n`);

  const short = await api<{ id: string }>('/api/sessions', { method: 'POST', body: JSON.stringify({ command: 'exit 7' }) });
  expect((await cli(['wait', short.id, '--timeout', '30s']).done()).code).toBe(7);
});

test('a bad token, an unreachable server and an unknown id each get one clear line and exit 1', async () => {
  const refused = await cli(['ls'], { ACTIVE_SESSIONS_TOKEN: 'not-the-token-at-all' }).done();
  expect(refused).toMatchObject({
    code: 1,
    stdout: '',
    stderr: `active-sessions: ${BASE} refused the token from ACTIVE_SESSIONS_TOKEN (401): set ACTIVE_SESSIONS_TOKEN (or ACTIVE_SESSIONS_TOKEN_FILE) to the server's token\n`,
  });

  // A port the system just gave out and took back: nothing listens there.
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const closed = `http://127.0.0.1:${(probe.address() as { port: number }).port}`;
  await new Promise((resolve) => probe.close(resolve));
  const unreachable = await cli(['run', '--', 'true'], { ACTIVE_SESSIONS_URL: closed }).done();
  expect(unreachable.code).toBe(1);
  expect(unreachable.stderr).toBe(
    `active-sessions: cannot reach Active Sessions at ${closed} (ECONNREFUSED): is the server running? Set ACTIVE_SESSIONS_URL if it listens elsewhere\n`,
  );

  expect(await cli(['logs', 'no-such-session']).done()).toMatchObject({ code: 1, stderr: 'active-sessions: no session with id no-such-session\n' });
  const usage = await cli(['wait']).done();
  expect(usage.code).toBe(2);
  expect(usage.stderr).toMatch(/^active-sessions wait: at least one session id is required\n\nUsage: active-sessions wait/);
});
