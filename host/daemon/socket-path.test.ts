import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { hostSocketPath } from './socket-path';

describe('where the session host listens', () => {
  it('beside the store, when the path fits a unix socket', () => {
    expect(hostSocketPath('/home/me/active-sessions/data')).toBe('/home/me/active-sessions/data/host.sock');
  });

  it('in the temp folder under a name derived from the data dir, when it does not', () => {
    const deep = `/home/me/${'nested/'.repeat(15)}data`;
    const socket = hostSocketPath(deep);
    expect(path.dirname(socket)).toBe(os.tmpdir());
    expect(path.basename(socket)).toMatch(/^active-sessions-[0-9a-f]{16}\.sock$/);
    expect(hostSocketPath(deep)).toBe(socket);
    expect(hostSocketPath(`${deep}2`)).not.toBe(socket);
  });
});
