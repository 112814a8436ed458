import { chmodSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { useTempDatabase } from '@/lib/testing/helpers';
import { accessToken, isValidToken } from './token';

let dir: string;
let count = 0;

function tokenFile(text: string, mode = 0o600): string {
  const file = path.join(dir, `operator-token-${count++}`);
  writeFileSync(file, text);
  chmodSync(file, mode);
  return file;
}

beforeEach(() => {
  dir = useTempDatabase();
  delete process.env.ACTIVE_SESSIONS_TOKEN;
  delete process.env.ACTIVE_SESSIONS_TOKEN_FILE;
});

describe('ACTIVE_SESSIONS_TOKEN_FILE', () => {
  it('names the token, trimmed, before ACTIVE_SESSIONS_TOKEN and the generated file', () => {
    process.env.ACTIVE_SESSIONS_TOKEN = 'the-variable-token-0123456789';
    const file = tokenFile('  the-file-token-0123456789abcdef\n');
    process.env.ACTIVE_SESSIONS_TOKEN_FILE = file;
    expect(accessToken()).toEqual({ value: 'the-file-token-0123456789abcdef', source: 'token-file', file, created: false });
    expect(isValidToken('the-file-token-0123456789abcdef')).toBe(true);
    expect(isValidToken('the-variable-token-0123456789')).toBe(false);
  });

  it('refuses a missing file or a short token, saying which', () => {
    process.env.ACTIVE_SESSIONS_TOKEN_FILE = path.join(dir, 'absent');
    expect(() => accessToken()).toThrow(/ACTIVE_SESSIONS_TOKEN_FILE: cannot read .*absent \(ENOENT\)/);
    process.env.ACTIVE_SESSIONS_TOKEN_FILE = tokenFile('short\n');
    expect(() => accessToken()).toThrow(/ACTIVE_SESSIONS_TOKEN_FILE: the token in .* must be at least 16 characters long/);
  });

  it('warns when others than its owner may read it', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    process.env.ACTIVE_SESSIONS_TOKEN_FILE = tokenFile('a-readable-token-0123456789\n', 0o644);
    expect(accessToken().value).toBe('a-readable-token-0123456789');
    expect(warn).toHaveBeenCalledWith(expect.stringMatching(/mode 0644: other users may read or change the token. Run: chmod 600/));
    warn.mockClear();
    process.env.ACTIVE_SESSIONS_TOKEN_FILE = tokenFile('a-private-token-0123456789\n');
    accessToken();
    expect(warn).not.toHaveBeenCalled();
  });
});
