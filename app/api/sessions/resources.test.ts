import { beforeAll, describe, expect, it } from 'vitest';
import { withSessionHost } from '@/lib/testing/host';
import { waitForEnd } from '@/lib/testing/helpers';
import type { ResourceHistoryJson, SessionJson } from '@/core/contract';
import * as collection from './route';
import * as single from './[id]/route';
import * as kill from './[id]/kill/route';
import * as resources from './[id]/resources/route';

withSessionHost();
beforeAll(() => {
  process.env.ACTIVE_SESSIONS_TOKEN = TOKEN;
});

const TOKEN = 'resources-test-token-0123456789';
const base = 'http://localhost/api/sessions';
const ctx = (id: string) => ({ params: Promise.resolve({ id }) });

function req(url: string, init: RequestInit = {}) {
  return new Request(url, { ...init, headers: { host: 'localhost', authorization: `Bearer ${TOKEN}`, ...init.headers } });
}

async function sessionJson(id: string): Promise<SessionJson> {
  return (await single.GET(req(`${base}/${id}`), ctx(id))).json();
}

describe('a session’s resources in the API', () => {
  it('are sampled by the session host while it runs, and kept as a history and a peak once it has ended', async () => {
    const created = await collection.POST(req(base, { method: 'POST', body: JSON.stringify({ command: 'sleep 60' }) }), { params: Promise.resolve({}) });
    const { id, resources: atLaunch } = (await created.json()) as SessionJson;
    expect(atLaunch).toBeNull();
    await expect.poll(async () => (await sessionJson(id)).resources, { timeout: 15_000 }).not.toBeNull();
    const sampled = (await sessionJson(id)).resources;
    expect(sampled).toMatchObject({ processes: 1, ports: [] });
    expect(sampled?.rssBytes).toBeGreaterThan(0);

    const history = await resources.GET(req(`${base}/${id}/resources`), ctx(id));
    expect(history.status).toBe(200);
    const body = (await history.json()) as ResourceHistoryJson;
    expect(body.samples.length).toBeGreaterThan(0);
    expect(body.samples[0]).toMatchObject({ processes: 1 });
    expect(new Date(body.samples[0].at).toISOString()).toBe(body.samples[0].at);

    await kill.POST(req(`${base}/${id}/kill?graceMs=0`, { method: 'POST' }), ctx(id));
    await waitForEnd(id);
    const ended = await sessionJson(id);
    expect(ended.resources).toBeNull();
    expect(ended.peakRssBytes).toBeGreaterThan(0);
    expect(ended.cpuSeconds).toBeGreaterThanOrEqual(0);
  });

  it('404s for a session that does not exist', async () => {
    const response = await resources.GET(req(`${base}/nope/resources`), ctx('nope'));
    expect(response.status).toBe(404);
  });
});
