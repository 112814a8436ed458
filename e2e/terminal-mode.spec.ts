import type { Page } from '@playwright/test';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test, type Api, type ApiSession } from './support/fixtures';

// Terminal sessions on the page: the Screen view drawn by xterm.js, input only after "Take control".

/** The Screen view: xterm's rows as text, and the frame that says who has the keyboard. */
function screen(page: Page) {
  const frame = page.getByTestId('screen');
  return {
    frame,
    rows: frame.locator('.xterm-rows'),
    rowsWith: (text: string) => frame.locator('.xterm-rows > div').filter({ hasText: text }),
    take: page.getByRole('button', { name: 'Take control' }),
    typing: page.getByRole('status').filter({ hasText: 'You are typing into this session' }),
  };
}

async function launchTty(api: Api, command: string, name: string): Promise<ApiSession> {
  return api.launch(command, { name, tty: true });
}

async function ended(api: Api, session: ApiSession) {
  await expect.poll(async () => (await api.get(session.id)).status, { timeout: 15_000 }).not.toBe('running');
  return api.get(session.id);
}

test.afterEach(async ({ api }) => api.killAll());

test('a prompt launched from the form shows on the Screen, is marked waiting, and is answered by typing after Take control', async ({
  page,
  api,
  sessionsPage,
}) => {
  await sessionsPage.open();
  await page.getByRole('button', { name: 'New session' }).click();
  const form = page.getByRole('form', { name: 'New session' });
  await form.getByLabel('Command').fill('read -p "continue? " x; echo got $x');
  await form.getByLabel('Name').fill('prompt');
  await form.getByRole('switch', { name: 'Terminal' }).click();
  await expect(form.getByText('stdout and stderr become one stream')).toBeVisible();
  await form.getByRole('button', { name: 'Run' }).click();

  const view = screen(page);
  await expect(page.getByRole('tab', { name: 'Screen' })).toHaveAttribute('aria-selected', 'true');
  await expect(view.rows).toContainText('continue?');
  const id = /\/sessions\/([^/#?]+)/.exec(page.url())![1];
  expect((await api.get(id)).tty).toBe(true);
  await expect(page.locator('section[aria-labelledby="session-title"]').getByTestId('waiting-for-input')).toBeVisible({ timeout: 15_000 });
  await expect(sessionsPage.rowById(id).getByTestId('waiting-for-input')).toBeVisible({ timeout: 15_000 });

  // Without control, keys typed on the screen reach nothing: the terminal would echo them, and
  // `read` would take them as its answer before the "yes" below.
  await view.frame.click();
  await page.keyboard.type('oops');
  await page.keyboard.press('Enter');
  await expect(view.frame).toHaveAttribute('data-controlling', 'false');

  await view.take.click();
  await expect(view.typing).toBeVisible();
  await expect(view.frame).toHaveAttribute('data-controlling', 'true');
  await sessionsPage.screenshot('terminal-mode-control');
  await page.keyboard.type('yes');
  await page.keyboard.press('Enter');
  await expect(view.rows).toContainText('got yes');
  await expect(view.rows).not.toContainText('oops');
  const session = await ended(api, { id } as ApiSession);
  expect(session.exitCode).toBe(0);
  const text = (await api.client.readOutput(id)).chunks.map((chunk) => chunk.text).join('');
  expect(text).not.toContain('oops');
  // Control ends with the session.
  await expect(view.typing).toBeHidden();
  await expect(page.getByTestId('waiting-for-input')).toHaveCount(0);
});

test('Esc Esc and a click outside give control back; keys typed then reach nothing', async ({ page, api, sessionsPage }) => {
  const session = await launchTty(api, 'cat', 'echo back');
  await sessionsPage.open(`/sessions/${session.id}`);
  const view = screen(page);
  await expect(page.getByTestId('connection')).toHaveAttribute('data-connection', 'live');

  await view.take.click();
  await page.keyboard.type('first\n');
  // The terminal echoes the line, then cat writes it back: twice.
  await expect(view.rowsWith('first')).toHaveCount(2);
  await page.keyboard.press('Escape');
  await page.keyboard.press('Escape');
  await expect(view.typing).toBeHidden();
  await expect(view.take).toBeFocused();
  // Clicking the screen again puts the keyboard there, but gives no control back.
  await view.frame.click();
  await page.keyboard.type('leak1\n');

  await view.take.click();
  await expect(view.typing).toBeVisible();
  await page.getByRole('heading', { name: 'Active Sessions' }).click();
  await expect(view.typing).toBeHidden();
  await page.keyboard.type('leak2\n');

  await view.take.click();
  await page.keyboard.type('last\n');
  await expect(view.rowsWith('last')).toHaveCount(2);
  await expect(view.rows).not.toContainText('leak');
});

test('Ctrl-C from the page interrupts sleep 100', async ({ page, api, sessionsPage }) => {
  const session = await launchTty(api, 'sleep 100', 'sleeper');
  await sessionsPage.open(`/sessions/${session.id}`);
  const view = screen(page);
  await expect(page.getByTestId('connection')).toHaveAttribute('data-connection', 'live');
  await view.take.click();
  await expect(view.typing).toBeVisible();
  await page.keyboard.press('Control+c');
  const done = await ended(api, session);
  expect(done).toMatchObject({ status: 'failed', endReason: 'exited', exitCode: 130 });
  await expect(page.getByTestId('connection')).toHaveAttribute('data-connection', 'ended');
});

test('the header, the row and the control indicator learn the end from the Screen\'s stream, not from the next poll', async ({
  page,
  api,
  sessionsPage,
}) => {
  const session = await launchTty(api, 'read -p "go? " x; echo "got $x"', 'ends now');
  await sessionsPage.open(`/sessions/${session.id}`);
  const view = screen(page);
  await expect(view.rows).toContainText('go?');
  await view.take.click();
  await expect(view.typing).toBeVisible();
  // Answer right after one of the header's polls: the next is 3 s away, so only the stream's end
  // can bring the news within the short timeouts below.
  await page.waitForResponse((response) => new URL(response.url()).pathname === `/api/sessions/${session.id}`);
  await page.keyboard.type('yes\n');
  await expect(page.getByTestId('connection')).toHaveAttribute('data-connection', 'ended');
  const soon = { timeout: 1500 };
  await expect(page.locator('#session-title + [data-status]')).toHaveAttribute('data-status', 'completed', soon);
  await expect(page.locator('section[aria-labelledby="session-title"] header').getByRole('button', { name: /^Kill / })).toHaveCount(0, soon);
  await expect(sessionsPage.rowById(session.id)).toContainText('Completed', soon);
  await expect(view.typing).toBeHidden(soon);
  await expect(page.getByTestId('waiting-for-input')).toHaveCount(0, soon);
});

test('top renders on the Screen, sized to the panel', async ({ page, api, sessionsPage }) => {
  // A panel wide enough for top's 78-column process header, COMMAND included.
  await page.setViewportSize({ width: 1440, height: 720 });
  const session = await launchTty(api, 'top -d 1', 'top');
  await sessionsPage.open(`/sessions/${session.id}`);
  const view = screen(page);
  await expect(view.rows).toContainText('load average');
  await expect(view.rows).toContainText('PID');
  await expect(view.rows).toContainText('COMMAND');
  // The session takes the size the panel gives the terminal, and top redraws to it.
  const shown = (await page.getByTitle("The terminal's size in columns × rows").textContent())!;
  const [cols, rows] = shown.split('×').map(Number);
  await expect.poll(async () => {
    const current = await api.get(session.id);
    return `${current.cols}×${current.rows}`;
  }).toBe(`${cols}×${rows}`);
  // The last row is whole inside the frame, not cut by its edge.
  const frame = (await view.frame.boundingBox())!;
  const last = (await view.rows.locator('> div').last().boundingBox())!;
  expect(last.y + last.height).toBeLessThanOrEqual(frame.y + frame.height);
  // Each refresh of top draws "top - hh:mm:ss": wait for one drawn after the resize.
  const first = await view.rows.locator('div').first().textContent();
  await expect.poll(async () => view.rows.locator('div').first().textContent(), { timeout: 10_000 }).not.toBe(first);
  await sessionsPage.screenshot('terminal-mode-top');
});

test('a terminal session from the form starts at the size the Screen view last had, not at 120 columns', async ({ page, api, sessionsPage }) => {
  const first = await launchTty(api, 'sleep 300', 'sized by its panel');
  await sessionsPage.open(`/sessions/${first.id}`);
  await expect.poll(async () => (await api.get(first.id)).cols, { timeout: 15_000 }).not.toBe(120);
  const fitted = await api.get(first.id);

  await page.getByRole('button', { name: 'New session' }).click();
  const form = page.getByRole('form', { name: 'New session' });
  await form.getByLabel('Command').fill('echo "size $(tput cols)x$(tput lines)"; sleep 300');
  await form.getByRole('switch', { name: 'Terminal' }).click();
  await form.getByRole('button', { name: 'Run' }).click();
  await expect(page).not.toHaveURL(new RegExp(`/sessions/${first.id}`));
  const id = /\/sessions\/([^/#?]+)/.exec(page.url())![1];
  // What the program saw when it started, before the page had fitted anything.
  await expect
    .poll(async () => (await api.client.readLines(id, { tail: 5 })).lines.map((line) => line.segments.map((s) => s.text).join('')).join('\n'))
    .toContain(`size ${fitted.cols}x${fitted.rows}`);
});

test('less pages through its input and takes keys as a terminal sends them', async ({ page, api, sessionsPage }) => {
  const session = await launchTty(api, 'seq 1 1000 | less', 'less');
  await sessionsPage.open(`/sessions/${session.id}`);
  const view = screen(page);
  await expect(view.rowsWith('1')).not.toHaveCount(0);
  await expect(view.rows).not.toContainText('1000');
  await view.take.click();
  await page.keyboard.press('Shift+G');
  await expect(view.rows).toContainText('1000');
  await expect(view.rows).toContainText('(END)');
  await page.keyboard.press('q');
  expect((await ended(api, session)).exitCode).toBe(0);
});

test('vim edits a file: a lone Escape reaches it, after the moment that tells it from Esc Esc', async ({ page, api, sessionsPage }) => {
  test.skip(spawnSync('vim', ['--version']).status !== 0, 'vim is not installed');
  const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'tty-vim-')), 'note.txt');
  const session = await launchTty(api, `vim -u NONE -N ${file}`, 'vim');
  await sessionsPage.open(`/sessions/${session.id}`);
  const view = screen(page);
  // vim's empty buffer: a column of tildes (its "[New]" message goes when the resize redraws).
  await expect.poll(async () => view.rowsWith('~').count()).toBeGreaterThan(10);
  await view.take.click();
  await page.keyboard.type('ihello from the page');
  await expect(view.rows).toContainText('-- INSERT --');
  await page.keyboard.press('Escape');
  await expect(view.rows).not.toContainText('-- INSERT --');
  await expect(view.rows).toContainText('hello from the page');
  await sessionsPage.screenshot('terminal-mode-vim');
  await page.keyboard.type(':wq\n');
  expect((await ended(api, session)).exitCode).toBe(0);
  expect(readFileSync(file, 'utf8')).toBe('hello from the page\n');
});

test('a long output opens on the current screen, not a replay of all of it, colours kept, and goes on live', async ({ page, api, sessionsPage }) => {
  // The size the panel gives a terminal: the session runs at it, so its screen is drawn as it is.
  const probe = await launchTty(api, 'sleep 300', 'probe');
  await sessionsPage.open(`/sessions/${probe.id}`);
  await expect.poll(async () => (await api.get(probe.id)).cols, { timeout: 15_000 }).not.toBe(120);
  const { cols, rows } = await api.get(probe.id);
  // About 5.4 MB through the terminal: past what the view replays.
  const command = `seq 1 700000; printf '\\033[31mred line\\033[0m\\n'; read -p "big? " x; echo "answer $x"`;
  const session = await api.launch(command, { name: 'long output', tty: true, cols: cols!, rows: rows! });
  await expect.poll(async () => (await api.get(session.id)).waitingForInput, { timeout: 30_000 }).toBe(true);
  const screenReads: string[] = [];
  page.on('request', (request) => request.url().endsWith('/screen') && screenReads.push(request.url()));
  await sessionsPage.open(`/sessions/${session.id}`);
  const view = screen(page);
  await expect(view.rows).toContainText('699999');
  await expect(view.rows).toContainText('big?');
  await expect(view.rowsWith('red line').locator('span.xterm-fg-1')).toHaveText('red line');
  expect(screenReads).toHaveLength(1);
  await view.take.click();
  await page.keyboard.type('yes\n');
  await expect(view.rows).toContainText('answer yes');
});
