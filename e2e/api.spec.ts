import { expect, test } from './support/fixtures';

type Page = { chunks: { seq: number; stream: string; text: string }[]; next: number; done: boolean };

// The README's "done means": launch, read incrementally, kill, clear — against the production server.
test('a newcomer launches, reads incrementally, kills and clears through the API', async ({ authedRequest: request }) => {
  const created = await request.post('/api/sessions', { data: { command: 'for i in 1 2 3; do echo $i; sleep 1; done' } });
  expect(created.status()).toBe(201);
  const { id } = await created.json();

  let after = 0;
  const seen: string[] = [];
  for (let polls = 0; polls < 100; polls++) {
    const page: Page = await (await request.get(`/api/sessions/${id}/output?after=${after}`)).json();
    seen.push(page.chunks.map((c) => c.text).join(''));
    after = page.next;
    if (page.done) break;
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
  expect(seen.join('')).toBe('1\n2\n3\nexited with code 0\n');
  // Incremental: the lines arrived over several polls, not all at once at the end.
  expect(seen.filter((text) => text.length > 0).length).toBeGreaterThanOrEqual(3);
  expect(await (await request.get(`/api/sessions/${id}`)).json()).toMatchObject({ status: 'completed', exitCode: 0 });

  const sleeper = await (await request.post('/api/sessions', { data: { command: 'sleep 100' } })).json();
  expect((await request.post(`/api/sessions/${sleeper.id}/kill`)).status()).toBe(202);
  await expect
    .poll(async () => (await (await request.get(`/api/sessions/${sleeper.id}`)).json()).endReason)
    .toBe('killed');
  expect((await request.post(`/api/sessions/${sleeper.id}/kill`)).status()).toBe(409);

  const cleared = await request.delete('/api/sessions?status=finished');
  expect((await cleared.json()).cleared).toBeGreaterThanOrEqual(2);
  const { sessions } = await (await request.get('/api/sessions')).json();
  expect(sessions.find((s: { id: string }) => s.id === id)).toBeUndefined();
});

test('bad input gets a clear 400 and the server keeps serving', async ({ authedRequest: request }) => {
  const bad = await request.post('/api/sessions', { data: Buffer.from('{"command":'), headers: { 'content-type': 'application/json' } });
  expect(bad.status()).toBe(400);
  expect(await bad.json()).toEqual({ error: 'request body is not valid JSON' });
  expect((await request.get('/api/sessions/unknown-id')).status()).toBe(404);
  expect((await request.get('/api/sessions')).status()).toBe(200);
});
