import { describe, expect, it } from 'vitest';
import type { ActiveSessionsClient } from '@/client';
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
