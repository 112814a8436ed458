import { describe, expect, it } from 'vitest';
import { ApiError, type ActiveSessionsClient, type StreamItem } from '@/client';
import { waitForAny, waitForEnd, waitForOutput } from './waits';

// A stream that never yields and never notices its abort signal: the worst a network can do.
const silent = {
  async *stream() {
    await new Promise(() => {});
  },
} as unknown as ActiveSessionsClient;

describe('waits', () => {
  it('end at their deadline whatever the stream does', { timeout: 3000 }, async () => {
    expect(await waitForEnd(silent, 's1', 50)).toBe(false);
    await waitForOutput(silent, 's1', 0, 50);
    expect(await waitForAny(silent, ['s1', 's2'], 50)).toEqual([]);
  });

  it('end when the caller aborts', { timeout: 3000 }, async () => {
    const controller = new AbortController();
    const waiting = waitForEnd(silent, 's1', 10_000, controller.signal);
    controller.abort();
    expect(await waiting).toBe(false);
  });

  it('still tell a stream error from the deadline', async () => {
    const broken = {
      async *stream() {
        throw new Error('no such session');
      },
    } as unknown as ActiveSessionsClient;
    await expect(waitForEnd(broken, 's1', 1000)).rejects.toThrow('no such session');
  });
});

describe('waits across a restart of the web server', () => {
  /** A client whose stream answers with each scripted step in turn: items, or an error to throw. */
  function scripted(steps: (StreamItem[] | Error)[]) {
    const opened: number[] = [];
    const client = {
      async *stream(_id: string, { after = 0 }: { after?: number } = {}) {
        opened.push(after);
        const step = steps.shift();
        if (!step) return await new Promise(() => {});
        if (step instanceof Error) throw step;
        yield* step;
      },
    } as unknown as ActiveSessionsClient;
    return { client, opened };
  }
  const unreachable = () => new ApiError('cannot reach Active Sessions at http://127.0.0.1:3000 (ECONNREFUSED)', 0);
  const brokeOff = () => new ApiError('the stream from Active Sessions at http://127.0.0.1:3000 broke off (terminated)', 0);

  it('open the stream again when it broke off, closed early or could not be opened, and hear the end', async () => {
    const { client, opened } = scripted([[], brokeOff(), unreachable(), [{ type: 'end' }]]);
    expect(await waitForEnd(client, 's1', 10_000)).toBe(true);
    expect(opened).toHaveLength(4);
  });

  it('hear output that arrives after the restart, from the cursor they were given', async () => {
    const chunk = { seq: 8, stream: 'stdout' as const, text: 'back\n', at: '2026-01-01T00:00:00.000Z', lineStart: 0 };
    const { client, opened } = scripted([brokeOff(), [{ type: 'chunk', chunk }]]);
    await waitForOutput(client, 's1', 7, 10_000);
    expect(opened).toEqual([7, 7]);
  });

  it('still end at their deadline while the server stays away', { timeout: 3000 }, async () => {
    const { client } = scripted(Array.from({ length: 100 }, unreachable));
    expect(await waitForEnd(client, 's1', 200)).toBe(false);
  });

  it('give up at once on an answer that will not change', async () => {
    const { client } = scripted([new ApiError('no session with id s1', 404)]);
    await expect(waitForEnd(client, 's1', 10_000)).rejects.toThrow('no session with id s1');
  });
});
