import { NextRequest } from 'next/server';
import { beforeEach, describe, expect, it } from 'vitest';
import { proxy } from '@/proxy';
import { getDb } from '@/store/index';
import { useTempDatabase } from '@/lib/testing/helpers';
import { COOKIE_NAME } from './cookie';
import { isLiveLogin, startLogin } from './logins';
import { GuessLimiter, replaceGuessLimiter } from './rate-limit';

const TOKEN = 'proxy-test-token-0123456789';
const PEER = { host: '127.0.0.1:3000', 'x-active-sessions-peer': '127.0.0.1' };

const get = (path: string, headers: Record<string, string> = PEER) =>
  proxy(new NextRequest(`http://127.0.0.1:3000${path}`, { headers }));

function pathAndQuery(response: Response): string {
  const location = new URL(response.headers.get('location')!, 'http://127.0.0.1:3000');
  expect(location.host).toBe('localhost:3000');
  return location.pathname + location.search;
}

beforeEach(() => {
  useTempDatabase();
  process.env.ACTIVE_SESSIONS_TOKEN = TOKEN;
  replaceGuessLimiter(new GuessLimiter({ sleep: async () => undefined }));
});

describe('a ?token= link', () => {
  it('from a client that guessed wrong many times still logs in with the right token', async () => {
    for (let i = 0; i < 5; i++) {
      expect((await get('/sessions/abc?token=wrong-token-01234')).headers.get('location')).toMatch(/error=invalid$/);
    }
    for (let i = 0; i < 50; i++) {
      expect((await get('/sessions/abc?token=wrong-token-01234')).headers.get('location')).toMatch(/error=limited$/);
    }
    const response = await get(`/sessions/abc?token=${TOKEN}`);
    expect(response.status).toBe(307);
    expect(new URL(response.headers.get('location')!).pathname).toBe('/sessions/abc');
    expect(isLiveLogin(response.cookies.get(COOKIE_NAME)?.value)).toBe(true);
  });

  it('from a browser already logged in is followed without checking or counting its token', async () => {
    const sleeps: number[] = [];
    replaceGuessLimiter(new GuessLimiter({ sleep: async (ms) => void sleeps.push(ms) }));
    for (let i = 0; i < 10; i++) await get('/sessions?token=wrong-token-01234');
    sleeps.length = 0;
    const response = await get('/sessions/abc?token=wrong-token-01234', { ...PEER, cookie: `${COOKIE_NAME}=${startLogin()}` });
    expect(new URL(response.headers.get('location')!).pathname).toBe('/sessions/abc');
    expect(sleeps).toEqual([]);
  });
});

describe('paths', () => {
  it('with a malformed percent-encoding get a 400 JSON error', async () => {
    for (const path of ['/api/sessions/%', '/api/sessions/%zz/kill', '/sessions/%E0%A4%A']) {
      const response = await get(path);
      expect(response.status, path).toBe(400);
      expect(await response.json()).toEqual({ error: expect.stringMatching(/malformed percent-encoding/) });
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    }
  });

  it('with a trailing slash are redirected without it, with the security headers', async () => {
    const response = await get('/api/sessions/?status=running');
    expect(response.status).toBe(308);
    expect(pathAndQuery(response)).toBe('/api/sessions?status=running');
    expect(response.headers.get('x-frame-options')).toBe('DENY');
    expect(response.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(pathAndQuery(await get('/sessions/'))).toBe('/sessions');
    expect(pathAndQuery(await get('//evil.example/'))).toBe('/evil.example');
    expect((await get('/')).status).not.toBe(308);
  });
});

describe('OAuth discovery', () => {
  it('finds nothing: a 404 JSON, never the login page, so MCP clients keep their bearer header', async () => {
    for (const path of ['/.well-known/oauth-protected-resource/api/mcp', '/.well-known/oauth-authorization-server']) {
      const response = await get(path);
      expect(response.status).toBe(404);
      expect(response.headers.get('location')).toBeNull();
      expect((await response.json()).error).toMatch(/bearer token, not OAuth/);
    }
  });
});

describe('a ?token= link while the store refuses writes', () => {
  it('lands on the login page saying the login could not be recorded, not on a 500', async () => {
    const client = getDb().$client;
    client.exec("CREATE TEMP TRIGGER refuse_logins BEFORE INSERT ON logins BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END");
    try {
      const response = await get(`/sessions/abc?token=${TOKEN}`);
      expect(pathAndQuery(response)).toBe('/login?next=%2Fsessions%2Fabc&error=store');
      expect(response.headers.get('set-cookie')).toBeNull();
    } finally {
      client.exec('DROP TRIGGER temp.refuse_logins');
    }
  });
});
