import { beforeAll, describe, expect, it } from 'vitest';
import { withSessionHost } from '@/lib/testing/host';
import { textOf, waitForEnd } from '@/lib/testing/helpers';
import type { SessionListPage } from '@/core/contract';
import * as collection from './route';
import * as single from './[id]/route';
import * as rerun from './[id]/rerun/route';
import * as pin from './[id]/pin/route';
import * as retention from '../retention/route';

withSessionHost();
beforeAll(() => {
  process.env.ACTIVE_SESSIONS_TOKEN = TOKEN;
});

const TOKEN = 'rerun-test-token-0123456789';
const SECRET = 'hunter2-not-for-the-api';
const base = 'http://localhost/api/sessions';
const ctx = (id: string) => ({ params: Promise.resolve({ id }) });
const none = { params: Promise.resolve({}) };

function req(url: string, init: RequestInit = {}) {
  return new Request(url, { ...init, headers: { host: 'localhost', authorization: `Bearer ${TOKEN}`, ...init.headers } });
}

async function launch(body: unknown) {
  const response = await collection.POST(req(base, { method: 'POST', body: JSON.stringify(body) }), none);
  expect(response.status).toBe(201);
  return response.json();
}

async function get(id: string) {
  const response = await single.GET(req(`${base}/${id}`), ctx(id));
  return { status: response.status, text: await response.text() };
}

describe('POST /api/sessions/:id/rerun', () => {
  it('runs the same command, name, directory, env and timeout again, linked both ways; env shows names, never values', async () => {
    const first = await launch({ command: 'echo "FOO is $FOO"', name: 'env echo', cwd: '/tmp', env: { FOO: SECRET, BAR: 'x' }, timeout: 60 });
    expect(first).toMatchObject({ envNames: ['BAR', 'FOO'], pinned: false, rerunOf: null, latestRerun: null });
    expect(JSON.stringify(first)).not.toContain(SECRET);
    await waitForEnd(first.id);

    const response = await rerun.POST(req(`${base}/${first.id}/rerun`, { method: 'POST' }), ctx(first.id));
    expect(response.status).toBe(201);
    const second = await response.json();
    expect(response.headers.get('location')).toBe(`/api/sessions/${second.id}`);
    expect(second).toMatchObject({ name: 'env echo', command: first.command, cwd: '/tmp', timeout: 60, envNames: ['BAR', 'FOO'], rerunOf: first.id, source: 'api' });
    expect(second.id).not.toBe(first.id);
    // The stored values reached the command again.
    await waitForEnd(second.id);
    expect(textOf(second.id)).toContain(`FOO is ${SECRET}`);

    const original = await get(first.id);
    expect(JSON.parse(original.text)).toMatchObject({ latestRerun: second.id });
    const list = await (await collection.GET(req(`${base}?limit=100`), none)).text();
    for (const text of [original.text, (await get(second.id)).text, list]) {
      expect(text).toContain('"envNames":["BAR","FOO"]');
      expect(text).not.toContain(SECRET);
    }
  });

  it('keeps terminal mode and its size', async () => {
    const first = await launch({ command: 'true', tty: true, cols: 100, rows: 30 });
    await waitForEnd(first.id);
    const second = await (await rerun.POST(req(`${base}/${first.id}/rerun`, { method: 'POST' }), ctx(first.id))).json();
    expect(second).toMatchObject({ tty: true, cols: 100, rows: 30, envNames: [], rerunOf: first.id });
  });

  it('answers 404 for a session that does not exist', async () => {
    const response = await rerun.POST(req(`${base}/nope/rerun`, { method: 'POST' }), ctx('nope'));
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({ error: 'no session with id nope' });
  });
});

describe('POST /api/sessions/:id/pin', () => {
  const pinRequest = (id: string, body: unknown) => pin.POST(req(`${base}/${id}/pin`, { method: 'POST', body: JSON.stringify(body) }), ctx(id));

  it('pins and unpins, answering the session', async () => {
    const session = await launch({ command: 'true' });
    const pinned = await pinRequest(session.id, { pinned: true });
    expect(pinned.status).toBe(200);
    expect(await pinned.json()).toMatchObject({ id: session.id, pinned: true });
    expect(JSON.parse((await get(session.id)).text).pinned).toBe(true);
    expect(await (await pinRequest(session.id, { pinned: false })).json()).toMatchObject({ pinned: false });
  });

  it.each([
    [{}, 'pinned is required: true or false'],
    [{ pinned: 'yes' }, 'pinned is required: true or false'],
    [{ pinned: true, why: 1 }, 'unknown field(s): why'],
  ])('refuses %j with 400', async (body, error) => {
    const session = await launch({ command: 'true' });
    const response = await pinRequest(session.id, body);
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ error });
  });

  it('answers 404 for a session that does not exist', async () => {
    expect((await pinRequest('nope', { pinned: true })).status).toBe(404);
  });

  it('leaves a pinned session out of the count of what Clear Completed removes', async () => {
    const session = await launch({ command: 'true' });
    await waitForEnd(session.id);
    await pinRequest(session.id, { pinned: true });
    // Count and page are read in one request, so they agree whatever other tests' sessions do meanwhile.
    const list = async () => (await (await collection.GET(req(base), none)).json()) as SessionListPage;
    const clearable = ({ sessions }: SessionListPage) => sessions.filter((listed) => listed.status !== 'running' && !listed.pinned).length;
    const page = await list();
    expect(page.sessions.find((listed) => listed.id === session.id)).toMatchObject({ status: 'completed', pinned: true });
    expect(page.clearable).toBe(clearable(page));
  });
});

describe('GET /api/retention', () => {
  it('tells the output stored and the rules (none by default)', async () => {
    const response = await retention.GET(req('http://localhost/api/retention'), none);
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body).toMatchObject({ retainDays: null, retainBytes: null, next: null });
    expect(body.usedBytes).toBeGreaterThan(0);
  });
});
