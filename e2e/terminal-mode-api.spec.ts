import { createClient, type ActiveSessionsClient } from '../client';
import type { SessionJson } from '../core/contract';
import { expect, test } from './support/deployment';
import { TOKEN } from './support/fixtures';
import { attachCli } from './support/attach';
import { sessionProcesses } from './support/processes';

// Terminal mode (issue 12) at the API, against the production build: each check of the issue that
// an agent or a script can make without the page. The last one runs an `npm start` of its own and
// kills its process group under a running terminal session.

const LONG = 60_000;

async function outputText(api: ActiveSessionsClient, id: string): Promise<string> {
  const { chunks } = await api.readOutput(id, { limit: 1000 });
  return chunks
    .filter((chunk) => chunk.stream !== 'system')
    .map((chunk) => chunk.text)
    .join('');
}

async function ended(api: ActiveSessionsClient, id: string): Promise<SessionJson> {
  await expect.poll(async () => (await api.getSession(id)).status, { timeout: LONG }).not.toBe('running');
  return api.getSession(id);
}

const client = (baseURL: string | undefined) => createClient({ baseUrl: baseURL as string, token: TOKEN });

test.describe('terminal mode through the API', () => {
  test('the command sees a terminal of the size asked for; pipe mode does not', async ({ baseURL }) => {
    const api = client(baseURL);
    const command = 'python3 -c "import sys; print(sys.stdout.isatty())"; tput cols';
    const tty = await api.createSession({ command, tty: true, cols: 100, rows: 30 });
    expect(tty).toMatchObject({ tty: true, cols: 100, rows: 30, waitingForInput: false });
    expect(await ended(api, tty.id)).toMatchObject({ status: 'completed', exitCode: 0 });
    expect(await outputText(api, tty.id)).toBe('True\r\n100\r\n');
    const pipe = await api.createSession({ command });
    expect(pipe).toMatchObject({ tty: false, cols: null, rows: null });
    await ended(api, pipe.id);
    expect(await outputText(api, pipe.id)).toMatch(/^False\n/);
  });

  test('a prompt shows, is marked waiting for input (in the list too), and "yes" + enter answers it', async ({ baseURL }) => {
    const api = client(baseURL);
    const { id } = await api.createSession({ command: 'read -p "continue? " x; echo got $x', tty: true });
    await expect.poll(async () => (await api.getSession(id)).waitingForInput, { timeout: LONG }).toBe(true);
    const listed = (await api.listSessions({ status: 'running' })).sessions.find((session) => session.id === id);
    expect(listed?.waitingForInput).toBe(true);
    expect((await api.getScreen(id)).lines[0]).toBe('continue? ');
    expect(await api.sendInput(id, { text: 'yes', keys: ['enter'] })).toEqual({ ok: true });
    expect(await ended(api, id)).toMatchObject({ status: 'completed', exitCode: 0, waitingForInput: false });
    expect(await outputText(api, id)).toBe('continue? yes\r\ngot yes\r\n');
    expect((await api.getScreen(id)).lines.slice(0, 3)).toEqual(['continue? yes', 'got yes', '']);
  });

  test('tput cols follows a resize, and the session says its new size', async ({ baseURL }) => {
    const api = client(baseURL);
    const { id } = await api.createSession({ command: 'trap "tput cols" WINCH; echo ready; while :; do sleep 0.1; done', tty: true });
    await expect.poll(() => outputText(api, id), { timeout: LONG }).toContain('ready');
    await api.resizeTerminal(id, { cols: 133, rows: 40 });
    await expect.poll(() => outputText(api, id), { timeout: LONG }).toContain('133');
    expect(await api.getSession(id)).toMatchObject({ cols: 133, rows: 40 });
    expect(await api.getScreen(id)).toMatchObject({ cols: 133, rows: 40 });
    await api.sendInput(id, { keys: ['ctrl-c'] });
    await ended(api, id);
  });

  test('a block-buffered printf loop streams live; ctrl-c interrupts sleep 100', async ({ baseURL }) => {
    const api = client(baseURL);
    const { id } = await api.createSession({
      command: `perl -e 'for (1..3) { printf "tick %d\\n", $_; sleep 1 }'; sleep 100`,
      tty: true,
    });
    // Piped, perl would hold its ticks until it ends; on a terminal the first comes while it runs.
    await expect.poll(() => outputText(api, id), { timeout: LONG }).toContain('tick 1');
    expect(await outputText(api, id)).not.toContain('tick 3');
    await expect.poll(() => outputText(api, id), { timeout: LONG }).toContain('tick 3');
    expect((await api.getSession(id)).status).toBe('running');
    await api.sendInput(id, { keys: ['ctrl-c'] });
    // `script` reports a command killed by signal N as exit code 128 + N, as a shell's $? does,
    // and so does the session: the signal itself is not known (an `exit 130` looks the same).
    expect(await ended(api, id)).toMatchObject({ status: 'failed', endReason: 'exited', exitCode: 130, signal: null });
  });

  test('input and screen are refused for a pipe-mode session, and for an unknown one', async ({ baseURL }) => {
    const api = client(baseURL);
    const { id } = await api.createSession({ command: 'sleep 30' });
    await expect(api.sendInput(id, { text: 'x' })).rejects.toMatchObject({ status: 409 });
    await expect(api.getScreen(id)).rejects.toMatchObject({ status: 409 });
    await expect(api.resizeTerminal('nosuchsession', { cols: 80, rows: 24 })).rejects.toMatchObject({ status: 404 });
    await expect(api.sendInput(id, {})).rejects.toMatchObject({ status: 400 });
    await api.killSession(id, { graceMs: 0 });
  });
});

test('kill -9 of the web server’s process group: a terminal session runs on, is attached to again, takes input after the restart, and its screen is intact', async ({ deployment }) => {
  test.setTimeout(4 * LONG);
  const { api } = deployment;
  await deployment.start();
  const command = 'printf "\\033[2J\\033[Htop line\\033[5;10Hat 5,10"; read -p "" x; echo; echo got $x';
  const session = await api.createSession({ command, tty: true, cols: 40, rows: 8 });
  await expect.poll(async () => (await api.getSession(session.id)).waitingForInput, { timeout: LONG }).toBe(true);
  const before = await api.getScreen(session.id);
  expect(before.lines[0]).toBe('top line');
  expect(before.lines[4]).toBe('         at 5,10');

  await deployment.crash();
  expect(sessionProcesses(session.id)).not.toEqual([]);
  await deployment.start();

  expect(await api.getSession(session.id)).toMatchObject({ status: 'running', waitingForInput: true });
  expect(await api.getScreen(session.id)).toEqual(before);
  // Attached to again from a terminal (of the session's size): its screen is drawn as it was.
  const cli = attachCli(api.baseUrl, session.id, { cols: 40, rows: 8 });
  await expect.poll(async () => (await cli.screen()).slice(0, 5), { timeout: LONG }).toEqual(['top line', '', '', '', '         at 5,10']);
  cli.type('\x1d');
  expect(await cli.exit).toBe(0);
  await api.sendInput(session.id, { text: 'after', keys: ['enter'] });
  await expect.poll(async () => (await api.getSession(session.id)).status, { timeout: LONG }).toBe('completed');
  expect((await api.getScreen(session.id)).lines.slice(4, 7)).toEqual(['         at 5,10after', '', 'got after']);
});
