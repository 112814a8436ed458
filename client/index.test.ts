import { describe, expect, it } from 'vitest';
import { ApiError, createClient, isServerUnavailable } from '.';

const encoder = new TextEncoder();

/** A fetch whose answer is an event stream that sends `events`, then breaks off as a dropped connection does. */
function breakingStream(events: string): typeof fetch {
  return async () => {
    let sent = false;
    return new Response(
      new ReadableStream<Uint8Array>({
        pull(controller) {
          if (sent) return controller.error(new TypeError('terminated'));
          sent = true;
          controller.enqueue(encoder.encode(events));
        },
      }),
      { headers: { 'content-type': 'text/event-stream' } },
    );
  };
}

describe('the client', () => {
  it('reports a stream that broke off as a connection failure, after what arrived before', async () => {
    const chunk = { seq: 3, stream: 'stdout', text: 'one\n', at: '2026-01-01T00:00:00.000Z', lineStart: 0 };
    const client = createClient({ baseUrl: 'http://127.0.0.1:3000', fetch: breakingStream(`event: chunk\nid: 3\ndata: ${JSON.stringify(chunk)}\n\n`) });
    const items: unknown[] = [];
    const reading = (async () => {
      for await (const item of client.stream('s1')) items.push(item);
    })();
    const error = await reading.then(
      () => undefined,
      (caught: unknown) => caught,
    );
    expect(items).toEqual([{ type: 'chunk', chunk }]);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 0, message: 'the stream from Active Sessions at http://127.0.0.1:3000 broke off (terminated)' });
    expect(isServerUnavailable(error)).toBe(true);
  });

  it('reports a server that cannot be reached as a connection failure, and an answer as none', async () => {
    const refused = Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNREFUSED' } });
    const down = createClient({ baseUrl: 'http://127.0.0.1:3000', fetch: async () => Promise.reject(refused) });
    const unreachable = await down.getSession('s1').catch((error: unknown) => error);
    expect(unreachable).toMatchObject({ status: 0, message: 'cannot reach Active Sessions at http://127.0.0.1:3000 (ECONNREFUSED)' });
    expect(isServerUnavailable(unreachable)).toBe(true);

    const answering = createClient({ baseUrl: 'http://127.0.0.1:3000', fetch: async () => Response.json({ error: 'no session with id s1' }, { status: 404 }) });
    const notFound = await answering.getSession('s1').catch((error: unknown) => error);
    expect(notFound).toMatchObject({ status: 404 });
    expect(isServerUnavailable(notFound)).toBe(false);
    expect(isServerUnavailable(new Error('anything else'))).toBe(false);
  });
});

describe('an answer cut off by the server going down', () => {
  it('is a connection failure, not an empty answer', async () => {
    const cutOff: typeof fetch = async () =>
      new Response(
        new ReadableStream<Uint8Array>({
          pull(controller) {
            controller.error(new TypeError('terminated'));
          },
        }),
        { headers: { 'content-type': 'application/json' } },
      );
    const client = createClient({ baseUrl: 'http://127.0.0.1:3000', fetch: cutOff });
    const error = await client.getSession('s1').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 0, message: 'the answer from Active Sessions at http://127.0.0.1:3000 broke off (terminated)' });
    expect(isServerUnavailable(error)).toBe(true);
  });
});
