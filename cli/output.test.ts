import { describe, expect, it, vi } from 'vitest';
import { ApiError, type ActiveSessionsClient, type StreamItem } from '@/client';
import type { SessionJson } from '@/core/contract';
import type { Context } from './context';
import { followToEnd } from './output';

const chunk = (seq: number, text: string) => ({ seq, stream: 'stdout' as const, text, at: '2026-01-01T00:00:00.000Z', lineStart: 0 });

/** A client whose stream answers with each scripted step in turn: items, or an error to throw. */
function scripted(steps: (StreamItem[] | Error)[]) {
  const calls: number[] = [];
  const client = {
    async *stream(_id: string, { after = 0 }: { after?: number } = {}) {
      calls.push(after);
      const step = steps.shift();
      if (!step) throw new Error('no more steps');
      if (step instanceof Error) throw step;
      yield* step;
    },
    getSession: async () => ({ status: 'completed', exitCode: 0, signal: null, endReason: 'exited' }) as SessionJson,
  } as unknown as ActiveSessionsClient;
  let stdout = '';
  const context = { client, stdout: { write: (text: string) => (stdout += text) }, stderr: { write: () => true } } as unknown as Context;
  return { context, calls, written: () => stdout };
}

describe('following a session', () => {
  it('waits out a server that cannot be reached for a moment, and goes on from the last chunk written', async () => {
    const { context, calls, written } = scripted([
      [{ type: 'chunk', chunk: chunk(4, 'before\n') }],
      new ApiError('cannot reach Active Sessions at http://127.0.0.1:3000 (ECONNREFUSED)', 0),
      [{ type: 'chunk', chunk: chunk(9, 'after\n') }, { type: 'end' }],
    ]);
    expect(await followToEnd(context, 'abc')).toBe(0);
    expect(written()).toBe('before\nafter\n');
    expect(calls).toEqual([0, 4, 4]);
  });

  it('gives up at once on an answer that will not change: an unknown session, a refused token', async () => {
    const { context } = scripted([new ApiError('no session with id abc', 404)]);
    await expect(followToEnd(context, 'abc')).rejects.toThrow('no session with id abc');
  });
});

describe('following a session across restarts', () => {
  it('times each outage from its own start: one an hour after the last is waited out too', async () => {
    vi.useFakeTimers({ toFake: ['Date'], now: 0 });
    try {
      const unreachable = new ApiError('cannot reach Active Sessions at http://127.0.0.1:3000 (ECONNREFUSED)', 0);
      const brokeOff = new ApiError('the stream from Active Sessions at http://127.0.0.1:3000 broke off (terminated)', 0);
      let opened = 0;
      const client = {
        async *stream(_id: string, { onOpen }: { onOpen?: () => void } = {}) {
          opened++;
          if (opened === 1) throw unreachable;
          onOpen?.();
          if (opened === 2) {
            yield { type: 'chunk', chunk: chunk(1, 'up\n') } as StreamItem;
            // An hour of output later, the next restart.
            vi.setSystemTime(3_600_000);
            throw brokeOff;
          }
          yield { type: 'end' } as StreamItem;
        },
        getSession: async () => ({ status: 'completed', exitCode: 0, signal: null, endReason: 'exited' }) as SessionJson,
      } as unknown as ActiveSessionsClient;
      let stdout = '';
      const context = { client, stdout: { write: (text: string) => (stdout += text) }, stderr: { write: () => true } } as unknown as Context;
      expect(await followToEnd(context, 'abc')).toBe(0);
      expect(stdout).toBe('up\n');
      expect(opened).toBe(3);
    } finally {
      vi.useRealTimers();
    }
  });
});
