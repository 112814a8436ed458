import { describe, expect, it } from 'vitest';
import { clientNameFrom, sessionIdFor } from './http';

describe('the client name in Mcp-Session-Id', () => {
  it('round-trips a name', () => {
    expect(clientNameFrom(sessionIdFor('claude-code'))).toBe('claude-code');
    expect(clientNameFrom(sessionIdFor('Zoë’s agent 🤖'))).toBe('Zoë’s agent 🤖');
    expect(clientNameFrom(null)).toBeUndefined();
  });

  it('records no name from a forged id', () => {
    const b64 = (bytes: number[] | string) => `client.${Buffer.from(bytes as never).toString('base64url')}`;
    for (const forged of [
      'client.!!!notbase64',
      'client.',
      b64([0xff, 0xfe, 0x41]),
      b64('bell\u0007'),
      b64('new\nline'),
      b64('c1\u0085'),
      b64('x'.repeat(101)),
      'other.Y2xhdWRl',
    ]) {
      expect(clientNameFrom(forged), forged).toBeUndefined();
    }
  });
});
