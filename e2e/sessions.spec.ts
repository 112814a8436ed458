import { expect, test } from './support/fixtures';

// One list refresh (5 s) and a little slack for the request itself.
const ONE_LIST_REFRESH = 6500;
// One output poll (3 s) and slack.
const ONE_OUTPUT_POLL = 4500;

test.describe.configure({ mode: 'serial' });

test.beforeEach(async ({ api }) => {
  await api.killAll();
  await api.clearFinished();
});

test('the sidebar leads to Active Sessions, under Build, and / opens it', async ({ page, sessionsPage }) => {
  await sessionsPage.open('/');
  await expect(page).toHaveURL(/\/sessions$/);
  const nav = page.getByRole('navigation', { name: 'Main' });
  await expect(nav.getByText('Build')).toBeVisible();
  const entry = nav.getByRole('link', { name: 'Active Sessions' });
  await expect(entry).toHaveAttribute('aria-current', 'page');
  await expect(entry.locator('svg')).toBeVisible();
  await expect(page.getByRole('heading', { name: 'No sessions yet' })).toBeVisible();
  await sessionsPage.screenshot('empty-light');
});

test('a session launched through the API appears within one refresh, and its badge moves to Completed / Failed', async ({
  page,
  api,
  sessionsPage,
}) => {
  await sessionsPage.open();
  // Long enough to be seen running at the first refresh, whenever it comes.
  const ok = await api.launch('sleep 8; echo finished', { name: 'will complete' });
  const bad = await api.launch('sleep 8; exit 3', { name: 'will fail' });
  const okRow = sessionsPage.rowById(ok.id);
  const badRow = sessionsPage.rowById(bad.id);
  await expect(okRow).toBeVisible({ timeout: ONE_LIST_REFRESH });
  await expect(okRow).toContainText('Running');
  await expect(okRow).toContainText('sleep 8; echo finished');
  await expect(okRow.getByLabel(/^running for/)).toHaveText(/^\d+s$/);
  await expect(okRow).toContainText('Completed', { timeout: 8000 + ONE_LIST_REFRESH });
  await expect(badRow).toContainText('Failed', { timeout: ONE_LIST_REFRESH });
  await expect(badRow).toContainText('exit 3');
  await expect(page.locator('[data-status="failed"]').first()).toBeVisible();
});

test('output streams into the terminal, auto-scroll follows, scrolling up stops it and "jump to latest" resumes', async ({
  page,
  api,
  sessionsPage,
}) => {
  const session = await api.launch('for i in $(seq 1 400); do echo "building step $i"; sleep 0.02; done; sleep 30', {
    name: 'streaming build',
  });
  await sessionsPage.open(`/sessions/${session.id}`);
  const terminal = sessionsPage.terminal;
  await expect(terminal).toContainText('building step 1', { timeout: ONE_OUTPUT_POLL });
  await expect(terminal).toContainText('building step 400', { timeout: 8000 + ONE_OUTPUT_POLL });

  const distanceFromBottom = () => terminal.evaluate((el) => el.scrollHeight - el.scrollTop - el.clientHeight);
  expect(await distanceFromBottom()).toBeLessThanOrEqual(24);
  await expect(terminal).toHaveAttribute('data-following', 'true');
  await sessionsPage.screenshot('terminal-light');

  // A second burst: the person scrolls up to read while it streams.
  const more = await api.launch('for i in $(seq 1 400); do echo "line $i"; sleep 0.04; done; sleep 30', { name: 'second burst' });
  await sessionsPage.open(`/sessions/${more.id}`);
  // Enough to overflow the terminal, with more still to come.
  await expect.poll(() => sessionsPage.totalLines(), { timeout: 2 * ONE_OUTPUT_POLL }).toBeGreaterThan(40);
  // The wheel stops the following at once; then to the very top.
  await terminal.hover();
  await page.mouse.wheel(0, -400);
  await terminal.evaluate((el) => el.scrollTo({ top: 0 }));
  await expect(terminal).toHaveAttribute('data-following', 'false');
  const jump = page.getByRole('button', { name: /new lines? — jump to latest/ });
  await expect(jump).toBeVisible({ timeout: 2 * ONE_OUTPUT_POLL });
  expect(await terminal.evaluate((el) => el.scrollTop)).toBe(0);
  await jump.click();
  await expect(terminal).toHaveAttribute('data-following', 'true');
  expect(await distanceFromBottom()).toBeLessThanOrEqual(24);
  await expect(jump).toBeHidden();

  // The terminal scrolls itself to the end, and the view gets shorter before the scroll event reports
  // it (a window resized mid-frame, as on a loaded machine): the following must not stop, not even
  // for a frame.
  const flips = await terminal.evaluate(
    (element) =>
      new Promise<string[]>((resolve) => {
        const values: string[] = [];
        new MutationObserver(() => values.push(element.dataset.following!)).observe(element, { attributeFilter: ['data-following'] });
        const top = element.scrollTop;
        // Runs after React's layout effects: the terminal has written scrollTop, and no scroll event has been dispatched yet.
        const afterCommit = new MutationObserver(() => {
          if (element.scrollTop === top) return;
          afterCommit.disconnect();
          element.style.bottom = '240px';
          let frames = 5;
          const tick = () => (--frames > 0 ? requestAnimationFrame(tick) : resolve(values));
          requestAnimationFrame(tick);
        });
        afterCommit.observe(element, { childList: true, subtree: true, characterData: true });
      }),
  );
  expect(flips).toEqual([]);
  expect(await distanceFromBottom()).toBeLessThanOrEqual(24);
  await terminal.evaluate((element) => (element.style.bottom = ''));

  // A taller window moves the scroll position up too, and a shorter one the bottom edge of the view;
  // neither is a reason to stop following, even right after the person scrolled.
  const size = page.viewportSize()!;
  for (const height of [size.height + 240, size.height]) {
    const before = await sessionsPage.totalLines();
    await terminal.press('Shift');
    await page.setViewportSize({ width: size.width, height });
    await expect.poll(() => sessionsPage.totalLines(), { timeout: 2 * ONE_OUTPUT_POLL }).toBeGreaterThan(before + 10);
    await expect(terminal).toHaveAttribute('data-following', 'true');
    expect(await distanceFromBottom()).toBeLessThanOrEqual(24);
  }
});

test('Kill asks first: Cancel leaves it running, Confirm kills it without a reload', async ({ page, api, sessionsPage }) => {
  const session = await api.launch('sleep 300', { name: 'stuck job' });
  await sessionsPage.open(`/sessions/${session.id}`);
  await expect(sessionsPage.detailTitle).toHaveText('stuck job');

  await sessionsPage.killButtonIn('detail', 'stuck job').click();
  const dialog = page.getByRole('alertdialog');
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText('Kill “stuck job”?');
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(dialog).toBeHidden();
  expect((await api.get(session.id)).status).toBe('running');

  // Escape cancels too, from the row's own Kill button.
  await sessionsPage.killButtonIn('row', 'stuck job').click();
  await expect(dialog).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  expect((await api.get(session.id)).status).toBe('running');

  await sessionsPage.killButtonIn('detail', 'stuck job').click();
  await sessionsPage.screenshot('kill-dialog-light');
  await dialog.getByRole('button', { name: 'Kill session' }).click();
  const row = sessionsPage.rowById(session.id);
  await expect(row).toContainText('Failed', { timeout: 4000 });
  await expect(row).toContainText('killed');
  await expect(sessionsPage.terminal).toContainText('killed by user (SIGTERM)', { timeout: ONE_OUTPUT_POLL });
  await expect(sessionsPage.killButtonIn('detail', 'stuck job')).toHaveCount(0);
  expect(await api.get(session.id)).toMatchObject({ status: 'failed', endReason: 'killed' });
});

test('a session that its own time limit stopped says "timed out", in its row and its detail, not "killed"', async ({ page, api, sessionsPage }) => {
  const session = await api.launch('sleep 30', { name: 'limited job', timeout: 1 });
  await sessionsPage.open(`/sessions/${session.id}`);
  const row = sessionsPage.rowById(session.id);
  await expect(row).toContainText('timed out', { timeout: 15_000 });
  await expect(row).not.toContainText('killed');
  await expect(page.getByText('SIGTERM · timed out', { exact: true })).toBeVisible();
  await expect(page.getByRole('status').filter({ hasText: 'timed out after 1s' })).toBeVisible();
});

test('Clear Completed is hidden until something finished, then clears the finished rows and the selection', async ({
  page,
  api,
  sessionsPage,
}) => {
  const running = await api.launch('sleep 300', { name: 'keeps running' });
  await sessionsPage.open();
  await expect(sessionsPage.rowById(running.id)).toBeVisible();
  await expect(sessionsPage.clearCompleted).toHaveCount(0);

  const done = await api.launch('echo done', { name: 'quick one' });
  await expect(sessionsPage.rowById(done.id)).toContainText('Completed', { timeout: ONE_LIST_REFRESH });
  await sessionsPage.rowById(done.id).click();
  await expect(page).toHaveURL(new RegExp(`/sessions/${done.id}$`));
  await expect(sessionsPage.clearCompleted).toBeVisible();
  // It asks first: the output goes for good.
  await sessionsPage.clearCompleted.click();
  const dialog = page.getByRole('alertdialog');
  await expect(dialog).toContainText(/Clear \d+ finished sessions?\?/);
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(sessionsPage.rowById(done.id)).toBeVisible();
  await sessionsPage.clearCompleted.click();
  await dialog.getByRole('button', { name: /^Clear \d+ finished/ }).click();
  await expect(sessionsPage.rowById(done.id)).toHaveCount(0);
  await expect(sessionsPage.rowById(running.id)).toBeVisible();
  await expect(page).toHaveURL(/\/sessions$/);
  await expect(page.getByText('Select a session to see its output.')).toBeVisible();
  await expect(sessionsPage.clearCompleted).toHaveCount(0);
});

test('a deep link opens its session; selecting updates the URL; back and forward work', async ({ page, api, sessionsPage }) => {
  const first = await api.launch('echo first output', { name: 'first job' });
  const second = await api.launch('echo second output', { name: 'second job' });
  await sessionsPage.open(`/sessions/${first.id}`);
  await expect(sessionsPage.detailTitle).toHaveText('first job');
  await expect(sessionsPage.terminal).toContainText('first output');
  await expect(sessionsPage.rowById(first.id)).toHaveAttribute('aria-current', 'true');
  await expect(page).toHaveTitle(/first job/);

  await sessionsPage.rowById(second.id).click();
  await expect(page).toHaveURL(new RegExp(`/sessions/${second.id}$`));
  await expect(sessionsPage.detailTitle).toHaveText('second job');
  await expect(sessionsPage.terminal).toContainText('second output');

  await page.goBack();
  await expect(page).toHaveURL(new RegExp(`/sessions/${first.id}$`));
  await expect(sessionsPage.detailTitle).toHaveText('first job');
  await page.goForward();
  await expect(sessionsPage.detailTitle).toHaveText('second job');

  // The list is a list box for the keyboard: arrow keys move the selection.
  await sessionsPage.rowById(second.id).focus();
  await page.keyboard.press('ArrowDown');
  await expect(page).toHaveURL(new RegExp(`/sessions/${first.id}$`));
  await expect(sessionsPage.rowById(first.id)).toBeFocused();
  await page.keyboard.press('ArrowUp');
  await expect(page).toHaveURL(new RegExp(`/sessions/${second.id}$`));
});

test('an unknown id shows "session not found", not a crash', async ({ page, sessionsPage }) => {
  await sessionsPage.open('/sessions/does-not-exist');
  await expect(page.getByRole('heading', { name: 'Session not found' })).toBeVisible();
  await expect(page.getByText('does-not-exist')).toBeVisible();
  await page.getByRole('button', { name: 'All sessions' }).click();
  await expect(page).toHaveURL(/\/sessions$/);
});

test('the New session form launches a command and shows validation errors inline', async ({ page, sessionsPage }) => {
  await sessionsPage.open();
  await page.getByRole('button', { name: 'New session' }).click();
  const form = page.getByRole('form', { name: 'New session' });
  await form.getByLabel('Command').fill('   ');
  await form.getByLabel('Name').fill('kept name');
  await form.getByRole('button', { name: 'Run' }).click();
  await expect(form.getByText('command must not be empty')).toBeVisible();
  await expect(form.getByLabel('Command')).toHaveAttribute('aria-invalid', 'true');
  await expect(form.getByLabel('Name')).toHaveValue('kept name');

  await form.getByLabel('Command').fill('echo "from the form"');
  await form.getByLabel('Name').fill('');
  await form.getByRole('button', { name: 'Run' }).click();
  await expect(form).toBeHidden();
  await expect(sessionsPage.detailTitle).toHaveText('echo from the form');
  await expect(sessionsPage.terminal).toContainText('from the form', { timeout: ONE_OUTPUT_POLL });
  await expect(page).toHaveURL(/\/sessions\/[A-Za-z0-9_-]+$/);

  // A pasted script keeps its lines (Shift+Enter adds one by hand); Enter runs it.
  await page.getByRole('button', { name: 'New session' }).click();
  const command = form.getByLabel('Command');
  await command.fill('echo "first of two"\necho "second of two"');
  await command.press('Shift+Enter');
  await command.pressSequentially('echo "third, typed"');
  await command.press('Enter');
  await expect(form).toBeHidden();
  await expect(sessionsPage.terminal).toContainText('second of two', { timeout: ONE_OUTPUT_POLL });
  await expect(sessionsPage.terminal).toContainText('third, typed');
  await expect(sessionsPage.terminal).not.toContainText('first of two echo');
});

test('on a narrow screen a session gets the screen, and the list is one tap away', async ({ page, api, sessionsPage }) => {
  const session = await api.launch('seq 1 100', { name: 'phone check' });
  // A phone, and a tablet held upright: beside the sidebar, two panels side by side would leave
  // the terminal a few characters wide, and stacked ones a few lines high.
  for (const [width, height, shot] of [
    [390, 844, 'mobile-light'],
    [800, 1024, 'tablet-light'],
  ] as const) {
    await page.setViewportSize({ width, height });
    await sessionsPage.open(`/sessions/${session.id}`);
    await expect(sessionsPage.terminal).toContainText('100');
    await expect(page.getByTestId('session-list')).toBeHidden();
    const terminal = (await sessionsPage.terminal.boundingBox())!;
    expect(terminal.width).toBeGreaterThan(300);
    // Everything below the session's header is terminal, down to the bottom of the screen.
    expect(terminal.y + terminal.height).toBeGreaterThan(height - 60);
    // About eighteen lines on the phone (the header's buttons take a second line there), where the
    // stacked panels left it five, below the fold.
    expect(terminal.height).toBeGreaterThan(360);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await sessionsPage.screenshot(shot);

    await page.getByRole('button', { name: 'All sessions' }).click();
    await expect(page).toHaveURL(/\/sessions$/);
    await expect(sessionsPage.rowById(session.id)).toBeVisible();
    await expect(sessionsPage.terminal).toBeHidden();
    await sessionsPage.rowById(session.id).click();
    await expect(sessionsPage.terminal).toBeVisible();
    await expect(page.getByTestId('session-list')).toBeHidden();
  }

  // The fullest header: a terminal session waiting for input has two badges and Pin and Kill
  // beside the name; on a phone they move down a line, and the name keeps a readable width.
  const name = 'phone prompt waiting for a password to go on';
  const prompt = await api.launch('read -p "pw? " x', { name, tty: true });
  await page.setViewportSize({ width: 390, height: 844 });
  await sessionsPage.open(`/sessions/${prompt.id}`);
  await expect(page.locator('section[aria-labelledby="session-title"]').getByTestId('waiting-for-input')).toBeVisible({ timeout: 15_000 });
  await expect(sessionsPage.detailTitle).toBeVisible();
  await expect(sessionsPage.detailTitle).toHaveAttribute('title', name);
  expect((await sessionsPage.detailTitle.boundingBox())!.width).toBeGreaterThan(200);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  await sessionsPage.screenshot('mobile-waiting-header-light');
});

test.describe('dark theme', () => {
  test.use({ colorScheme: 'dark' });

  test('follows the system and keeps the terminal legible', async ({ page, api, sessionsPage }) => {
    await api.launch('echo ok; echo warn >&2', { name: 'dark done' });
    const running = await api.launch('for i in $(seq 1 50); do echo "tick $i"; done; sleep 300', { name: 'dark running' });
    await sessionsPage.open(`/sessions/${running.id}`);
    await expect(sessionsPage.terminal).toContainText('tick 50', { timeout: ONE_OUTPUT_POLL });
    const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    expect(background).not.toBe('rgb(255, 255, 255)');
    await sessionsPage.screenshot('terminal-dark');
    await page.getByRole('button', { name: 'New session' }).click();
    await sessionsPage.screenshot('new-session-dark');
  });
});

test('the list and the detail say who launched a session, and its time limit', async ({ page, api, sessionsPage }) => {
  const session = await api.launch('sleep 60', { name: 'agent job', source: 'mcp', client: 'claude-code', timeout: 600 });
  const fromPage = await api.launch('true', { name: 'plain api job' });
  await sessionsPage.open(`/sessions/${session.id}`);
  await expect(sessionsPage.rowById(session.id).getByTestId('session-source')).toHaveText(' · MCP · claude-code');
  await expect(sessionsPage.rowById(fromPage.id).getByTestId('session-source')).toHaveText(' · API');
  await expect(page.locator('dd').filter({ hasText: 'MCP · claude-code · limit 10m 00s' })).toBeVisible();
  await sessionsPage.screenshot('launched-by');
});
