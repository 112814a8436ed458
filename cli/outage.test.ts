import { describe, expect, it, vi } from 'vitest';
import { ApiError } from '@/client';
import { outage } from './outage';

const unreachable = new ApiError('cannot reach Active Sessions at http://127.0.0.1:3000 (ECONNREFUSED)', 0);

describe('an outage', () => {
  it('is waited out until it has lasted its limit, says when it began, and ends when the server answers', () => {
    vi.useFakeTimers({ now: 0 });
    try {
      const connection = outage();
      expect(connection.waitOut(unreachable)).toBe('began');
      vi.setSystemTime(60_000);
      expect(connection.waitOut(unreachable)).toBe('ongoing');
      vi.setSystemTime(60_001);
      expect(() => connection.waitOut(unreachable)).toThrow(unreachable);
      expect(connection.waitOut(unreachable, Infinity)).toBe('ongoing');
      connection.reached();
      expect(connection.waitOut(unreachable)).toBe('began');
    } finally {
      vi.useRealTimers();
    }
  });

  it('waits out what a proxy answers while the server behind it restarts', () => {
    expect(outage().waitOut(new ApiError('Bad Gateway', 502))).toBe('began');
    expect(outage().waitOut(new ApiError('Service Unavailable', 503))).toBe('began');
  });

  it('never waits out an answer of the server’s own', () => {
    expect(() => outage().waitOut(new ApiError('no session with id abc', 404))).toThrow('no session with id abc');
    expect(() => outage().waitOut(new ApiError('the token was refused', 401))).toThrow('the token was refused');
  });
});
