import type { Page } from '@playwright/test';
import { expect, test } from './support/fixtures';

// The session's end, one list refresh (5 s) after it, and slack for the request.
const END_AND_ONE_REFRESH = 12_000;

type Shown = { title: string; body: string };

/**
 * Every notification the page shows is recorded (the real one still goes to the browser): the
 * test reads them and clicks them as a person would on the desktop.
 */
async function recordNotifications(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const shown: Notification[] = [];
    class Recorded extends Notification {
      constructor(title: string, options?: NotificationOptions) {
        super(title, options);
        shown.push(this);
      }
    }
    Object.assign(window, { shownNotifications: shown, Notification: Recorded });
  });
}

const shown = (page: Page) =>
  page.evaluate(() =>
    (window as unknown as { shownNotifications: Notification[] }).shownNotifications.map((n): Shown => ({ title: n.title, body: n.body })),
  );

/** What a tab behind another looks like to the page: SWR stops polling such a tab unless told not to. */
async function sendToBackground(page: Page): Promise<void> {
  await page.evaluate(() => {
    Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => 'hidden' });
    Object.defineProperty(document, 'hidden', { configurable: true, get: () => true });
    document.dispatchEvent(new Event('visibilitychange'));
  });
}

/**
 * Resolves once the tab has looked at the list it shows and its claims are decided: the look runs in
 * an effect after the paint (two frames later it has), and claims are granted the Web Lock in order.
 */
async function claimsSettled(page: Page): Promise<void> {
  await page.evaluate(async () => {
    await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
    await navigator.locks.request('active-sessions:notify', () => undefined);
  });
}

async function optIn(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Notifications: off' }).click();
  await page.getByRole('switch', { name: 'Notify me in this browser' }).click();
  await expect(page.getByRole('button', { name: 'Notifications: on' })).toBeVisible();
  await page.keyboard.press('Escape');
}

test.describe.configure({ mode: 'serial' });

test.beforeEach(async ({ api, context }) => {
  await api.killAll();
  await api.clearFinished();
  await context.grantPermissions(['notifications']);
});

test('opted in, a tab in the background tells of a session an agent launched ending, once; clicking it opens the session', async ({
  page,
  api,
  sessionsPage,
}) => {
  await recordNotifications(page);
  // Ended before the page was opened: not news.
  const earlier = await api.launch('exit 5', { name: 'ended before' });
  await expect.poll(async () => (await api.get(earlier.id)).status).toBe('failed');
  await sessionsPage.open();
  await optIn(page);
  await page.getByRole('button', { name: 'Notifications: on' }).click();
  await sessionsPage.screenshot('notifications-on-light');
  await page.keyboard.press('Escape');
  await sendToBackground(page);

  const session = await api.launch('sleep 1; exit 3', { name: 'agent build' });
  await expect.poll(() => shown(page), { timeout: END_AND_ONE_REFRESH }).toEqual([{ title: 'agent build failed', body: 'exit code 3' }]);

  await page.evaluate(() => (window as unknown as { shownNotifications: Notification[] }).shownNotifications[0].dispatchEvent(new Event('click')));
  await expect(page).toHaveURL(new RegExp(`/sessions/${session.id}$`));
  await expect(sessionsPage.detailTitle).toHaveText('agent build');
  // Later looks at the list (a reload's first one included) do not tell it again.
  await page.reload();
  await expect(sessionsPage.rowById(session.id)).toContainText('Failed');
  expect(await shown(page)).toEqual([]);
});

test('two tabs of the same browser show one notification between them; the choice is remembered and can be turned off', async ({
  page,
  context,
  api,
  sessionsPage,
}) => {
  await recordNotifications(page);
  await sessionsPage.open();
  await optIn(page);
  const other = await context.newPage();
  await recordNotifications(other);
  await other.goto('/sessions');
  await expect(other.getByRole('button', { name: 'Notifications: on' })).toBeVisible();

  const session = await api.launch('exit 3', { name: 'seen twice' });
  // Both tabs have seen it end once each shows it failed in the list, and decided once their claims are through.
  for (const tab of [page, other]) {
    await expect(tab.locator(`[data-session-id="${session.id}"]`)).toContainText('Failed', { timeout: END_AND_ONE_REFRESH });
    await claimsSettled(tab);
  }
  expect([...(await shown(page)), ...(await shown(other))]).toEqual([{ title: 'seen twice failed', body: 'exit code 3' }]);

  await other.getByRole('button', { name: 'Notifications: on' }).click();
  await other.getByRole('switch', { name: 'Notify me in this browser' }).click();
  await expect(page.getByRole('button', { name: 'Notifications: off' })).toBeVisible();
  await other.close();
});
