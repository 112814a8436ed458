import { beforeEach, describe, expect, it } from 'vitest';
import { clientKey, PEER_HEADER, PEER_HEADER_OWNED } from './client-address';

const key = (headers: Record<string, string>) => clientKey(new Headers(headers));

beforeEach(() => {
  delete process.env.TRUSTED_PROXIES;
});

describe('the client a request comes from', () => {
  it('is the TCP peer; X-Forwarded-For from an untrusted peer is ignored', () => {
    expect(key({ [PEER_HEADER]: '192.0.2.5', 'x-forwarded-for': '203.0.113.1' })).toBe('192.0.2.5');
    expect(key({ [PEER_HEADER]: '::ffff:192.0.2.5' })).toBe('192.0.2.5');
  });

  it('is one unknown client when the server did not say (next dev), whatever X-Forwarded-For says', () => {
    expect(key({ 'x-forwarded-for': '203.0.113.1' })).toBe('unknown');
    expect(key({ [PEER_HEADER]: 'not an address' })).toBe('unknown');
  });

  it('is one unknown client when no server of ours wrote the peer header, whatever a client wrote there', () => {
    const flags = globalThis as Record<symbol, unknown>;
    flags[PEER_HEADER_OWNED] = false;
    try {
      expect(key({ [PEER_HEADER]: '192.0.2.5' })).toBe('unknown');
      expect(key({ [PEER_HEADER]: '192.0.2.6' })).toBe('unknown');
    } finally {
      flags[PEER_HEADER_OWNED] = true;
    }
  });

  it('is an IPv6 /64, not each of its addresses', () => {
    expect(key({ [PEER_HEADER]: '2001:db8:1:2:aaaa::1' })).toBe('2001:db8:1:2::/64');
    expect(key({ [PEER_HEADER]: '2001:db8:1:2:bbbb:cccc:dddd:eeee' })).toBe('2001:db8:1:2::/64');
    expect(key({ [PEER_HEADER]: '2001:db8::1' })).toBe('2001:db8:0:0::/64');
  });

  it('behind TRUSTED_PROXIES is the right-most X-Forwarded-For hop that is not a trusted proxy', () => {
    process.env.TRUSTED_PROXIES = '127.0.0.1, 10.0.0.0/8, fd00::/8';
    const via = (peer: string, xff: string) => key({ [PEER_HEADER]: peer, 'x-forwarded-for': xff });
    expect(via('127.0.0.1', '203.0.113.7')).toBe('203.0.113.7');
    expect(via('::ffff:127.0.0.1', '198.51.100.1, 203.0.113.7, 10.2.3.4')).toBe('203.0.113.7');
    expect(via('fd00::1', '203.0.113.7')).toBe('203.0.113.7');
    // What the client wrote stays to the left of what the proxy appended.
    expect(via('127.0.0.1', 'not-an-ip, 203.0.113.7')).toBe('203.0.113.7');
    expect(via('127.0.0.1', '203.0.113.7:41234')).toBe('203.0.113.7');
    // Only trusted hops, or none: the left-most known address.
    expect(via('127.0.0.1', '10.0.0.9')).toBe('10.0.0.9');
    expect(key({ [PEER_HEADER]: '127.0.0.1' })).toBe('127.0.0.1');
    // A peer that is not trusted is the client, whatever it forwards.
    expect(via('192.0.2.1', '203.0.113.7')).toBe('192.0.2.1');
  });
});
