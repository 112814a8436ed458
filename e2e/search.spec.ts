import { ApiError } from '../client';
import { Api, expect, test, type ApiSession } from './support/fixtures';

test.describe.configure({ mode: 'serial' });

// `seq 1 200000`: the lines with a digit 1 in them.
const MATCHES = 140_951;
let seq: ApiSession;

test.beforeAll(async ({ baseURL }) => {
  const api = new Api(baseURL as string);
  seq = await api.launch('seq 1 200000', { name: 'seq for search' });
  await expect.poll(async () => (await api.get(seq.id)).status, { timeout: 60_000 }).toBe('completed');
});

const searchBox = (page: import('@playwright/test').Page) => page.getByRole('searchbox', { name: 'Search output' }).or(page.getByLabel('Search output'));

test('the API counts every match exactly, reaches the last one, and refuses a bad pattern', async ({ api }) => {
  const started = performance.now();
  let found = await api.client.search(seq.id, { q: '1', before: 200_002, limit: 1 });
  // Each request reads for half a second at most: a slow machine may need a second one.
  while (!found.complete) found = await api.client.search(seq.id, { q: '1', before: 200_002, limit: 1 });
  console.log(`GET /search?q=1&before=200002 over seq 1 200000: ${Math.round(performance.now() - started)} ms (first, uncached)`);
  expect(found).toMatchObject({ total: MATCHES, complete: true, match: { index: MATCHES - 1, line: 199_999 } });
  expect((await api.client.search(seq.id, { q: '1', index: MATCHES - 1, limit: 1 })).match).toEqual({ index: MATCHES - 1, line: 199_999 });
  const refusal = await api.client.search(seq.id, { q: 'a[', regex: true }).catch((error: unknown) => error);
  expect(refusal).toBeInstanceOf(ApiError);
  expect(refusal).toMatchObject({ status: 400, message: expect.stringMatching(/^q is not a valid regular expression/) });
});

test('search starts where you are, highlights the match, says the exact count and reaches the last match', async ({ page, sessionsPage }) => {
  await sessionsPage.open(`/sessions/${seq.id}#L1`);
  await expect(page.locator('[data-line="1"]')).toBeVisible();
  const box = searchBox(page);
  await box.fill('1');
  await box.press('Enter');
  const count = page.getByTestId('search-count');
  // At the top, the first match is line 1.
  await expect(count).toHaveText(`1 / ${MATCHES.toLocaleString('en-US')}`);
  await expect(page.locator('[data-line="1"] mark')).toHaveText('1');
  // Back from the first match wraps to the last, which a page of 1000 results could never reach.
  await page.getByRole('button', { name: 'Previous match' }).click();
  await expect(count).toHaveText(`${MATCHES.toLocaleString('en-US')} / ${MATCHES.toLocaleString('en-US')}`);
  const last = page.locator('[data-line="199999"]');
  await expect(last).toBeVisible();
  await expect(last.locator('mark')).toHaveText('1');
  await expect(last).toHaveClass(/ring-yellow/);
  await sessionsPage.screenshot('search-last-match-light');

  // From the middle: the first match at or after the line at the top of the view.
  await sessionsPage.open(`/sessions/${seq.id}#L150000`);
  await expect(page.locator('[data-line="150000"]')).toBeVisible();
  const top = await sessionsPage.terminal.evaluate((element) => {
    const box = element.getBoundingClientRect();
    const lines = [...element.querySelectorAll<HTMLElement>('[data-line]')];
    return Number(lines.find((line) => line.getBoundingClientRect().bottom > box.top + 12)?.dataset.line);
  });
  await searchBox(page).fill('0000');
  await searchBox(page).press('Enter');
  // 0000 is in 29 lines (10000…90000, 100000…100009, 110000…190000, 200000): the first at or
  // after the top of the view is 150000, the 24th.
  await expect(count).toHaveText('24 / 29');
  expect(top).toBeLessThanOrEqual(150_000);
  await expect(page.locator('[data-line="150000"] mark')).toHaveText('0000');
  // A new search clears the old marks.
  await searchBox(page).fill('149995');
  await searchBox(page).press('Enter');
  await expect(count).toHaveText('1 / 1');
  await expect(page.locator('[data-line="150000"] mark')).toHaveCount(0);
});

test('regex, match case and "show only matching lines" with their real line numbers', async ({ page, sessionsPage }) => {
  await sessionsPage.open(`/sessions/${seq.id}`);
  const box = searchBox(page);
  await page.getByRole('button', { name: 'Regular expression' }).click();
  await box.fill('^1999[89]9$');
  await box.press('Enter');
  await expect(page.getByTestId('search-count')).toHaveText(/^\d \/ 2$/);
  await page.getByRole('button', { name: 'Show only matching lines' }).click();
  const list = page.getByTestId('matching-lines');
  await expect(list.locator('[data-line]')).toHaveCount(2);
  await expect(list.locator('[data-line="199989"]')).toContainText('199989');
  await expect(list.locator('[data-line="199999"] mark')).toHaveText('199999');
  // Next and previous go through the list, the current match marked as such.
  await page.getByRole('button', { name: 'Next match' }).click();
  await expect(page.getByTestId('search-count')).toHaveText(/^\d \/ 2$/);
  await expect(list.locator('mark[data-match="current"]')).toHaveCount(1);
  await page.setViewportSize({ width: 390, height: 844 });
  await expect(list.locator('[data-line="199999"]')).toBeVisible();
  await sessionsPage.screenshot('search-only-matching-phone');
  // A line's number opens it in the whole output.
  await list.getByRole('link', { name: 'Line 199989' }).click();
  await expect(list).toHaveCount(0);
  await expect(page.locator('[data-line="199989"]')).toHaveClass(/ring-yellow/);
});

test('/ focuses the search box, and Ctrl-F does from the session view, never from a text field', async ({ page, sessionsPage }) => {
  await sessionsPage.open(`/sessions/${seq.id}`);
  await expect(page.locator('[data-line="200001"]')).toBeVisible();
  await sessionsPage.terminal.focus();
  await page.keyboard.press('/');
  await expect(searchBox(page)).toBeFocused();
  await expect(searchBox(page)).toHaveValue('');
  await page.keyboard.type('12/3');
  await expect(searchBox(page)).toHaveValue('12/3');
  await sessionsPage.terminal.focus();
  await page.keyboard.press('Control+f');
  await expect(searchBox(page)).toBeFocused();
  // Outside the session's view, Ctrl-F stays the browser's own find.
  const taken = await page.evaluate(() => {
    (document.activeElement as HTMLElement | null)?.blur();
    const event = new KeyboardEvent('keydown', { key: 'f', ctrlKey: true, bubbles: true, cancelable: true });
    document.body.dispatchEvent(event);
    return event.defaultPrevented;
  });
  expect(taken).toBe(false);
  await expect(searchBox(page)).not.toBeFocused();
});

test('line times show when each line was written, and line links work with them on', async ({ page, api, sessionsPage }) => {
  const session = await api.launch('echo first; sleep 1.2; echo second', { name: 'timed lines' });
  await expect.poll(async () => (await api.get(session.id)).status, { timeout: 15_000 }).toBe('completed');
  await sessionsPage.open(`/sessions/${session.id}`);
  await expect(page.locator('[data-line="2"]')).toContainText('second');
  await page.getByRole('button', { name: 'Show line times' }).click();
  const times = page.getByTestId('line-time');
  await expect(times).toHaveCount(3);
  const [first, second] = await times.evaluateAll((elements) => elements.map((element) => Date.parse(element.getAttribute('datetime')!)));
  expect(second - first).toBeGreaterThanOrEqual(1000);
  await page.locator('[data-line="2"]').getByRole('link', { name: 'Line 2' }).click();
  await expect(page).toHaveURL(new RegExp(`/sessions/${session.id}#L2$`));
  await expect(page.locator('[data-line="2"]')).toHaveClass(/ring-yellow/);
  // The choice is remembered, and a deep link opens on its line with the times shown.
  await page.reload();
  await expect(page.getByRole('button', { name: 'Show line times' })).toHaveAttribute('aria-pressed', 'true');
  await expect(page.locator('[data-line="2"]')).toHaveClass(/ring-yellow/);
  await expect(page.locator('[data-line="2"] [data-testid="line-time"]')).toBeVisible();
  await sessionsPage.screenshot('line-times-light');
});

test('http(s) URLs are links to a new tab, and nothing else is; stderr is marked quietly, failure in red', async ({ page, api, sessionsPage }) => {
  const session = await api.launch(
    "echo 'docs: https://example.com/docs?a=1&b=2. also javascript:alert(1) file:///etc/passwd example.org http://x\"onmouseover=\"alert(1)'; " +
      "echo 'Cloning into repo...' >&2; exit 3",
    { name: 'links and stderr' },
  );
  await expect.poll(async () => (await api.get(session.id)).status, { timeout: 15_000 }).toBe('failed');
  await sessionsPage.open(`/sessions/${session.id}`);
  // The two streams are two files: which line comes first is the order the host heard them in.
  const line = (text: string) => page.locator('[data-line]').filter({ hasText: text });
  const first = line('docs:');
  await expect(first).toContainText('javascript:alert(1)');
  const links = first.locator('a[target]');
  await expect(links).toHaveCount(2);
  await expect(links.nth(0)).toHaveAttribute('href', 'https://example.com/docs?a=1&b=2');
  await expect(links.nth(0)).toHaveText('https://example.com/docs?a=1&b=2');
  await expect(links.nth(1)).toHaveAttribute('href', 'http://x/');
  for (const link of await links.all()) {
    await expect(link).toHaveAttribute('target', '_blank');
    await expect(link).toHaveAttribute('rel', 'noopener noreferrer');
  }
  await expect(first.locator('[onmouseover]')).toHaveCount(0);

  const stderr = line('Cloning into repo');
  await expect(stderr).toHaveAttribute('data-stderr', 'true');
  const colour = (locator: import('@playwright/test').Locator) => locator.evaluate((element) => getComputedStyle(element).color);
  expect(await colour(stderr.locator('[data-stream="stderr"]'))).toBe(await colour(first.locator('[data-stream="stdout"]')));
  const failure = line('exited with code 3').locator('[data-stream="system"]');
  await expect(failure).toHaveAttribute('data-failed', 'true');
  expect(await colour(failure)).not.toBe(await colour(stderr.locator('[data-stream="stderr"]')));
  await sessionsPage.screenshot('links-stderr-light');
  await page.emulateMedia({ colorScheme: 'dark' });
  await searchBox(page).fill('repo');
  await searchBox(page).press('Enter');
  await expect(stderr.locator('mark')).toHaveText('repo');
  await sessionsPage.screenshot('links-stderr-search-dark');
});
