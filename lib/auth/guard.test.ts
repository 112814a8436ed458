import { statSync } from 'node:fs';
import { beforeEach, describe, expect, it } from 'vitest';
import { useTempDatabase } from '@/lib/testing/helpers';
import { COOKIE_MAX_AGE_SECONDS, COOKIE_NAME, issueCookieValue, isValidCookieValue } from './cookie';
import { authorize, type RequestFacts } from './guard';
import { isAllowedHost } from './hosts';
import { safeFragment, safeReturnPath } from './return-path';
import { accessToken, isValidToken, tokenFilePath } from './token';

const TOKEN = 'guard-test-token-abcdefghijklmnop';

function facts(method: string, headers: Record<string, string>, cookie?: string): RequestFacts {
  return {
    method,
    headers: new Headers({ host: '127.0.0.1:3000', 'x-forwarded-for': '10.1.1.1', ...headers }),
    cookie: (name) => (name === COOKIE_NAME ? cookie : undefined),
  };
}
const bearer = { authorization: `Bearer ${TOKEN}` };
const status = (verdict: ReturnType<typeof authorize>) => (verdict.ok ? 200 : verdict.denial.status);

beforeEach(() => {
  useTempDatabase();
  process.env.ACTIVE_SESSIONS_TOKEN = TOKEN;
  delete process.env.ALLOWED_HOSTS;
});

describe('the token', () => {
  it('is generated once, kept in a 0600 file beside the database, and reused', () => {
    delete process.env.ACTIVE_SESSIONS_TOKEN;
    const first = accessToken();
    expect(first).toMatchObject({ source: 'file', created: true, file: tokenFilePath() });
    expect(first.value.length).toBeGreaterThanOrEqual(43);
    expect(statSync(tokenFilePath()).mode & 0o777).toBe(0o600);
    expect(isValidToken(first.value)).toBe(true);
    expect(isValidToken(`${first.value}x`)).toBe(false);
    expect(isValidToken('')).toBe(false);
  });

  it('refuses an operator token that is too short', () => {
    process.env.ACTIVE_SESSIONS_TOKEN = 'short';
    expect(() => accessToken()).toThrow(/at least 16 characters/);
  });
});

describe('API requests', () => {
  it('need a credential: none → 401, wrong token → 401, right token → ok', () => {
    expect(status(authorize(facts('GET', {})))).toBe(401);
    expect(status(authorize(facts('GET', { authorization: 'Bearer wrong-token' })))).toBe(401);
    expect(status(authorize(facts('GET', { authorization: 'Basic abc' })))).toBe(401);
    expect(authorize(facts('GET', bearer))).toEqual({ ok: true, credential: 'bearer' });
    // A reverse proxy's Basic auth is not ours: the login cookie still counts.
    expect(authorize(facts('GET', { authorization: 'Basic abc' }, issueCookieValue()))).toEqual({ ok: true, credential: 'cookie' });
  });

  it('slow down a client that keeps guessing, and only that client', () => {
    const guess = (ip: string) => authorize(facts('GET', { authorization: 'Bearer nope', 'x-forwarded-for': ip }));
    for (let i = 0; i < 5; i++) expect(status(guess('10.9.9.9'))).toBe(401);
    const blocked = guess('10.9.9.9');
    expect(blocked).toMatchObject({ ok: false, denial: { status: 429 } });
    expect(!blocked.ok && blocked.denial.retryAfterSeconds).toBeGreaterThan(0);
    // Even the right token waits out the block: guessing must not be confirmable faster.
    expect(status(authorize(facts('GET', { ...bearer, 'x-forwarded-for': '10.9.9.9' })))).toBe(429);
    expect(status(authorize(facts('GET', { ...bearer, 'x-forwarded-for': '10.8.8.8' })))).toBe(200);
  });

  it('slow everyone down when guesses come with a new X-Forwarded-For each time; the cookie still works', () => {
    let failures = 0;
    for (let i = 0; i < 200; i++) {
      const verdict = authorize(facts('GET', { authorization: 'Bearer nope', 'x-forwarded-for': `203.0.113.${i}` }));
      if (status(verdict) === 429) break;
      failures++;
    }
    // Earlier tests in this file guessed a few times too.
    expect(failures).toBeGreaterThan(80);
    expect(failures).toBeLessThan(100);
    expect(status(authorize(facts('GET', { ...bearer, 'x-forwarded-for': '198.51.100.1' })))).toBe(429);
    expect(status(authorize(facts('GET', {}, issueCookieValue())))).toBe(200);
    // Start the next tests with a clean slate.
    (globalThis as { activeSessionsLimiter?: Map<string, unknown> }).activeSessionsLimiter?.clear();
    expect(status(authorize(facts('GET', bearer)))).toBe(200);
  });

  it('accept a fresh signed cookie and refuse forged, expired and future ones', () => {
    const now = Date.now();
    expect(status(authorize(facts('GET', {}, issueCookieValue())))).toBe(200);
    const forged = issueCookieValue().replace(/.$/, (c) => (c === 'A' ? 'B' : 'A'));
    expect(status(authorize(facts('GET', {}, forged)))).toBe(401);
    expect(status(authorize(facts('GET', {}, `v1.${now}.${'A'.repeat(43)}`)))).toBe(401);
    const expired = issueCookieValue(now - COOKIE_MAX_AGE_SECONDS * 1000 - 1000);
    expect(isValidCookieValue(expired)).toBe(false);
    expect(status(authorize(facts('GET', {}, expired)))).toBe(401);
    expect(isValidCookieValue(issueCookieValue(now + 3_600_000))).toBe(false);
    expect(status(authorize(facts('GET', {}, 'garbage')))).toBe(401);
  });

  it('sign everyone out when the token changes', () => {
    const cookie = issueCookieValue();
    process.env.ACTIVE_SESSIONS_TOKEN = 'another-token-0123456789abcdef';
    expect(isValidCookieValue(cookie)).toBe(false);
  });

  it('refuse a cookie-carried POST or DELETE that does not prove it comes from this origin (CSRF)', () => {
    const cookie = issueCookieValue();
    for (const method of ['POST', 'DELETE']) {
      expect(status(authorize(facts(method, {}, cookie)))).toBe(403);
      expect(status(authorize(facts(method, { origin: 'https://evil.example' }, cookie)))).toBe(403);
      expect(status(authorize(facts(method, { 'sec-fetch-site': 'cross-site' }, cookie)))).toBe(403);
      expect(status(authorize(facts(method, { origin: 'http://127.0.0.1:3000' }, cookie)))).toBe(200);
      expect(status(authorize(facts(method, { 'sec-fetch-site': 'same-origin' }, cookie)))).toBe(200);
    }
  });

  it('refuse a foreign Origin whatever the credential, but need no Origin from Bearer clients', () => {
    expect(status(authorize(facts('POST', bearer)))).toBe(200);
    expect(status(authorize(facts('POST', { ...bearer, origin: 'https://evil.example' })))).toBe(403);
    expect(status(authorize(facts('DELETE', { ...bearer, origin: 'null' })))).toBe(403);
  });

  it('refuse a foreign Host (DNS rebinding) whatever the credential', () => {
    expect(status(authorize(facts('GET', { ...bearer, host: 'evil.example' })))).toBe(403);
    expect(status(authorize(facts('GET', { ...bearer, host: 'evil.example:3000' })))).toBe(403);
    expect(status(authorize(facts('GET', { ...bearer, host: '' })))).toBe(403);
  });
});

describe('allowed hosts', () => {
  it('are loopback names, IP literals and ALLOWED_HOSTS', () => {
    for (const host of ['localhost:3000', '127.0.0.1', '[::1]:3000', 'app.localhost', '192.168.1.20:3000']) {
      expect(isAllowedHost(host), host).toBe(true);
    }
    for (const host of ['evil.example', 'localhost.evil.example', 'sessions.example.com']) {
      expect(isAllowedHost(host), host).toBe(false);
    }
    process.env.ALLOWED_HOSTS = 'sessions.example.com, .corp.example';
    expect(isAllowedHost('sessions.example.com')).toBe(true);
    expect(isAllowedHost('build.corp.example:443')).toBe(true);
    expect(isAllowedHost('corp.example')).toBe(true);
    expect(isAllowedHost('evilcorp.example')).toBe(false);
  });
});

describe('the return path after login', () => {
  it.each([
    ['/sessions/abc', '/sessions/abc'],
    ['/sessions/abc?x=1#L10', '/sessions/abc?x=1#L10'],
    ['//evil.example', '/sessions'],
    ['https://evil.example', '/sessions'],
    ['/\\evil.example', '/sessions'],
    ['/login?next=/x', '/sessions'],
    [undefined, '/sessions'],
  ])('%s → %s', (candidate, expected) => expect(safeReturnPath(candidate)).toBe(expected));

  it.each([
    ['#L123', '#L123'],
    ['', ''],
    ['#', ''],
    ['#L1/../../evil', ''],
    ['#x'.repeat(40), ''],
    [null, ''],
  ])('keeps the anchor %s as %s', (candidate, expected) => expect(safeFragment(candidate)).toBe(expected));
});
