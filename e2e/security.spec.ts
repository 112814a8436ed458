import { request as playwrightRequest, type BrowserContext } from '@playwright/test';
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

/** The login cookie's value, as someone who copied it would have it. */
async function loginCookie(context: BrowserContext): Promise<string> {
  const cookie = (await context.cookies()).find((candidate) => candidate.name === 'active_sessions');
  expect(cookie).toBeDefined();
  return cookie!.value;
}

/** What the API answers to a copy of a login cookie, sent from elsewhere. */
async function statusWithCookie(baseURL: string | undefined, value: string): Promise<number> {
  const context = await playwrightRequest.newContext({ baseURL, extraHTTPHeaders: { Cookie: `active_sessions=${value}` } });
  const status = (await context.get('/api/sessions')).status();
  await context.dispose();
  return status;
}

test('logging out ends the login on the server: pages go back to login, a copy of the cookie is refused', async ({
  page,
  sessionsPage,
  baseURL,
}) => {
  await sessionsPage.open();
  const copied = await loginCookie(page.context());
  expect(await statusWithCookie(baseURL, copied)).toBe(200);
  await page.getByRole('button', { name: 'Log out', exact: true }).click();
  await expect(page).toHaveURL(/\/login$/);
  await page.goto('/sessions');
  await expect(page).toHaveURL(/\/login\?next=%2Fsessions$/);
  const response = await page.request.get('/api/sessions');
  expect(response.status()).toBe(401);
  expect(await statusWithCookie(baseURL, copied)).toBe(401);
});

test('log out everywhere ends the logins of every browser', async ({ page, sessionsPage, browser, baseURL }) => {
  const elsewhere = await browser.newContext({ baseURL });
  const otherPage = await elsewhere.newPage();
  await otherPage.goto(`/login?token=${TOKEN}`);
  await expect(otherPage).toHaveURL(/\/sessions$/);
  const otherCookie = await loginCookie(elsewhere);
  await otherPage.close();

  await sessionsPage.open();
  const ownCookie = await loginCookie(page.context());
  await page.getByRole('button', { name: 'Log out everywhere' }).click();
  await expect(page).toHaveURL(/\/login$/);
  expect((await elsewhere.request.get('/api/sessions')).status()).toBe(401);
  expect(await statusWithCookie(baseURL, otherCookie)).toBe(401);
  expect(await statusWithCookie(baseURL, ownCookie)).toBe(401);
  await elsewhere.close();
});

test('a path Next cannot decode is a 400 JSON error, not a 500 page', async ({ authedRequest }) => {
  for (const path of ['/api/sessions/%', '/api/sessions/%zz/kill', '/sessions/%']) {
    const response = await authedRequest.get(path, { maxRedirects: 0 });
    expect(response.status(), path).toBe(400);
    expect(await response.json()).toEqual({ error: expect.stringMatching(/malformed percent-encoding/) });
    expect(response.headers()['x-content-type-options']).toBe('nosniff');
  }
});

test('the trailing-slash redirect carries the security headers', async ({ request }) => {
  const response = await request.get('/api/sessions/?status=running', { maxRedirects: 0 });
  expect(response.status()).toBe(308);
  expect(response.headers()['location']).toBe('/api/sessions?status=running');
  expect(response.headers()['x-frame-options']).toBe('DENY');
  expect(response.headers()['content-security-policy']).toContain("frame-ancestors 'none'");
  const page = await request.get('/sessions/', { maxRedirects: 0 });
  expect(page.status()).toBe(308);
  expect(page.headers()['location']).toBe('/sessions');
  expect(page.headers()['x-content-type-options']).toBe('nosniff');
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
