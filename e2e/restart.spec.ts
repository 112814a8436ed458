import { writeFileSync } from 'node:fs';
import type { LinesPageJson } from '../core/contract';
import { expect, test, type Deployment } from './support/deployment';
import { SessionsPage, TOKEN } from './support/fixtures';
import { isAlive, sessionProcesses } from './support/processes';

// Sessions outlive the web server (issue 11): each test runs `npm start` of its own, on its own
// data directory, and stops, crashes or rebuilds it under a running session. The session host
// daemon that `npm start` brings up holds the sessions; the tests find it, and the sessions'
// processes, in /proc (support/processes.ts), and leave none of them running (support/deployment.ts).

const LONG = 120_000;
const NUMBERED_LINES = 'for i in $(seq 1 1000); do echo $i; sleep 0.01; done';
const SEQ_OUTPUT = Array.from({ length: 1000 }, (_, i) => `${i + 1}\n`).join('');

/** `npm start`, then the numbered lines, 300 of them stored: the moment to crash things. */
async function numberedLinesUnderWay(deployment: Deployment) {
  const { api } = deployment;
  await deployment.start();
  const session = await api.createSession({ command: NUMBERED_LINES });
  await expect.poll(async () => (await api.readLines(session.id, { tail: 1 })).totalLines, { timeout: LONG }).toBeGreaterThanOrEqual(300);
  const daemons = deployment.daemons();
  expect(daemons, 'one session host daemon per data directory').toHaveLength(1);
  return { api, session, daemons };
}

const lineText = (line: LinesPageJson['lines'][number]) => line.segments.map((segment) => segment.text).join('');
const isCommandLine = (line: LinesPageJson['lines'][number]) => line.segments.some((segment) => segment.stream !== 'system');

test('kill -9 of the web server’s process group mid-output: the session runs on, completes with exit 0, and every line is stored once, in order', async ({
  deployment,
}) => {
  test.setTimeout(4 * LONG);
  const { api, session, daemons } = await numberedLinesUnderWay(deployment);

  await deployment.crash();
  // The daemon and the session live on, outside the server's group, and the output keeps reaching disk.
  expect(deployment.daemons()).toEqual(daemons);
  expect(sessionProcesses(session.id)).not.toEqual([]);
  const onDiskAtCrash = deployment.outputOnDisk(session.id).length;
  await expect.poll(() => deployment.outputOnDisk(session.id).length, { timeout: LONG }).toBeGreaterThan(onDiskAtCrash);

  await deployment.start();
  expect(deployment.daemons(), 'the restarted server uses the running daemon').toEqual(daemons);
  await expect.poll(async () => (await api.getSession(session.id)).status, { timeout: LONG }).not.toBe('running');
  expect(await api.getSession(session.id)).toMatchObject({ status: 'completed', endReason: 'exited', exitCode: 0, signal: null });

  const { lines } = await api.readLines(session.id, { tail: 5000 });
  const commandLines = lines.filter(isCommandLine);
  expect(commandLines.map(lineText)).toEqual(SEQ_OUTPUT.trimEnd().split('\n'));
  expect(commandLines.flatMap((line) => line.segments.map((segment) => segment.stream))).toEqual(Array(1000).fill('stdout'));
  const download = await fetch(api.downloadUrl(session.id), { headers: { authorization: `Bearer ${TOKEN}` } });
  expect(download.status).toBe(200);
  expect(await download.text(), 'Download: the exact bytes the command wrote').toBe(SEQ_OUTPUT);
  expect(deployment.outputOnDisk(session.id)).toBe(SEQ_OUTPUT);
});

// Two ways the end reaches the restarted server: from the daemon that saw it, still running, or
// from the store alone, the daemon having exited meanwhile for want of anything to do.
for (const daemon of ['still running', 'gone idle'] as const) {
  test(`a session that exits with code 3 while the web server is down is recorded failed, exit 3, at the time it ended (daemon ${daemon})`, async ({
    deployment,
  }) => {
    test.setTimeout(3 * LONG);
    const { api } = deployment;
    deployment.env.ACTIVE_SESSIONS_HOST_IDLE_MS = daemon === 'gone idle' ? '500' : String(60 * 60_000);
    await deployment.start();
    // It ends when the test says so, once the server is down: a gate file, not a race against a sleep.
    const gate = test.info().outputPath('gate');
    const session = await api.createSession({ command: 'while [ ! -e "$GATE" ]; do sleep 0.05; done; exit 3', env: { GATE: gate } });
    await expect.poll(() => sessionProcesses(session.id)).not.toEqual([]);
    const daemons = deployment.daemons();
    // An agent's `active-sessions wait` on it, from before the crash until after the restart: it
    // has seen the session running when the server goes down.
    const waiting = deployment.cli(['wait', session.id]);
    await expect.poll(waiting.stderr).toContain(`${session.id} running`);

    await deployment.crash();
    const crashedAt = Date.now();
    await expect.poll(waiting.stderr, { timeout: LONG }).toContain(': waiting for it to come back\n');
    writeFileSync(gate, '');
    await expect.poll(() => sessionProcesses(session.id), { timeout: LONG }).toEqual([]);
    await expect.poll(() => deployment.daemons(), { timeout: LONG }).toEqual(daemon === 'gone idle' ? [] : daemons);
    const restartedAt = Date.now();

    await deployment.start();
    await expect.poll(async () => (await api.getSession(session.id)).status, { timeout: LONG }).not.toBe('running');
    const ended = await api.getSession(session.id);
    expect(ended).toMatchObject({ status: 'failed', endReason: 'exited', exitCode: 3, signal: null });
    expect(Date.parse(ended.endedAt ?? '')).toBeGreaterThanOrEqual(crashedAt);
    expect(Date.parse(ended.endedAt ?? '')).toBeLessThanOrEqual(restartedAt);
    const { lines } = await api.readLines(session.id, { tail: 1 });
    expect(lines.map(lineText)).toEqual(['exited with code 3']);
    expect(await waiting.code, waiting.stderr()).toBe(3);
    expect(waiting.stderr()).toMatch(new RegExp(`\\n${session.id} .*3.*\\n$`));
  });
}

test('SIGTERM to npm start, rebuild, start: a running session is still running, live on the page, and Kill there ends its whole tree', async ({
  deployment,
  page,
}) => {
  test.setTimeout(12 * LONG);
  const { api } = deployment;
  // The rebuild happens in a copy of the app: the other tests' server keeps its own build.
  deployment.runFromCopyOfApp();
  await deployment.start();
  // A tree: the loop's shell, its sleeps, and a process that left for a session of its own.
  const session = await api.createSession({ name: 'survivor', command: 'setsid sleep 600 & while :; do echo tick; sleep 0.1; done' });
  await expect.poll(() => sessionProcesses(session.id).length).toBeGreaterThanOrEqual(2);

  // SIGTERM to npm's pid stops the whole web server (stop() waits for every process of its group)…
  await deployment.stop();
  // …and nothing of the session.
  expect(sessionProcesses(session.id).length).toBeGreaterThanOrEqual(2);
  await deployment.build();
  await deployment.start();
  expect(await api.getSession(session.id)).toMatchObject({ status: 'running', endReason: null });

  await page.goto(`${deployment.base}/login?token=${TOKEN}`);
  const sessionsPage = new SessionsPage(page);
  await sessionsPage.open(`${deployment.base}/sessions/${session.id}`);
  await expect(sessionsPage.detailTitle).toHaveText('survivor');
  // Live again: lines the loop prints now arrive while the page is open.
  const shown = await sessionsPage.totalLines();
  await expect.poll(() => sessionsPage.totalLines(), { timeout: LONG }).toBeGreaterThan(shown + 5);

  await sessionsPage.killButtonIn('detail', 'survivor').click();
  const dialog = page.getByRole('alertdialog');
  await dialog.getByRole('button', { name: 'Kill session' }).click();
  await expect(sessionsPage.rowById(session.id)).toContainText('Failed', { timeout: LONG });
  expect(await api.getSession(session.id)).toMatchObject({ status: 'failed', endReason: 'killed' });
  await expect.poll(() => sessionProcesses(session.id), { timeout: LONG }).toEqual([]);
});

test('kill -9 of the web server’s group and of the session host: the command runs on into its files, the next host takes it over, and not a line is lost', async ({
  deployment,
}) => {
  test.setTimeout(4 * LONG);
  const { api, session, daemons } = await numberedLinesUnderWay(deployment);

  await deployment.crash();
  process.kill(daemons[0], 'SIGKILL');
  await expect.poll(() => isAlive(daemons[0])).toBe(false);
  // Nobody stands between the command and its files: it writes on with no host at all.
  expect(sessionProcesses(session.id)).not.toEqual([]);
  const onDiskAtCrash = deployment.outputOnDisk(session.id).length;
  await expect.poll(() => deployment.outputOnDisk(session.id).length, { timeout: LONG }).toBeGreaterThan(onDiskAtCrash);

  await deployment.start();
  const [daemon] = deployment.daemons();
  expect(daemon).not.toBe(daemons[0]);
  await expect.poll(async () => (await api.getSession(session.id)).status, { timeout: LONG }).not.toBe('running');
  expect(await api.getSession(session.id)).toMatchObject({ status: 'failed', endReason: 'interrupted', exitCode: null, signal: null });
  const { lines } = await api.readLines(session.id, { tail: 5000 });
  expect(lines.filter(isCommandLine).map(lineText)).toEqual(SEQ_OUTPUT.trimEnd().split('\n'));
  expect(lineText(lines[lines.length - 1])).toBe('ended while its session host was not its parent: its exit status is unknown');
  expect(deployment.outputOnDisk(session.id)).toBe(SEQ_OUTPUT);
});

test('a reboot-like loss — server, daemon and the session’s processes all killed, no exit status anywhere — ends the session failed / interrupted', async ({
  deployment,
}) => {
  test.setTimeout(3 * LONG);
  const { api } = deployment;
  await deployment.start();
  const session = await api.createSession({ command: 'sleep 600 & wait' });
  await expect.poll(() => sessionProcesses(session.id).length).toBeGreaterThanOrEqual(2);
  const daemons = deployment.daemons();
  expect(daemons).toHaveLength(1);

  await deployment.crash();
  // The daemon first, so that nobody is left to hear how the session's processes end.
  process.kill(daemons[0], 'SIGKILL');
  await expect.poll(() => isAlive(daemons[0])).toBe(false);
  for (const pid of sessionProcesses(session.id)) process.kill(pid, 'SIGKILL');
  await expect.poll(() => sessionProcesses(session.id)).toEqual([]);

  await deployment.start();
  const [daemon] = deployment.daemons();
  expect(daemon, 'npm start brought up a new daemon').toBeDefined();
  expect(daemon).not.toBe(daemons[0]);
  await expect.poll(async () => (await api.getSession(session.id)).status, { timeout: LONG }).not.toBe('running');
  expect(await api.getSession(session.id)).toMatchObject({ status: 'failed', endReason: 'interrupted', exitCode: null });
});

test('after a restart, `active-sessions kill --all` ends every session the server adopted, each with its whole tree', async ({ deployment }) => {
  test.setTimeout(2 * LONG);
  const { api } = deployment;
  await deployment.start();
  const sessions = [await api.createSession({ command: 'sleep 600' }), await api.createSession({ command: 'setsid sleep 600 & sleep 600 & wait' })];
  await expect.poll(() => sessions.map((session) => sessionProcesses(session.id).length > 0)).toEqual([true, true]);
  await deployment.crash();
  await deployment.start();

  const killing = deployment.cli(['kill', '--all', '--grace', '1s']);
  expect(await killing.code, killing.stderr()).toBe(0);
  expect(killing.stderr()).toMatch(/killed 2 session\(s\); none is running\n$/);
  for (const { id } of sessions) {
    expect(await api.getSession(id)).toMatchObject({ status: 'failed', endReason: 'killed' });
    await expect.poll(() => sessionProcesses(id), { timeout: LONG }).toEqual([]);
  }
});

test('a server that could only answer 500s does not start, and says why', async ({ deployment }) => {
  const { code, output } = await deployment.startExpectingExit({ ACTIVE_SESSIONS_TOKEN: 'too-short' });
  expect(code).toBe(1);
  expect(output).toContain('[active-sessions] cannot start: ACTIVE_SESSIONS_TOKEN must be at least 16 characters long');
});
