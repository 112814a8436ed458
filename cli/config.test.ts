import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_URL, loadConfig, resolveToken, serverTokenFile } from './config';

const folder = () => mkdtempSync(path.join(os.tmpdir(), 'active-sessions-cli-'));
const checkout = path.resolve(import.meta.dirname, '..');

describe('the CLI settings', () => {
  it('talks to 127.0.0.1:3000 unless ACTIVE_SESSIONS_URL says otherwise', () => {
    expect(loadConfig({ ACTIVE_SESSIONS_TOKEN: 'x'.repeat(16) }).baseUrl).toBe(DEFAULT_URL);
    expect(loadConfig({ ACTIVE_SESSIONS_URL: 'http://box:8080', ACTIVE_SESSIONS_TOKEN: 'x' }).baseUrl).toBe('http://box:8080');
  });

  it("finds the server's token file beside its database, relative paths from the checkout", () => {
    expect(serverTokenFile({})).toBe(path.join(checkout, 'data', 'token'));
    expect(serverTokenFile({ DATABASE_PATH: 'elsewhere/s.db' })).toBe(path.join(checkout, 'elsewhere', 'token'));
    expect(serverTokenFile({ DATABASE_PATH: '/var/lib/as/s.db' })).toBe('/var/lib/as/token');
  });

  it('takes the file ACTIVE_SESSIONS_TOKEN_FILE names first, then ACTIVE_SESSIONS_TOKEN, then the server file, as the server does', () => {
    const dir = folder();
    writeFileSync(path.join(dir, 'token'), 'from-the-server-file\n');
    writeFileSync(path.join(dir, 'mine'), '  from-my-file \n');
    const database = { DATABASE_PATH: path.join(dir, 'sessions.db') };
    const mine = path.join(dir, 'mine');
    expect(resolveToken({ ...database, ACTIVE_SESSIONS_TOKEN: ' env ', ACTIVE_SESSIONS_TOKEN_FILE: mine })).toMatchObject({ from: `ACTIVE_SESSIONS_TOKEN_FILE (${mine})` });
    expect(resolveToken({ ...database, ACTIVE_SESSIONS_TOKEN: ' env ' })).toEqual({ value: 'env', from: 'ACTIVE_SESSIONS_TOKEN' });
    expect(resolveToken({ ...database, ACTIVE_SESSIONS_TOKEN_FILE: mine })).toEqual({
      value: 'from-my-file',
      from: `ACTIVE_SESSIONS_TOKEN_FILE (${mine})`,
    });
    expect(resolveToken(database)).toEqual({ value: 'from-the-server-file', from: `the server's token file ${path.join(dir, 'token')}` });
  });

  it('goes without a token when there is none, saying what it tried; a named file that cannot be read is an error', () => {
    const dir = folder();
    expect(resolveToken({ DATABASE_PATH: path.join(dir, 'sessions.db') })).toEqual({
      from: `ACTIVE_SESSIONS_TOKEN_FILE and ACTIVE_SESSIONS_TOKEN are unset, and ${path.join(dir, 'token')} cannot be read (ENOENT)`,
    });
    expect(() => resolveToken({ ACTIVE_SESSIONS_TOKEN_FILE: path.join(dir, 'missing') })).toThrow(
      `ACTIVE_SESSIONS_TOKEN_FILE: cannot read a token from ${path.join(dir, 'missing')} (ENOENT)`,
    );
  });
});
