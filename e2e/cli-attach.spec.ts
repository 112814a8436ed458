import { spawn } from 'node:child_process';
import { attachCli } from './support/attach';
import { expect, test, TOKEN } from './support/fixtures';

// `active-sessions attach` as a person runs it: on a real pseudo-terminal of 100×30, against the
// production server.

const BASE = `http://127.0.0.1:${process.env.E2E_PORT}`;
const env = { ...process.env, ACTIVE_SESSIONS_URL: BASE, ACTIVE_SESSIONS_TOKEN: TOKEN };

const attach = (id: string) => attachCli(BASE, id);

test.afterEach(async ({ api }) => api.killAll());

test('attach: keys typed reach the session, its answer comes back, and Ctrl-] detaches with 0, the session running on', async ({ api }) => {
  const session = await api.launch('cat', { name: 'echo back', tty: true });
  const cli = attach(session.id);
  // The screen is drawn once the terminal is raw: keys typed before would meet the line discipline.
  await expect.poll(cli.shown, { timeout: 15_000 }).toContain('\x1b[H\x1b[2J');
  expect(await api.get(session.id)).toMatchObject({ cols: 100, rows: 30 });
  cli.type('hello\r');
  // The session's terminal echoes the line, then cat writes it back.
  await expect.poll(() => cli.count('hello')).toBe(2);
  cli.type('bye\x1dnot sent');
  expect(await cli.exit).toBe(0);
  expect(cli.shown()).toContain(`detached from echo back; it keeps running`);
  expect(await api.get(session.id)).toMatchObject({ status: 'running' });
  await expect.poll(async () => (await api.client.getScreen(session.id)).lines.slice(0, 3)).toEqual(['hello', 'hello', 'bye']);
  expect(cli.shown()).not.toContain('not sent');
});

test('attach: Ctrl-C is a key for the session; when it ends, attach says how and exits with its code', async ({ api }) => {
  const session = await api.launch('read -p "continue? " x; echo got $x; sleep 100', { name: 'prompt', tty: true });
  await expect.poll(async () => (await api.get(session.id)).waitingForInput, { timeout: 15_000 }).toBe(true);
  const cli = attach(session.id);
  // Drawn from the session's screen: the prompt it showed before anyone attached.
  await expect.poll(cli.shown, { timeout: 15_000 }).toContain('continue? ');
  cli.type('yes\r');
  await expect.poll(cli.shown).toContain('got yes');
  cli.type('\x03');
  expect(await cli.exit).toBe(130);
  expect(cli.shown()).toContain('prompt ended: exited with code 130');
  expect(await api.get(session.id)).toMatchObject({ status: 'failed', exitCode: 130 });
});

test('attach refuses a pipe-mode session, and a stdin that is not a terminal', async ({ api }) => {
  const session = await api.launch('sleep 30');
  const onPipes = attach(session.id);
  expect(await onPipes.exit).toBe(1);
  expect(onPipes.shown()).toContain(`session ${session.id} runs on pipes, not on a terminal`);
  expect(onPipes.shown()).not.toContain('\x1b[2J');

  const piped = spawn(process.execPath, ['bin/active-sessions.mjs', 'attach', session.id], { env, stdio: ['pipe', 'ignore', 'pipe'] });
  let stderr = '';
  piped.stderr.on('data', (data) => (stderr += data));
  expect(await new Promise((resolve) => piped.once('close', resolve))).toBe(1);
  expect(stderr).toBe('active-sessions attach: stdin is not a terminal: attach takes your keys from one (from a script, type with active-sessions send)\n');
});
