import { expect, test, TOKEN } from './support/fixtures';

const XSS_OUTPUT = `<img src=x onerror=alert(1)>`;
const XSS_SCRIPT = `</script><script>alert(2)</script>`;

test('a deep link opened while logged out goes through login and lands on that session', async ({ page, api }) => {
  const session = await api.launch('echo deep link target', { name: 'shared in chat' });
  await page.goto(`/sessions/${session.id}#L1`);
  await expect(page).toHaveURL(new RegExp(`/login\\?next=%2Fsessions%2F${session.id}`));
  await expect(page.getByRole('heading', { name: 'Log in to Active Sessions' })).toBeVisible();

  await page.getByLabel('Access token').fill('not-the-token-at-all');
  await page.getByRole('button', { name: 'Log in' }).click();
  await expect(page.locator('#token-error')).toHaveText('That token is not right.');

  await page.getByLabel('Access token').fill(TOKEN);
  await page.getByRole('button', { name: 'Log in' }).click();
  // Line anchor included.
  await expect(page).toHaveURL(new RegExp(`/sessions/${session.id}#L1$`));
  await expect(page.locator('#session-title')).toHaveText('shared in chat');
  await expect(page.getByTestId('terminal')).toContainText('deep link target');

  const cookies = await page.context().cookies();
  const login = cookies.find((cookie) => cookie.name === 'active_sessions');
  expect(login).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/' });
  expect(login?.value).not.toContain(TOKEN);
});

test('a wrong ?token= lands on the login page with an error, keeping the destination', async ({ page }) => {
  await page.goto('/sessions/abc?token=wrong-token-value');
  await expect(page).toHaveURL(/\/login\?next=%2Fsessions%2Fabc&error=invalid$/);
  await expect(page.locator('#token-error')).toHaveText('That token is not right.');
});

test('logging out ends the session: pages go back to login, the API refuses', async ({ page, sessionsPage }) => {
  await sessionsPage.open();
  await page.getByRole('button', { name: 'Log out' }).click();
  await expect(page).toHaveURL(/\/login$/);
  await page.goto('/sessions');
  await expect(page).toHaveURL(/\/login\?next=%2Fsessions$/);
  const response = await page.request.get('/api/sessions');
  expect(response.status()).toBe(401);
});

test('commands, names and output are shown as text and never run as HTML', async ({ page, api, sessionsPage }) => {
  const dialogs: string[] = [];
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  const session = await api.launch(`printf '%s\\n' '${XSS_OUTPUT}' '${XSS_SCRIPT}'; echo '${XSS_OUTPUT}' >&2`, {
    name: XSS_SCRIPT,
  });
  await sessionsPage.open(`/sessions/${session.id}`);
  await expect(page.locator('#session-title')).toHaveText(XSS_SCRIPT);
  await expect(sessionsPage.terminal).toContainText(XSS_OUTPUT);
  await expect(sessionsPage.terminal).toContainText(XSS_SCRIPT);
  await expect(page.getByTestId('session-command')).toContainText(XSS_OUTPUT);
  await expect(sessionsPage.rowById(session.id)).toContainText(XSS_SCRIPT);
  await expect(page.locator('img[src="x"]')).toHaveCount(0);
  await page.waitForTimeout(500);
  expect(dialogs).toEqual([]);
  await sessionsPage.screenshot('xss-as-text-light');
});

test('every response carries the security headers; a foreign Host is refused', async ({ page, request }) => {
  const response = await page.goto('/login');
  const headers = response!.headers();
  const csp = headers['content-security-policy'];
  expect(csp).toContain("frame-ancestors 'none'");
  expect(csp).toMatch(/script-src 'self' 'nonce-[^']+' 'strict-dynamic'/);
  expect(csp).not.toContain('unsafe-eval');
  expect(headers['x-content-type-options']).toBe('nosniff');
  expect(headers['x-frame-options']).toBe('DENY');
  expect(headers['referrer-policy']).toBe('no-referrer');

  const api = await request.get('/api/sessions');
  expect(api.status()).toBe(401);
  expect(api.headers()['x-content-type-options']).toBe('nosniff');
  expect(api.headers()['content-security-policy']).toContain("frame-ancestors 'none'");

  const rebound = await request.get('/api/sessions', { headers: { Host: 'evil.example', Authorization: `Bearer ${TOKEN}` } });
  expect(rebound.status()).toBe(403);
  const foreign = await request.post('/api/sessions', {
    headers: { Origin: 'https://evil.example', Authorization: `Bearer ${TOKEN}` },
    data: { command: 'echo should never run' },
  });
  expect(foreign.status()).toBe(403);
});
