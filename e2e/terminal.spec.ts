import { readFileSync } from 'node:fs';
import { Api, expect, test, type ApiSession } from './support/fixtures';

test.describe.configure({ mode: 'serial' });

const LINES = 300_000;
let big: ApiSession;

async function finished(api: Api, session: ApiSession) {
  await expect.poll(async () => (await api.get(session.id)).status, { timeout: 60_000 }).not.toBe('running');
}

/** A finished session that printed the numbers 1 to `lines`, one a line. */
async function countedSession(baseURL: string | undefined, lines: number, name: string) {
  const api = new Api(baseURL as string);
  const session = await api.launch(`seq 1 ${lines}`, { name });
  await finished(api, session);
  return session;
}

test.beforeAll(async ({ baseURL }) => {
  big = await countedSession(baseURL, LINES, 'big output');
});

test('a large session opens on its newest lines, with only what is near the viewport in the DOM', async ({ page, sessionsPage }) => {
  await sessionsPage.open(`/sessions/${big.id}`);
  const last = page.locator(`[data-line="${LINES + 1}"]`);
  await expect(last).toBeVisible();
  await expect(last).toContainText('exited with code 0');
  await expect(page.locator(`[data-line="${LINES}"]`)).toContainText(String(LINES));
  expect(await page.locator('[data-line]').count()).toBeLessThan(200);
  await expect(page.getByText(`${(LINES + 1).toLocaleString('en-US')} lines`)).toBeVisible();
  await sessionsPage.screenshot('large-session-light');
});

test('scrolling up loads older lines on demand, down to the first', async ({ page, sessionsPage }) => {
  await sessionsPage.open(`/sessions/${big.id}`);
  await expect(page.locator(`[data-line="${LINES + 1}"]`)).toBeVisible();
  await sessionsPage.terminal.evaluate((el) => el.scrollTo({ top: el.scrollHeight / 2 }));
  await expect(page.locator('[data-line]').filter({ hasText: /^\d+\s*\d+$/ }).first()).toBeVisible();
  await sessionsPage.terminal.evaluate((el) => el.scrollTo({ top: 0 }));
  const first = page.locator('[data-line="1"]');
  await expect(first).toBeVisible();
  await expect(first).toHaveText(/^1\s*1$/);
  await expect(page.locator('[data-line="5"]')).toHaveText(/^5\s*5$/);
});

test('#L links scroll to and highlight a line; clicking a line number updates the URL', async ({ page, sessionsPage }) => {
  await sessionsPage.open(`/sessions/${big.id}#L150000`);
  const target = page.locator('[data-line="150000"]');
  await expect(target).toBeVisible();
  await expect(target).toHaveText(/150000\s*150000/);
  await expect(target).toHaveClass(/ring-yellow/);
  await page.locator('[data-line="150003"]').getByRole('link', { name: 'Line 150003' }).click();
  await expect(page).toHaveURL(new RegExp(`/sessions/${big.id}#L150003$`));
  await expect(page.locator('[data-line="150003"]')).toHaveClass(/ring-yellow/);
  await expect(target).not.toHaveClass(/ring-yellow/);
});

test.describe('a session taller than a browser lets an element be', () => {
  // 2,000,000 rows of 20 px: past Chrome's 33,554,432 px, which ends at line 1,677,721.
  const HUGE = 2_000_000;
  let huge: ApiSession;

  test.beforeAll(async ({ baseURL }) => {
    huge = await countedSession(baseURL, HUGE, 'huge output');
  });

  test('opens on its last line, and #L links and "Jump to latest" reach lines past the cap', async ({ page, sessionsPage }) => {
    await sessionsPage.open(`/sessions/${huge.id}`);
    await expect(page.locator(`[data-line="${HUGE + 1}"]`)).toContainText('exited with code 0');
    await expect(page.locator(`[data-line="${HUGE + 1}"]`)).toBeInViewport();
    await expect(page.locator(`[data-line="${HUGE}"]`)).toHaveText(new RegExp(`^${HUGE}\\s*${HUGE}$`));

    await sessionsPage.open(`/sessions/${huge.id}#L1999990`);
    const target = page.locator('[data-line="1999990"]');
    await expect(target).toBeInViewport();
    await expect(target).toHaveText(/^1999990\s*1999990$/);
    await expect(target).toHaveClass(/ring-yellow/);

    await sessionsPage.terminal.evaluate((el) => el.scrollTo({ top: 0 }));
    await expect(page.locator('[data-line="1"]')).toHaveText(/^1\s*1$/);
    await page.getByRole('button', { name: 'Jump to latest' }).click();
    await expect(page.locator(`[data-line="${HUGE + 1}"]`)).toBeInViewport();
  });
});

test('search runs on the server across the whole output, with next and previous', async ({ page, sessionsPage }) => {
  await sessionsPage.open(`/sessions/${big.id}`);
  const search = page.getByRole('searchbox', { name: 'Search output' }).or(page.getByLabel('Search output'));
  await search.fill('12345');
  await search.press('Enter');
  // 12345, 112345, 123450…123459, 212345 — a handful of lines, the first not loaded at all yet.
  await expect(page.getByText(/^1 \/ \d+$/)).toBeVisible();
  await expect(page.locator('[data-line="12345"]')).toBeVisible();
  await expect(page.locator('[data-line="12345"]')).toHaveClass(/ring-yellow/);
  await page.getByRole('button', { name: 'Next match' }).click();
  await expect(page.getByText(/^2 \/ \d+$/)).toBeVisible();
  await expect(page.locator('[data-line="112345"]')).toBeVisible();
  await page.getByRole('button', { name: 'Previous match' }).click();
  await expect(page.locator('[data-line="12345"]')).toHaveClass(/ring-yellow/);
  await search.fill('no such text anywhere');
  await search.press('Enter');
  await expect(page.getByText('No matches')).toBeVisible();
});

test('download gives the exact bytes the command wrote, as a file', async ({ page, sessionsPage }) => {
  await sessionsPage.open(`/sessions/${big.id}`);
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Download' }).click()]);
  expect(download.suggestedFilename()).toMatch(/^big-output-.+\.log$/);
  const text = readFileSync((await download.path())!, 'utf8');
  const seq = Array.from({ length: LINES }, (_, i) => `${i + 1}\n`).join('');
  expect(text.length).toBe(seq.length);
  // Compared whole, not with toBe: a failure would print megabytes.
  expect(text === seq, 'the download is `seq 1 300000`, byte for byte, with no line of the console').toBe(true);
});

test('colours and carriage returns render as in a terminal; escape codes never show', async ({ page, api, sessionsPage }) => {
  const session = await api.launch(
    "printf '\\033[31mred alert\\033[0m plain \\033[1;32mbold green\\033[0m\\n'; printf ' 10%%\\r 50%%\\r100%%\\n'; printf '\\033[2K\\033[1Gdone\\033[?25l\\n'; " +
      "printf '\\033[33mwarning: a block\\nstill yellow\\033[0m\\nplain again\\n'; printf '\\033[35mleft magenta\\n'",
    { name: 'ansi' },
  );
  await finished(api, session);
  await sessionsPage.open(`/sessions/${session.id}`);
  const first = page.locator('[data-line="1"]');
  await expect(first).toContainText('red alert plain bold green');
  const red = first.getByText('red alert', { exact: true });
  expect(await red.evaluate((el) => getComputedStyle(el).color)).toBe('rgb(187, 0, 0)');
  expect(await first.getByText('bold green').evaluate((el) => getComputedStyle(el).fontWeight)).toBe('700');
  await expect(page.locator('[data-line="2"]')).toHaveText(/^2\s*100%$/);
  await expect(page.locator('[data-line="3"]')).toHaveText(/^3\s*done$/);
  // A colour set on one line stays on the next until reset, as in a terminal.
  const colourOf = (line: number, text: string) =>
    page.locator(`[data-line="${line}"]`).getByText(text, { exact: true }).evaluate((el) => getComputedStyle(el).color);
  expect(await colourOf(5, 'still yellow')).toBe('rgb(187, 187, 0)');
  expect(await colourOf(6, 'plain again')).not.toBe('rgb(187, 187, 0)');
  // The console's own closing line never takes the command's colours.
  expect(await colourOf(7, 'left magenta')).toBe('rgb(187, 0, 187)');
  expect(await colourOf(8, 'exited with code 0')).not.toBe('rgb(187, 0, 187)');
  await expect(sessionsPage.terminal).not.toContainText('[31m');
  await expect(sessionsPage.terminal).not.toContainText('\u001b');
  await sessionsPage.screenshot('ansi-light');
});

test('live output arrives over the stream at once, without waiting for a poll', async ({ page, api, sessionsPage }) => {
  const session = await api.launch('sleep 3; echo "live-line-arrived"; sleep 60', { name: 'live' });
  await sessionsPage.open(`/sessions/${session.id}`);
  await expect(page.getByTestId('connection')).toHaveAttribute('data-connection', 'live');
  // The moment the line is in the store, the page must show it well before a 3-second poll could.
  await expect
    .poll(async () => (await api.client.readOutput(session.id)).chunks.length, {
      intervals: [50],
      timeout: 10_000,
    })
    .toBeGreaterThan(0);
  await expect(sessionsPage.terminal).toContainText('live-line-arrived', { timeout: 1000 });
  await api.client.killSession(session.id);
  await expect(page.getByTestId('connection')).toHaveAttribute('data-connection', 'ended', { timeout: 10_000 });
});

test('seven tabs on running sessions all keep working: at most three stream, the rest poll', async ({ context, api, sessionsPage }) => {
  test.setTimeout(120_000);
  const session = await api.launch('while :; do echo "tick $(date +%s%N)"; sleep 0.5; done', { name: 'many tabs' });
  const pages = [sessionsPage.page];
  for (let i = 1; i < 7; i++) pages.push(await context.newPage());
  for (const page of pages) {
    await page.goto(`/sessions/${session.id}`);
    // Seven renderers share two cores with the server: a loaded CI machine needs the time.
    await expect(page.getByTestId('terminal')).toContainText('tick', { timeout: 20_000 });
    await expect(page.getByTestId('connection')).toHaveAttribute('data-connection', /^(live|polling)$/);
  }
  const states = await Promise.all(pages.map((page) => page.getByTestId('connection').getAttribute('data-connection')));
  expect(states.filter((state) => state === 'live').length).toBe(3);
  // The last tab can still talk to the server at once.
  const last = pages[pages.length - 1];
  expect(await last.evaluate(() => fetch('/api/sessions').then((response) => response.status))).toBe(200);
  // Closing a streaming tab frees its slot for a polling one.
  const streaming = pages[states.indexOf('live')];
  await streaming.close();
  const rest = pages.filter((page) => page !== streaming);
  await expect
    .poll(async () => (await Promise.all(rest.map((p) => p.getByTestId('connection').getAttribute('data-connection')))).filter((s) => s === 'live').length, {
      timeout: 10_000,
    })
    .toBe(3);
  await api.client.killSession(session.id);
});
