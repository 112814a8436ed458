import { expect, test, type Api } from './support/fixtures';
import type { Page } from '@playwright/test';

test.describe.configure({ mode: 'serial' });

test.beforeEach(async ({ api }) => {
  await api.killAll();
  await api.clearFinished();
});

/** A session that has already ended when the page opens, so its row is settled. */
async function ended(api: Api, command: string, name: string) {
  const session = await api.launch(command, { name });
  await expect.poll(async () => (await api.get(session.id)).status, { timeout: 10_000 }).not.toBe('running');
  return session;
}

const shownIds = (page: Page) => page.getByTestId('session-row').evaluateAll((rows) => rows.map((row) => (row as HTMLElement).dataset.sessionId));
// The chips a person clicks; the radio buttons inside them are for the keyboard and assistive technology.
const statusChip = (page: Page, name: string) => page.getByTestId('list-toolbar').getByText(name, { exact: true });
const filterBox = (page: Page) => page.getByRole('searchbox', { name: 'Filter sessions by name or command' });

test('the list filters by name and command, by status, sorts by name, and the URL keeps it all across a reload', async ({
  page,
  api,
  sessionsPage,
}) => {
  const deploy = await ended(api, 'true', 'Deploy web');
  const assets = await ended(api, 'echo compile-assets', 'assets');
  const flaky = await ended(api, 'exit 3', 'flaky check');
  const dev = await api.launch('sleep 300', { name: 'dev server' });
  await sessionsPage.open();
  await expect(sessionsPage.rowById(dev.id)).toBeVisible();

  await filterBox(page).fill('deploy');
  await expect.poll(() => shownIds(page)).toEqual([deploy.id]);
  await filterBox(page).fill('COMPILE');
  await expect.poll(() => shownIds(page)).toEqual([assets.id]);
  await expect(page).toHaveURL(/\/sessions\?q=COMPILE$/);
  await filterBox(page).fill('');

  await statusChip(page, 'Failed').click();
  await expect.poll(() => shownIds(page)).toEqual([flaky.id]);
  // One Tab stop, arrow keys between the statuses, as radio buttons go.
  await page.getByRole('radio', { name: 'All' }).focus();
  await page.keyboard.press('ArrowRight');
  await expect(page.getByRole('radio', { name: 'Running' })).toBeChecked();
  await expect.poll(() => shownIds(page)).toEqual([dev.id]);
  await statusChip(page, 'All').click();

  await page.getByRole('combobox', { name: 'Sort sessions' }).selectOption({ label: 'Name' });
  await expect.poll(() => shownIds(page)).toEqual([assets.id, deploy.id, dev.id, flaky.id]);

  await statusChip(page, 'Completed').click();
  await filterBox(page).fill('e');
  await expect(page).toHaveURL(/\/sessions\?q=e&status=completed&sort=name$/);
  await sessionsPage.screenshot('list-filtered-light');
  await page.reload();
  await expect(filterBox(page)).toHaveValue('e');
  await expect(page.getByRole('radio', { name: 'Completed' })).toBeChecked();
  await expect(page.getByRole('combobox', { name: 'Sort sessions' })).toHaveValue('name');
  await expect.poll(() => shownIds(page)).toEqual([assets.id, deploy.id]);

  // Selecting a session keeps the filters in its URL, so back and reload return to the same list.
  await sessionsPage.rowById(assets.id).click();
  await expect(page).toHaveURL(new RegExp(`/sessions/${assets.id}\\?q=e&status=completed&sort=name$`));

  // An empty result says why, and how to get back.
  await filterBox(page).fill('zzz');
  await expect(page.getByRole('status').filter({ hasText: 'No completed sessions match “zzz”' })).toBeVisible();
  await page.getByRole('button', { name: 'Clear filters' }).click();
  await expect(page).toHaveURL(new RegExp(`/sessions/${assets.id}$`));
  await expect(filterBox(page)).toHaveValue('');
  await expect(page.getByRole('radio', { name: 'All' })).toBeChecked();
  await expect.poll(() => shownIds(page)).toEqual([dev.id, flaky.id, assets.id, deploy.id]);
});

test.describe('in a fixed time zone', () => {
  test.use({ locale: 'en-US', timezoneId: 'UTC' });

  test('a row shows its start time, with the date when it is not today; cut names and Clear Completed explain themselves on hover', async ({
    page,
    api,
    sessionsPage,
  }) => {
    const name = 'a session whose name is far too long to fit in its row of the list, so it is cut';
    const session = await ended(api, 'exit 1', name);
    const started = new Date(session.startedAt ?? session.createdAt);
    const startTime = sessionsPage.rowById(session.id).locator(`time[datetime="${session.startedAt ?? session.createdAt}"]`);

    await sessionsPage.open();
    // ICU versions differ on the space before AM/PM (U+0020 or U+202F); \s takes either.
    await expect(startTime).toHaveText(/^\d{1,2}:\d\d:\d\d\s[AP]M$/);
    await expect(startTime).toHaveAttribute('title', new RegExp(`${started.getUTCFullYear()} \\d\\d:\\d\\d:\\d\\d GMT\\+0000`));
    const nameText = sessionsPage.rowById(session.id).getByTitle(name);
    expect(await nameText.evaluate((element) => element.scrollWidth > element.clientWidth)).toBe(true);

    await sessionsPage.clearCompleted.hover();
    await expect(page.getByRole('tooltip')).toContainText('failed ones included');

    // Two days on, in the browser: the same row now needs its date.
    await page.clock.setFixedTime(started.getTime() + 2 * 24 * 3600_000);
    await page.reload();
    const day = started.toLocaleDateString('en-US', { timeZone: 'UTC', month: 'short', day: 'numeric' });
    await expect(startTime).toHaveText(new RegExp(`^${day}, \\d\\d:\\d\\d:\\d\\d\\s[AP]M$`));
  });
});

test('a deep link to a session far down a long list scrolls its row into view', async ({ api, sessionsPage }) => {
  const oldest = await ended(api, 'true', 'the oldest one');
  for (let batch = 0; batch < 6; batch++) {
    await Promise.all(Array.from({ length: 10 }, (_, i) => api.launch('true', { name: `bulk ${batch * 10 + i}` })));
  }
  await expect.poll(async () => (await api.running()).length, { timeout: 15_000 }).toBe(0);

  await sessionsPage.open(`/sessions/${oldest.id}`);
  await expect(sessionsPage.page.getByTestId('session-row')).toHaveCount(61);
  await expect(sessionsPage.rowById(oldest.id)).toHaveAttribute('aria-current', 'true');
  await expect(sessionsPage.rowById(oldest.id)).toBeInViewport();
});

test('with more sessions than the page lists, the filter finds any of them, from all those stored', async ({ page, api, sessionsPage }) => {
  const oldest = await ended(api, 'exit 2', 'the needle in the haystack');
  // One more than the page lists: the oldest is not among the rows until a filter asks the server.
  for (let batch = 0; batch < 10; batch++) {
    await Promise.all(Array.from({ length: 20 }, (_, i) => api.launch('true', { name: `hay ${batch * 20 + i}` })));
  }
  await expect.poll(async () => (await api.running()).length, { timeout: 30_000 }).toBe(0);

  await sessionsPage.open();
  await expect(page.getByText('Showing the newest 200 of 201 sessions')).toBeVisible();
  await expect(sessionsPage.rowById(oldest.id)).toHaveCount(0);
  await filterBox(page).fill('NEEDLE');
  await expect.poll(() => shownIds(page)).toEqual([oldest.id]);
  await expect(page.getByTestId('filter-summary')).toContainText('1 of 201 shown');
  await sessionsPage.screenshot('list-filter-beyond-page-light');
  await filterBox(page).fill('');
  await statusChip(page, 'Failed').click();
  await expect.poll(() => shownIds(page)).toEqual([oldest.id]);
  await statusChip(page, 'Completed').click();
  await expect(page.getByTestId('filter-summary')).toContainText('200 of 201 shown');
  await api.clearFinished();
});

test('on a phone the list fills the screen, a tap opens the session, and "All sessions" returns to the filtered list', async ({
  page,
  api,
  sessionsPage,
}) => {
  await page.setViewportSize({ width: 390, height: 844 });
  const alpha = await ended(api, 'seq 1 100', 'alpha build');
  await ended(api, 'true', 'beta build');
  await sessionsPage.open('/sessions?q=alpha');
  await expect.poll(() => shownIds(page)).toEqual([alpha.id]);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  await sessionsPage.screenshot('list-phone-light');

  await sessionsPage.rowById(alpha.id).click();
  await expect(page).toHaveURL(new RegExp(`/sessions/${alpha.id}\\?q=alpha$`));
  await expect(sessionsPage.terminal).toContainText('100');
  await expect(page.getByTestId('session-list')).toBeHidden();
  await sessionsPage.screenshot('detail-phone-light');

  await page.getByRole('button', { name: 'All sessions' }).click();
  await expect(page).toHaveURL(/\/sessions\?q=alpha$/);
  await expect(filterBox(page)).toHaveValue('alpha');
  await expect.poll(() => shownIds(page)).toEqual([alpha.id]);
});

test.describe('dark theme', () => {
  test.use({ colorScheme: 'dark' });

  test('the toolbar and an empty result stay legible', async ({ page, api, sessionsPage }) => {
    const running = await api.launch('sleep 300', { name: 'dark running' });
    await ended(api, 'exit 2', 'dark failed');
    await sessionsPage.open(`/sessions/${running.id}?status=failed&sort=name`);
    await expect(page.getByRole('radio', { name: 'Failed' })).toBeChecked();
    await sessionsPage.screenshot('list-dark');
    await statusChip(page, 'Waiting for input').click();
    await expect(page.getByText('No sessions waiting for input')).toBeVisible();
    await sessionsPage.screenshot('list-empty-dark');
  });
});

test('rows are links: a plain click selects in place, Ctrl-click opens the session in a new tab', async ({ page, context, api, sessionsPage }) => {
  const session = await ended(api, 'echo linked', 'linked row');
  await sessionsPage.open();
  const row = sessionsPage.rowById(session.id);
  await expect(row).toHaveAttribute('href', `/sessions/${session.id}`);

  const [tab] = await Promise.all([context.waitForEvent('page'), row.click({ modifiers: ['ControlOrMeta'] })]);
  await expect(tab).toHaveURL(new RegExp(`/sessions/${session.id}$`));
  await expect(tab.locator('#session-title')).toHaveText('linked row');
  await tab.close();
  await expect(page).toHaveURL(/\/sessions$/);

  await row.click();
  await expect(page).toHaveURL(new RegExp(`/sessions/${session.id}$`));
  await expect(page.locator('#session-title')).toHaveText('linked row');

  // Space selects the focused row, as it did when rows were buttons.
  await page.goBack();
  await expect(page).toHaveURL(/\/sessions$/);
  await row.focus();
  await page.keyboard.press('Space');
  await expect(page).toHaveURL(new RegExp(`/sessions/${session.id}$`));
});
