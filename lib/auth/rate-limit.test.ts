import { describe, expect, it } from 'vitest';
import { GuessLimiter } from './rate-limit';

const never = () => false;

function deferredSleep() {
  const waiting: { ms: number; wake: () => void }[] = [];
  const sleep = (ms: number) => new Promise<void>((resolve) => waiting.push({ ms, wake: resolve }));
  return { sleep, waiting };
}

describe('the guessing limit', () => {
  it('grows the delay with the failures, up to its bound', async () => {
    const { sleep, waiting } = deferredSleep();
    const limiter = new GuessLimiter({ sleep });
    const delays = [];
    for (let i = 0; i < 12; i++) {
      delays.push(limiter.delayMs('a'));
      const attempt = limiter.attempt('a', never);
      waiting.shift()?.wake();
      await attempt;
    }
    expect(delays).toEqual([0, 0, 0, 0, 0, 250, 500, 1000, 2000, 4000, 4000, 4000]);
  });

  it('considers one try at a time from a limited client: parallel tries are refused unchecked', async () => {
    const { sleep, waiting } = deferredSleep();
    const limiter = new GuessLimiter({ sleep });
    for (let i = 0; i < 5; i++) await limiter.attempt('a', never);
    let checks = 0;
    const check = () => {
      checks++;
      return false;
    };
    const tries = Array.from({ length: 10 }, () => limiter.attempt('a', check));
    const settled = await Promise.all(tries.slice(1));
    expect(settled.every((attempt) => attempt.outcome === 'busy')).toBe(true);
    expect(checks).toBe(0);
    expect(waiting).toHaveLength(1);
    waiting[0].wake();
    expect(await tries[0]).toEqual({ outcome: 'limited', retryAfterMs: 500 });
    expect(checks).toBe(1);
    // Another client is not held up by it.
    expect(await limiter.attempt('b', () => true)).toEqual({ outcome: 'right' });
  });

  it('keeps a bounded number of clients, the most recent failures', async () => {
    const limiter = new GuessLimiter({ maxClients: 100 });
    for (let i = 0; i < 1000; i++) await limiter.attempt(`client-${i}`, never);
    expect(limiter.size).toBe(100);
    for (let i = 0; i < 4; i++) await limiter.attempt('client-999', never);
    expect(limiter.delayMs('client-999')).toBe(250);
    expect(limiter.delayMs('client-0')).toBe(0);
  });

  it('forgets a client that has stopped failing for a while', async () => {
    let now = 1_000_000;
    const limiter = new GuessLimiter({ now: () => now, sleep: async () => undefined });
    for (let i = 0; i < 8; i++) await limiter.attempt('a', never);
    expect(limiter.delayMs('a')).toBe(2000);
    now += limiter.options.forgetAfterMs + 1;
    expect(limiter.delayMs('a')).toBe(0);
    expect(limiter.size).toBe(0);
  });
});
