import { describe, expect, it } from 'vitest';
import { isVouchedFor } from '@/lib/auth/internal';
import { inProcessFetch, type RouteModule } from './in-process-fetch';

/** A handler that answers with what it was given. */
const echo =
  (name: string): NonNullable<RouteModule['GET']> =>
  async (request: Request, context: { params: Promise<Record<string, string>> }) =>
    Response.json({
      name,
      method: request.method,
      url: request.url,
      params: await context.params,
      authorization: request.headers.get('authorization'),
      vouched: isVouchedFor(request.headers),
      host: request.headers.get('host'),
      peer: request.headers.get('x-active-sessions-peer'),
      accept: request.headers.get('accept'),
      body: request.method === 'POST' ? await request.text() : null,
    });

const routes = {
  '/api/sessions': { GET: echo('list'), POST: echo('create') },
  '/api/sessions/[id]': { GET: echo('one') },
  '/api/sessions/[id]/kill': { POST: echo('kill') },
};

const caller = new Request('http://console.example:3000/api/mcp', {
  method: 'POST',
  headers: { authorization: 'Bearer caller-token', host: 'console.example:3000', 'x-active-sessions-peer': '10.0.0.7', accept: 'text/event-stream' },
});

describe('inProcessFetch', () => {
  const fetch = inProcessFetch(routes, caller);

  it('dispatches by path and method, with the dynamic segments decoded as params and the query kept', async () => {
    const one = await (await fetch('http://anything/api/sessions/a%20b')).json();
    expect(one).toMatchObject({ name: 'one', method: 'GET', params: { id: 'a b' } });
    const kill = await (await fetch('http://anything/api/sessions/x1/kill?graceMs=5', { method: 'POST' })).json();
    expect(kill).toMatchObject({ name: 'kill', params: { id: 'x1' }, url: 'http://console.example:3000/api/sessions/x1/kill?graceMs=5' });
    const created = await (await fetch('http://anything/api/sessions', { method: 'POST', body: '{"command":"ls"}' })).json();
    expect(created).toMatchObject({ name: 'create', body: '{"command":"ls"}' });
  });

  it("is vouched for instead of carrying a token; the caller's site and address go along, its other headers stay", async () => {
    const answer = await (
      await fetch('http://anything/api/sessions', { headers: { authorization: 'Bearer other', host: 'evil.example', accept: 'application/json' } })
    ).json();
    expect(answer).toMatchObject({ authorization: null, vouched: true, host: 'console.example:3000', peer: '10.0.0.7', accept: 'application/json' });
  });

  it('answers a handler that throws as HTTP would, 500, not as a network failure', async () => {
    const failing = inProcessFetch({ '/api/sessions': { GET: () => Promise.reject(new Error('disk on fire')) } }, caller);
    const answer = await failing('http://anything/api/sessions');
    expect(answer.status).toBe(500);
    expect(await answer.json()).toEqual({ error: 'internal error' });
  });

  it('answers an unknown path with 404 and a missing method with 405, as JSON', async () => {
    const missing = await fetch('http://anything/api/nowhere');
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({ error: 'no route /api/nowhere' });
    const wrongMethod = await fetch('http://anything/api/sessions/x/kill');
    expect(wrongMethod.status).toBe(405);
    expect(await fetch('http://anything/api/sessions/x/kill/more').then((r) => r.status)).toBe(404);
  });
});
