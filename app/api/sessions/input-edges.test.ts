import { beforeAll, describe, expect, it } from 'vitest';
import { withSessionHost } from '@/lib/testing/host';
import { waitForEnd } from '@/lib/testing/helpers';
import * as collection from './route';
import * as stream from './[id]/stream/route';

withSessionHost();
beforeAll(() => {
  process.env.ACTIVE_SESSIONS_TOKEN = TOKEN;
});

const TOKEN = 'input-edges-test-token-0123';
const base = 'http://localhost/api/sessions';

function req(url: string, init: RequestInit = {}) {
  return new Request(url, { ...init, headers: { host: 'localhost', authorization: `Bearer ${TOKEN}`, ...init.headers } });
}

function post(body: unknown) {
  return collection.POST(req(base, { method: 'POST', body: JSON.stringify(body) }), { params: Promise.resolve({}) });
}

describe('a session name', () => {
  it('refuses a NUL byte with 400, naming the field', async () => {
    const response = await post({ command: 'true', name: 'a\0b' });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ error: 'name must not contain NUL bytes' });
  });
});

describe('GET /api/sessions/:id/stream with Last-Event-ID', () => {
  /** The ids of the chunk events the stream sends for a finished session, up to its end event. */
  async function chunkIds(query: string, lastEventId?: string): Promise<number[]> {
    const headers: Record<string, string> = lastEventId === undefined ? {} : { 'last-event-id': lastEventId };
    const response = await stream.GET(req(`${base}/${id}/stream${query}`, { headers }), { params: Promise.resolve({ id }) });
    expect(response.status).toBe(200);
    const text = await response.text();
    expect(text).toContain('event: end');
    return [...text.matchAll(/^id: (\d+)$/gm)].map((match) => Number(match[1]));
  }

  let id: string;
  let all: number[];
  beforeAll(async () => {
    const response = await post({ command: 'echo one; sleep 0.2; echo two; sleep 0.2; echo three' });
    id = ((await response.json()) as { id: string }).id;
    await waitForEnd(id);
    all = await chunkIds('');
    expect(all.length).toBeGreaterThanOrEqual(2);
  });

  it('resumes after a decimal Last-Event-ID', async () => {
    expect(await chunkIds('', String(all[0]))).toEqual(all.slice(1));
  });

  // What Number() would also read as the first chunk's id: ignored, as the spec allows, so the
  // stream starts where the client's `after` says.
  it.each([
    ['hexadecimal', (seq: number) => `0x${seq.toString(16)}`],
    ['an exponent', (seq: number) => `${seq}e0`],
    ['a sign', (seq: number) => `+${seq}`],
    ['a fraction', (seq: number) => `${seq}.0`],
    ['a negative number', (seq: number) => `-${seq}`],
    ['empty', () => ''],
  ])('ignores a Last-Event-ID with %s and reads from `after`', async (_what, header) => {
    expect(await chunkIds('?after=0', header(all[0]))).toEqual(all);
  });
});
