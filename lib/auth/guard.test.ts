import { statSync } from 'node:fs';
import { beforeEach, describe, expect, it } from 'vitest';
import { useTempDatabase } from '@/lib/testing/helpers';
import { COOKIE_MAX_AGE_SECONDS, COOKIE_NAME, issueCookieValue, signedLoginId } from './cookie';
import { authorize, type RequestFacts, type Verdict } from './guard';
import { vouchFor } from './internal';
import { isAllowedHost } from './hosts';
import { endAllLogins, endLogin, isLiveLogin, startLogin } from './logins';
import { GuessLimiter, replaceGuessLimiter } from './rate-limit';
import { safeFragment, safeReturnPath } from './return-path';
import { accessToken, isValidToken, tokenFilePath } from './token';

const TOKEN = 'guard-test-token-abcdefghijklmnop';
const PEER = 'x-active-sessions-peer';

function facts(method: string, headers: Record<string, string>, cookie?: string): RequestFacts {
  return {
    method,
    headers: new Headers({ host: '127.0.0.1:3000', [PEER]: '10.1.1.1', ...headers }),
    cookie: (name) => (name === COOKIE_NAME ? cookie : undefined),
  };
}
const bearer = { authorization: `Bearer ${TOKEN}` };
const wrong = { authorization: 'Bearer wrong-token-0123456789' };
const status = async (verdict: Promise<Verdict>) => {
  const settled = await verdict;
  return settled.ok ? 200 : settled.denial.status;
};

// Every delay the limiter asked for: the tests do not wait them out.
let slept: number[] = [];

beforeEach(() => {
  useTempDatabase();
  process.env.ACTIVE_SESSIONS_TOKEN = TOKEN;
  delete process.env.ACTIVE_SESSIONS_TOKEN_FILE;
  delete process.env.ALLOWED_HOSTS;
  delete process.env.TRUSTED_PROXIES;
  slept = [];
  replaceGuessLimiter(new GuessLimiter({ sleep: async (ms) => void slept.push(ms) }));
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
  it('need a credential: none → 401, wrong token → 401, right token → ok', async () => {
    expect(await status(authorize(facts('GET', {})))).toBe(401);
    expect(await status(authorize(facts('GET', wrong)))).toBe(401);
    expect(await status(authorize(facts('GET', { authorization: 'Basic abc' })))).toBe(401);
    expect(await authorize(facts('GET', bearer))).toEqual({ ok: true, credential: 'bearer' });
    // A reverse proxy's Basic auth is not ours: the login cookie still counts.
    expect(await authorize(facts('GET', { authorization: 'Basic abc' }, startLogin()))).toEqual({ ok: true, credential: 'cookie' });
  });

  it('accept a fresh signed cookie and refuse forged, expired, future and old-style ones', async () => {
    const now = Date.now();
    const cookie = startLogin();
    expect(await status(authorize(facts('GET', {}, cookie)))).toBe(200);
    const forged = cookie.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A'));
    expect(await status(authorize(facts('GET', {}, forged)))).toBe(401);
    const id = signedLoginId(cookie)!;
    expect(await status(authorize(facts('GET', {}, `v2.${now}.${id}.${'A'.repeat(43)}`)))).toBe(401);
    const expired = issueCookieValue(id, now - COOKIE_MAX_AGE_SECONDS * 1000 - 1000);
    expect(signedLoginId(expired)).toBeNull();
    expect(await status(authorize(facts('GET', {}, expired)))).toBe(401);
    expect(signedLoginId(issueCookieValue(id, now + 3_600_000))).toBeNull();
    expect(await status(authorize(facts('GET', {}, 'garbage')))).toBe(401);
    // Before logins were recorded, a cookie named none: it counts for nothing now.
    expect(await status(authorize(facts('GET', {}, `v1.${now}.${'A'.repeat(43)}`)))).toBe(401);
  });

  it('refuse a well-signed cookie whose login was never recorded', async () => {
    expect(await status(authorize(facts('GET', {}, issueCookieValue('A'.repeat(22)))))).toBe(401);
  });

  it('sign everyone out when the token changes', () => {
    const cookie = startLogin();
    process.env.ACTIVE_SESSIONS_TOKEN = 'another-token-0123456789abcdef';
    expect(isLiveLogin(cookie)).toBe(false);
  });

  it('refuse a cookie-carried POST or DELETE that does not prove it comes from this origin (CSRF)', async () => {
    const cookie = startLogin();
    for (const method of ['POST', 'DELETE']) {
      expect(await status(authorize(facts(method, {}, cookie)))).toBe(403);
      expect(await status(authorize(facts(method, { origin: 'https://evil.example' }, cookie)))).toBe(403);
      expect(await status(authorize(facts(method, { 'sec-fetch-site': 'cross-site' }, cookie)))).toBe(403);
      expect(await status(authorize(facts(method, { origin: 'http://127.0.0.1:3000' }, cookie)))).toBe(200);
      expect(await status(authorize(facts(method, { 'sec-fetch-site': 'same-origin' }, cookie)))).toBe(200);
    }
  });

  it('take the same host over the other scheme for another origin', async () => {
    const cookie = startLogin();
    const https = { 'x-forwarded-proto': 'https' };
    expect(await status(authorize(facts('POST', { origin: 'https://127.0.0.1:3000' }, cookie)))).toBe(403);
    expect(await status(authorize(facts('POST', { ...https, origin: 'http://127.0.0.1:3000' }, cookie)))).toBe(403);
    expect(await status(authorize(facts('POST', { ...https, origin: 'https://127.0.0.1:3000' }, cookie)))).toBe(200);
    expect(await status(authorize(facts('POST', { ...bearer, origin: 'https://127.0.0.1:3000' })))).toBe(403);
  });

  it('refuse a foreign Origin whatever the credential, but need no Origin from Bearer clients', async () => {
    expect(await status(authorize(facts('POST', bearer)))).toBe(200);
    expect(await status(authorize(facts('POST', { ...bearer, origin: 'https://evil.example' })))).toBe(403);
    expect(await status(authorize(facts('DELETE', { ...bearer, origin: 'null' })))).toBe(403);
  });

  it('refuse a foreign Host (DNS rebinding) whatever the credential', async () => {
    expect(await status(authorize(facts('GET', { ...bearer, host: 'evil.example' })))).toBe(403);
    expect(await status(authorize(facts('GET', { ...bearer, host: 'evil.example:3000' })))).toBe(403);
    expect(await status(authorize(facts('GET', { ...bearer, host: '' })))).toBe(403);
  });
});

describe('logging out', () => {
  it('ends that login: the old cookie value is refused, other logins go on', async () => {
    const kept = startLogin();
    const ended = startLogin();
    expect(await status(authorize(facts('GET', {}, ended)))).toBe(200);
    endLogin(ended);
    expect(await status(authorize(facts('GET', {}, ended)))).toBe(401);
    expect(await status(authorize(facts('GET', {}, kept)))).toBe(200);
  });

  it('everywhere ends every login made before it; a new login works', async () => {
    const older = [startLogin(), startLogin(), startLogin()];
    endAllLogins();
    for (const cookie of older) expect(await status(authorize(facts('GET', {}, cookie)))).toBe(401);
    expect(await status(authorize(facts('GET', {}, startLogin())))).toBe(200);
  });
});

describe('guessing', () => {
  const guess = (peer: string, extra: Record<string, string> = {}) => authorize(facts('GET', { ...wrong, [PEER]: peer, ...extra }));

  it('is slowed per client, told it is rate-limited, and the right token still gets in within 4 s', async () => {
    for (let i = 0; i < 5; i++) expect(await status(guess('127.0.0.1'))).toBe(401);
    expect(slept).toEqual([]);
    const limited = await guess('127.0.0.1');
    expect(limited).toMatchObject({ ok: false, denial: { status: 429, error: expect.stringMatching(/^rate-limited/) } });
    expect(!limited.ok && limited.denial.retryAfterSeconds).toBeGreaterThan(0);
    for (let i = 0; i < 200; i++) expect(await status(guess('127.0.0.1'))).toBe(429);
    expect(Math.max(...slept)).toBeLessThanOrEqual(4000);

    slept = [];
    expect(await authorize(facts('GET', { ...bearer, [PEER]: '127.0.0.1' }))).toEqual({ ok: true, credential: 'bearer' });
    // Answered after the delay, not before: the right token is not confirmed faster than a guess.
    expect(slept).toEqual([4000]);
    // The right token cleared the record.
    slept = [];
    expect(await status(guess('127.0.0.1'))).toBe(401);
    expect(slept).toEqual([]);
  });

  it("by one client never limits another", async () => {
    for (let i = 0; i < 50; i++) await guess('198.51.100.7');
    slept = [];
    expect(await status(guess('198.51.100.8'))).toBe(401);
    expect(await status(authorize(facts('GET', { ...bearer, [PEER]: '198.51.100.8' })))).toBe(200);
    expect(slept).toEqual([]);
  });

  it('with a new X-Forwarded-For each time, from a peer that is no trusted proxy, is still one client', async () => {
    const verdicts = [];
    for (let i = 0; i < 10; i++) verdicts.push(await status(guess('127.0.0.1', { 'x-forwarded-for': `203.0.113.${i}` })));
    expect(verdicts).toEqual([401, 401, 401, 401, 401, 429, 429, 429, 429, 429]);
  });

  it('behind a proxy named in TRUSTED_PROXIES counts the X-Forwarded-For client, not the proxy', async () => {
    process.env.TRUSTED_PROXIES = '127.0.0.1';
    const viaProxy = (client: string) => guess('127.0.0.1', { 'x-forwarded-for': `forged-by-client, ${client}` });
    for (let i = 0; i < 5; i++) expect(await status(viaProxy('203.0.113.9'))).toBe(401);
    expect(await status(viaProxy('203.0.113.9'))).toBe(429);
    expect(await status(viaProxy('203.0.113.10'))).toBe(401);
    expect(await status(authorize(facts('GET', { ...bearer, [PEER]: '127.0.0.1', 'x-forwarded-for': '203.0.113.10' })))).toBe(200);
  });

  it('never limits a request that carries a valid login cookie', async () => {
    for (let i = 0; i < 20; i++) await guess('10.1.1.1');
    slept = [];
    expect(await status(authorize(facts('GET', {}, startLogin())))).toBe(200);
    expect(await status(authorize(facts('POST', { origin: 'http://127.0.0.1:3000' }, startLogin())))).toBe(200);
    expect(slept).toEqual([]);
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

describe('requests this server makes for a caller it already authenticated', () => {
  it('pass without a token and count nothing, even from an address that is being slowed', async () => {
    const peer = '198.51.100.77';
    const headers = (extra: Record<string, string>) => new Headers({ host: '127.0.0.1:3000', [PEER]: peer, ...extra });
    const requestFacts = (extra: Record<string, string>): RequestFacts => ({ method: 'POST', headers: headers(extra), cookie: () => undefined });
    for (let i = 0; i < 8; i++) await authorize(requestFacts({ authorization: 'Bearer wrong-guess' }));
    const vouched = headers({});
    vouchFor(vouched);
    expect(await authorize({ method: 'POST', headers: vouched, cookie: () => undefined })).toEqual({ ok: true, credential: 'internal' });
    // A voucher is this process's secret: one written by a client is nothing.
    const forged = await authorize(requestFacts({ 'x-active-sessions-internal': 'guessed-value' }));
    expect(forged.ok).toBe(false);
  });
});
