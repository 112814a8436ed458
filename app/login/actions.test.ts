import { beforeEach, describe, expect, it, vi } from 'vitest';
import { COOKIE_NAME } from '@/lib/auth/cookie';
import { authorize } from '@/lib/auth/guard';
import { startLogin } from '@/lib/auth/logins';
import { GuessLimiter, replaceGuessLimiter } from '@/lib/auth/rate-limit';
import { useTempDatabase } from '@/lib/testing/helpers';
import { login, logout, logoutEverywhere } from './actions';

const TOKEN = 'actions-test-token-0123456789';

// next/headers outside a real request: the browser's side, as the test sets it.
const browser = { headers: new Headers(), cookies: new Map<string, string>() };
vi.mock('next/headers', () => ({
  headers: async () => browser.headers,
  cookies: async () => ({
    get: (name: string) => (browser.cookies.has(name) ? { name, value: browser.cookies.get(name) } : undefined),
    set: (cookie: { name: string; value: string }) => browser.cookies.set(cookie.name, cookie.value),
    delete: (cookie: string | { name: string }) => browser.cookies.delete(typeof cookie === 'string' ? cookie : cookie.name),
  }),
}));

const redirected = (promise: Promise<unknown>) => promise.then(
  (value) => ({ value }),
  (error: Error) => ({ redirect: error.message }),
);
const sameOrigin = { host: '127.0.0.1:3000', origin: 'http://127.0.0.1:3000', 'x-active-sessions-peer': '192.0.2.1' };
// What the API says of a cookie value, wherever it was copied to.
const apiStatus = async (cookie: string) => {
  const verdict = await authorize({ method: 'GET', headers: new Headers(sameOrigin), cookie: () => cookie });
  return verdict.ok ? 200 : verdict.denial.status;
};

function tokenForm(token: string): FormData {
  const form = new FormData();
  form.set('token', token);
  form.set('next', '/sessions');
  return form;
}

beforeEach(() => {
  useTempDatabase();
  process.env.ACTIVE_SESSIONS_TOKEN = TOKEN;
  replaceGuessLimiter(new GuessLimiter({ sleep: async () => undefined }));
  browser.headers = new Headers(sameOrigin);
  browser.cookies = new Map();
});

describe('login', () => {
  it('sets a cookie that names a login recorded on the server', async () => {
    expect(await redirected(login({ status: 'idle' }, tokenForm(TOKEN)))).toEqual({ redirect: 'NEXT_REDIRECT' });
    const cookie = browser.cookies.get(COOKIE_NAME)!;
    expect(await apiStatus(cookie)).toBe(200);
  });

  it('tells a limited client it is rate-limited, and still lets the right token in', async () => {
    for (let i = 0; i < 5; i++) {
      expect(await login({ status: 'idle' }, tokenForm('wrong-token-0123456789'))).toEqual({ status: 'error', message: 'That token is not right.' });
    }
    expect(await login({ status: 'idle' }, tokenForm('wrong-token-0123456789'))).toEqual({
      status: 'error',
      message: expect.stringMatching(/^Too many wrong tokens/),
    });
    expect(await redirected(login({ status: 'idle' }, tokenForm(TOKEN)))).toEqual({ redirect: 'NEXT_REDIRECT' });
    expect(browser.cookies.has(COOKIE_NAME)).toBe(true);
  });
});

describe('logout', () => {
  it('ends the login on the server: a copy of the old cookie is refused', async () => {
    const other = startLogin();
    const cookie = startLogin();
    browser.cookies.set(COOKIE_NAME, cookie);
    expect(await redirected(logout())).toEqual({ redirect: 'NEXT_REDIRECT' });
    expect(browser.cookies.has(COOKIE_NAME)).toBe(false);
    expect(await apiStatus(cookie)).toBe(401);
    expect(await apiStatus(other)).toBe(200);
  });

  it('everywhere ends every login', async () => {
    const others = [startLogin(), startLogin()];
    const cookie = startLogin();
    browser.cookies.set(COOKIE_NAME, cookie);
    expect(await redirected(logoutEverywhere())).toEqual({ redirect: 'NEXT_REDIRECT' });
    for (const value of [cookie, ...others]) expect(await apiStatus(value)).toBe(401);
  });
});
