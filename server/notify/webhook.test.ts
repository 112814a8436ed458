import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createWebhook } from './webhook';

type Received = { at: number; body: string };

/** A real receiver on a free port; `answer` decides, per attempt, the status (or to hold the request unanswered). */
async function receiver(answer: (attempt: number) => number | 'hold') {
  const received: Received[] = [];
  const held: http.ServerResponse[] = [];
  const server = http.createServer((request, response) => {
    let body = '';
    request.on('data', (data) => (body += data));
    request.on('end', () => {
      received.push({ at: performance.now(), body });
      const status = answer(received.length);
      if (status === 'hold') held.push(response);
      else response.writeHead(status).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  closers.push(
    () =>
      new Promise<void>((resolve) => {
        for (const response of held) response.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  );
  return { url, received };
}

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((close) => close()));
});

function logs() {
  const lines: string[] = [];
  return { lines, log: (line: string) => lines.push(line) };
}

describe('webhook', () => {
  it('tries again after doubling waits until the receiver takes it, and sends the body as JSON', async () => {
    const { url, received } = await receiver((attempt) => (attempt < 3 ? 503 : 204));
    const { lines, log } = logs();
    const hook = createWebhook({ url, firstRetryMs: 40, log });
    hook.send({ event: 'session.ended', session: { id: 'a' } });
    await hook.idle();
    expect(received.map((r) => JSON.parse(r.body))).toEqual(Array(3).fill({ event: 'session.ended', session: { id: 'a' } }));
    expect(received[1].at - received[0].at).toBeGreaterThanOrEqual(40 - 1);
    expect(received[2].at - received[1].at).toBeGreaterThanOrEqual(80 - 1);
    expect(lines).toEqual([]);
  });

  it('gives an attempt that gets no answer up after the timeout, and tries again', async () => {
    const { url, received } = await receiver((attempt) => (attempt === 1 ? 'hold' : 200));
    const { lines, log } = logs();
    const hook = createWebhook({ url, timeoutMs: 200, firstRetryMs: 10, log });
    const started = performance.now();
    hook.send({ n: 1 });
    await hook.idle();
    expect(received).toHaveLength(2);
    expect(received[1].at - started).toBeGreaterThanOrEqual(200);
    expect(lines).toEqual([]);
  });

  it('never throws: a receiver that is not there is tried the given number of times, then logged', async () => {
    const { url } = await receiver(() => 200);
    await closers.pop()?.();
    const { lines, log } = logs();
    const hook = createWebhook({ url, attempts: 3, firstRetryMs: 5, log });
    expect(() => hook.send({ n: 1 })).not.toThrow();
    await hook.idle();
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^webhook to http:\/\/127\.0\.0\.1:\d+ failed \(.+\) after 3 attempt\(s\); this notification is dropped$/);
  });

  it('does not try again a request the receiver refuses (4xx), and goes on with the next', async () => {
    const { url, received } = await receiver((attempt) => (attempt === 1 ? 404 : 200));
    const { lines, log } = logs();
    const hook = createWebhook({ url, firstRetryMs: 5, log });
    hook.send({ n: 1 });
    hook.send({ n: 2 });
    await hook.idle();
    expect(received.map((r) => JSON.parse(r.body))).toEqual([{ n: 1 }, { n: 2 }]);
    expect(lines).toEqual([expect.stringContaining('failed (HTTP 404) after 1 attempt(s)')]);
  });

  it('keeps at most maxQueued waiting, dropping the oldest, and delivers the rest in order', async () => {
    const { url, received } = await receiver(() => 200);
    const { lines, log } = logs();
    const hook = createWebhook({ url, maxQueued: 2, log });
    // The first is in flight while the others queue behind it.
    hook.send({ n: 1 });
    for (let n = 2; n <= 5; n++) hook.send({ n });
    await hook.idle();
    expect(received.map((r) => JSON.parse(r.body).n)).toEqual([1, 4, 5]);
    expect(lines.filter((line) => line.includes('the oldest waiting one is dropped'))).toHaveLength(2);
  });
});
