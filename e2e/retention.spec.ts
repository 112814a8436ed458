import { expect, test } from './support/deployment';

// Retention in a server of its own, with its own RETAIN_* settings.

test('RETAIN_BYTES: the server removes the oldest finished session once output passes it, and the page says what goes next', async ({
  deployment,
  page,
}) => {
  // Three sessions of 3000 bytes each: the third takes the store over the limit.
  deployment.env = { RETAIN_BYTES: '7000', RETAIN_DAYS: '7' };
  await deployment.start();
  const { api } = deployment;
  const ids: string[] = [];
  for (const name of ['oldest', 'middle', 'newest']) {
    const session = await api.createSession({ command: 'head -c 3000 /dev/zero', name });
    await expect.poll(async () => (await api.getSession(session.id)).status, { timeout: 15_000 }).toBe('completed');
    ids.push(session.id);
  }
  // A pass runs shortly after the news of an end.
  await expect.poll(async () => (await api.listSessions()).sessions.map((session) => session.id).sort(), { timeout: 15_000 }).toEqual(ids.slice(1).sort());
  const retention = await api.getRetention();
  expect(retention).toMatchObject({ usedBytes: 6000, retainBytes: 7000, retainDays: 7, next: { id: ids[1], name: 'middle' } });

  await page.goto(`${deployment.base}/login?token=${process.env.E2E_TOKEN}`);
  await page.goto(`${deployment.base}/sessions`);
  const summary = page.getByTestId('retention-summary');
  await expect(summary).toHaveText(/^Retention: 5\.9 KiB used · keep 7 days \/ 6\.8 KiB · next to go: middle \(in 6d 23h\)$/);
  await page.screenshot({ path: 'e2e/screenshots/retention-light.png', animations: 'disabled' });
  // The line names the next one as a link, which opens it; and fits a phone, dark too.
  await summary.getByRole('link', { name: 'middle' }).click();
  await expect(page).toHaveURL(new RegExp(`/sessions/${ids[1]}$`));
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto(`${deployment.base}/sessions`);
  await expect(summary).toBeVisible();
  await page.screenshot({ path: 'e2e/screenshots/retention-phone-dark.png', animations: 'disabled' });
});

test('an unreadable RETAIN_BYTES stops the server at start, saying what to give', async ({ deployment }) => {
  const { code, output } = await deployment.startExpectingExit({ RETAIN_BYTES: '2 parsecs' });
  expect(code).not.toBe(0);
  expect(output).toContain('RETAIN_BYTES="2 parsecs" cannot be used: give a size above 0 in bytes, or with a unit');
});
