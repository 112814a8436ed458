import { existsSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { getDb } from '@/store/index';
import { withSessionHost } from '@/lib/testing/host';
import { textOf, until, waitForEnd } from '@/lib/testing/helpers';
import * as collection from './route';
import * as single from './[id]/route';
import * as kill from './[id]/kill/route';
import * as output from './[id]/output/route';

withSessionHost();
beforeAll(() => {
  process.env.ACTIVE_SESSIONS_TOKEN = TOKEN;
});

const TOKEN = 'api-test-token-0123456789';
const base = 'http://localhost/api/sessions';
const ctx = (id: string) => ({ params: Promise.resolve({ id }) });
const none = { params: Promise.resolve({}) };

/** A request as an API client (curl, an agent) sends it: with its Host and Bearer token. */
function req(url: string, init: RequestInit = {}) {
  return new Request(url, { ...init, headers: { host: 'localhost', authorization: `Bearer ${TOKEN}`, ...init.headers } });
}

function post(body: unknown, raw = false) {
  return collection.POST(req(base, { method: 'POST', body: raw ? (body as string) : JSON.stringify(body) }), none);
}

async function create(command: string) {
  const response = await post({ command });
  expect(response.status).toBe(201);
  return (await response.json()) as { id: string; status: string };
}

async function readPage(id: string, after: number, limit?: number) {
  const query = `after=${after}${limit ? `&limit=${limit}` : ''}`;
  const response = await output.GET(req(`${base}/${id}/output?${query}`), ctx(id));
  expect(response.status).toBe(200);
  return (await response.json()) as { chunks: { seq: number; stream: string; text: string; at: string }[]; next: number; done: boolean };
}

describe('POST /api/sessions', () => {
  it('creates a session: 201, its record and a Location', async () => {
    const response = await post({ command: 'echo hi', name: 'greeting', env: { A: 'b' } });
    expect(response.status).toBe(201);
    const session = await response.json();
    expect(session).toMatchObject({ name: 'greeting', command: 'echo hi', status: 'running', endReason: null });
    expect(session.id).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(new Date(session.createdAt).toISOString()).toBe(session.createdAt);
    expect(response.headers.get('location')).toBe(`/api/sessions/${session.id}`);
  });

  it.each([
    ['an empty command', { command: '' }, 'command must not be empty'],
    ['a whitespace command', { command: ' \n\t ' }, 'command must not be empty'],
    ['a missing command', {}, 'command is required and must be a string'],
    ['a command of the wrong type', { command: 5 }, 'command is required and must be a string'],
    ['a command over 16 KiB', { command: `echo ${'x'.repeat(16 * 1024)}` }, 'command must be at most 16 KiB'],
    ['a non-string env value', { command: 'ls', env: { A: 1 } }, 'env values must be strings'],
    ['an env that is not an object', { command: 'ls', env: ['A'] }, 'env must be an object of string values'],
    ['a bad env name', { command: 'ls', env: { 'A-B': 'x' } }, 'env names must be letters, digits and underscores, and not start with a digit'],
    ['an unknown field', { command: 'ls', cmd: 'ls' }, 'unknown field(s): cmd'],
    ['a name of the wrong type', { command: 'ls', name: 3 }, 'name must be a string'],
    ['a NUL byte', { command: 'ls\0' }, 'command must not contain NUL bytes'],
  ])('refuses %s with 400', async (_what, body, error) => {
    const response = await post(body);
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ error });
  });

  it.each([
    ['malformed JSON', '{"command": ', 'request body is not valid JSON'],
    ['a JSON array', '["ls"]', 'request body must be a JSON object'],
    ['an empty body', '', 'request body is not valid JSON'],
  ])('refuses %s with 400', async (_what, body, error) => {
    const response = await post(body, true);
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ error });
  });

  it('answers 503 and starts nothing while the store refuses the session (the host writes it)', async () => {
    const marker = path.join(path.dirname(process.env.DATABASE_PATH!), 'ran');
    const store = getDb().$client;
    // A trigger in the database file, unlike a pragma, holds for the host's connection too.
    store.exec("CREATE TRIGGER refuse_sessions BEFORE INSERT ON sessions BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END");
    try {
      const refused = await post({ command: `touch ${marker}` });
      expect(refused.status).toBe(503);
      expect(refused.headers.get('retry-after')).toBeTruthy();
      expect((await refused.json()).error).toMatch(/cannot write.*nothing was started/);
    } finally {
      store.exec('DROP TRIGGER refuse_sessions');
    }
    expect(existsSync(marker)).toBe(false);
    const accepted = await create(`touch ${marker}`);
    expect((await waitForEnd(accepted.id)).status).toBe('completed');
    expect(existsSync(marker)).toBe(true);
  });

  it('refuses a body over 256 KiB with 413', async () => {
    const response = await post({ command: 'ls', name: 'x'.repeat(300 * 1024) });
    expect(response.status).toBe(413);
  });
});

describe('GET /api/sessions and /api/sessions/:id', () => {
  it('lists running sessions first, then the rest newest first', async () => {
    const finished = await create('true');
    await waitForEnd(finished.id);
    const newer = await create('true');
    await waitForEnd(newer.id);
    const running = await create('sleep 5');
    const response = await collection.GET(req(base), none);
    const { sessions } = (await response.json()) as { sessions: { id: string; status: string }[] };
    const ids = sessions.map((s) => s.id);
    expect(ids.indexOf(running.id)).toBe(0);
    expect(ids.indexOf(newer.id)).toBeLessThan(ids.indexOf(finished.id));
    const limited = await collection.GET(req(`${base}?limit=1`), none);
    expect(((await limited.json()) as { sessions: unknown[] }).sessions).toHaveLength(1);
    expect((await collection.GET(req(`${base}?limit=0`), none)).status).toBe(400);
    expect((await collection.GET(req(`${base}?bogus=1`), none)).status).toBe(400);
  });

  it('lists one status on request, with its own total', async () => {
    const running = await create('sleep 5');
    const failed = await create('exit 4');
    await waitForEnd(failed.id);
    const only = async (status: string) => {
      const response = await collection.GET(req(`${base}?status=${status}`), none);
      expect(response.status).toBe(200);
      return (await response.json()) as { sessions: { id: string; status: string }[]; total: number };
    };
    const runningPage = await only('running');
    expect(runningPage.sessions.every((s) => s.status === 'running')).toBe(true);
    expect(runningPage.sessions.map((s) => s.id)).toContain(running.id);
    expect(runningPage.total).toBe(runningPage.sessions.length);
    const failedPage = await only('failed');
    expect(failedPage.sessions.map((s) => s.id)).toContain(failed.id);
    expect(failedPage.sessions.every((s) => s.status === 'failed')).toBe(true);
    const bad = await collection.GET(req(`${base}?status=done`), none);
    expect(await bad.json()).toEqual({ error: 'status must be "running", "completed" or "failed"' });
  });

  it('lists the sessions whose name or command holds a text, ignoring case, with their own total', async () => {
    const tag = `Needle${Date.now()}`;
    const byCommand = await create(`echo ${tag}`);
    const byName = (await (await post({ command: 'true', name: `deploy ${tag.toLowerCase()} db` })).json()) as { id: string };
    const other = await create('echo haystack');
    await Promise.all([byCommand, byName, other].map((session) => waitForEnd(session.id)));
    const search = async (query: string) => {
      const response = await collection.GET(req(`${base}?${query}`), none);
      expect(response.status).toBe(200);
      return (await response.json()) as { sessions: { id: string }[]; total: number };
    };
    const found = await search(`q=${encodeURIComponent(` ${tag.toUpperCase()} `)}`);
    expect(found.sessions.map((s) => s.id).sort()).toEqual([byCommand.id, byName.id].sort());
    expect(found.total).toBe(2);
    const limited = await search(`q=${tag}&limit=1`);
    expect(limited.sessions).toHaveLength(1);
    expect(limited.total).toBe(2);
    expect((await search(`q=${tag}&status=failed`)).total).toBe(0);
    // A text that means something to SQL is only text.
    expect((await search(`q=${encodeURIComponent("%' OR 1=1 --")}`)).total).toBe(0);
    const long = await collection.GET(req(`${base}?q=${'x'.repeat(201)}`), none);
    expect(long.status).toBe(400);
    expect(await long.json()).toEqual({ error: 'q must be at most 200 characters' });
  });

  it('says who launched a session, its timeout, and its link', async () => {
    const response = await post({ command: 'true', source: 'cli', client: 'active-sessions 0.1', timeout: 90 });
    const session = await response.json();
    expect(session).toMatchObject({ source: 'cli', client: 'active-sessions 0.1', timeout: 90 });
    expect(session.url).toBe(`http://127.0.0.1:3000/sessions/${session.id}`);
    const plain = await (await post({ command: 'true' })).json();
    expect(plain).toMatchObject({ source: 'api', client: null, timeout: null });
    process.env.PUBLIC_URL = 'https://sessions.example.com/';
    try {
      const behindProxy = await (await single.GET(req(`${base}/${plain.id}`), ctx(plain.id))).json();
      expect(behindProxy.url).toBe(`https://sessions.example.com/sessions/${plain.id}`);
    } finally {
      delete process.env.PUBLIC_URL;
    }
    for (const [body, error] of [
      [{ command: 'true', source: 'ui' }, 'source must be "api", "cli" or "mcp"'],
      [{ command: 'true', timeout: 0 }, 'timeout must be at least 1 second'],
      [{ command: 'true', timeout: 1.5 }, 'timeout must be a whole number of seconds'],
      [{ command: 'true', client: 'a\u0007b' }, 'client must not contain control characters'],
    ] as const) {
      const refused = await post(body);
      expect(refused.status).toBe(400);
      expect(await refused.json()).toEqual({ error });
    }
  });

  it('returns one session, or 404 with an error', async () => {
    const { id } = await create('true');
    const found = await single.GET(req(`${base}/${id}`), ctx(id));
    expect(found.status).toBe(200);
    expect(((await found.json()) as { id: string }).id).toBe(id);
    const missing = await single.GET(req(`${base}/nope`), ctx('nope'));
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({ error: 'no session with id nope' });
  });
});

describe('GET /api/sessions/:id/output', () => {
  it('returns only newer chunks after the cursor, and done flips exactly once', async () => {
    const { id } = await create('for i in 1 2 3 4; do echo line $i; sleep 0.15; done');
    let after = 0;
    let text = '';
    const dones: boolean[] = [];
    for (let polls = 0; polls < 200; polls++) {
      const page = await readPage(id, after);
      for (const chunk of page.chunks) expect(chunk.seq).toBeGreaterThan(after);
      text += page.chunks.map((c) => c.text).join('');
      after = page.next;
      dones.push(page.done);
      if (page.done) break;
      await new Promise((resolve) => setTimeout(resolve, 40));
    }
    expect(text).toBe('line 1\nline 2\nline 3\nline 4\nexited with code 0\n');
    expect(dones.indexOf(true)).toBe(dones.length - 1);
    const again = await readPage(id, after);
    expect(again).toEqual({ chunks: [], next: after, done: true });
  });

  it('pages with limit, and is not done while chunks remain', async () => {
    const { id } = await create('echo a; sleep 0.1; echo b; sleep 0.1; echo c');
    await waitForEnd(id);
    const first = await readPage(id, 0, 2);
    expect(first.chunks.map((c) => c.text)).toEqual(['a\n', 'b\n']);
    expect(first.done).toBe(false);
    const second = await readPage(id, first.next, 2);
    expect(second.chunks.map((c) => c.text)).toEqual(['c\n', 'exited with code 0\n']);
    expect(second.done).toBe(true);
  });

  it('refuses a bad cursor and answers 404 for an unknown session', async () => {
    const { id } = await create('true');
    for (const query of ['after=-1', 'after=x', 'limit=0', 'limit=100000', 'after=1.5', 'limit=', 'limit=%20', 'limit=0x10', 'limit=1e3']) {
      const response = await output.GET(req(`${base}/${id}/output?${query}`), ctx(id));
      expect(response.status, query).toBe(400);
      expect(((await response.json()) as { error: string }).error).toBeTruthy();
    }
    expect((await output.GET(req(`${base}/nope/output`), ctx('nope'))).status).toBe(404);
  });
});

describe('POST /api/sessions/:id/kill and DELETE /api/sessions', () => {
  it('kills a running session: 202, then 409 once it has ended', async () => {
    const { id } = await create('sleep 100');
    const accepted = await kill.POST(req(`${base}/${id}/kill`, { method: 'POST' }), ctx(id));
    expect(accepted.status).toBe(202);
    const ended = await waitForEnd(id);
    expect(ended).toMatchObject({ status: 'failed', endReason: 'killed' });
    const conflict = await kill.POST(req(`${base}/${id}/kill`, { method: 'POST' }), ctx(id));
    expect(conflict.status).toBe(409);
    expect(((await conflict.json()) as { error: string }).error).toBe('session is not running: nothing to kill');
    const missing = await kill.POST(req(`${base}/nope/kill`, { method: 'POST' }), ctx('nope'));
    expect(missing.status).toBe(404);
  });

  it('takes the grace period of one kill: graceMs, then SIGKILL', async () => {
    const { id } = await create("trap '' TERM; echo ready; while :; do sleep 0.05; done");
    await until(() => textOf(id).includes('ready'));
    const accepted = await kill.POST(req(`${base}/${id}/kill?graceMs=200`, { method: 'POST' }), ctx(id));
    expect(accepted.status).toBe(202);
    await waitForEnd(id);
    expect(textOf(id, 'system')).toMatch(/^killed by user \(still running 0.2s after SIGTERM, sent SIGKILL\)/);
    const bad = await kill.POST(req(`${base}/${id}/kill?graceMs=soon`, { method: 'POST' }), ctx(id));
    expect(await bad.json()).toEqual({ error: 'graceMs must be a whole number' });
  });

  it('clears finished sessions and keeps running ones', async () => {
    const running = await create('sleep 5');
    const finished = await create('true');
    await waitForEnd(finished.id);
    expect((await collection.DELETE(req(base, { method: 'DELETE' }), none)).status).toBe(400);
    const response = await collection.DELETE(req(`${base}?status=finished`, { method: 'DELETE' }), none);
    expect(response.status).toBe(200);
    const { cleared } = (await response.json()) as { cleared: number };
    expect(cleared).toBeGreaterThanOrEqual(1);
    const list = (await (await collection.GET(req(base), none)).json()) as { sessions: { id: string; status: string }[] };
    expect(list.sessions.every((s) => s.status === 'running')).toBe(true);
    expect(list.sessions.map((s) => s.id)).toContain(running.id);
  });
});
