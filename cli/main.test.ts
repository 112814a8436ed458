import { mkdtempSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HELP, main } from './main';

/** A port nothing listens on: one the system just gave out and took back. */
async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

/** Runs the CLI as the bin does, collecting what it writes. */
async function cli(argv: string[], env: Record<string, string> = {}) {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, {
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
    env: { ACTIVE_SESSIONS_TOKEN: 'a-token-of-some-length', ...env },
  });
  return { code, stdout, stderr };
}

// A stand-in for the API's refusals: 401 unless the right token, 404 for any session.
let server: Server;
let url: string;
beforeAll(async () => {
  server = createServer((request, response) => {
    response.setHeader('content-type', 'application/json');
    if (request.headers.authorization !== 'Bearer right-token-right-token') {
      response.statusCode = 401;
      return response.end(JSON.stringify({ error: 'unauthorized' }));
    }
    response.statusCode = 404;
    response.end(JSON.stringify({ error: 'no session with id nope' }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise((resolve) => server.close(resolve)));

describe('the CLI', () => {
  it('prints its help with --help, and exits 2 with it when no command or an unknown one is given', async () => {
    expect(await cli(['--help'])).toEqual({ code: 0, stdout: HELP, stderr: '' });
    expect(await cli([])).toMatchObject({ code: 2, stdout: '', stderr: `a command is required\n\n${HELP}` });
    expect(await cli(['lss'])).toMatchObject({ code: 2, stderr: `unknown command: lss\n\n${HELP}` });
  });

  it("has --help on every verb, and answers a usage error with 2, the message and the verb's help", async () => {
    for (const verb of ['run', 'ls', 'logs', 'wait', 'send', 'kill', 'clear', 'open', 'mcp']) {
      const { code, stdout } = await cli([verb, '--help']);
      expect(code).toBe(0);
      expect(stdout).toMatch(new RegExp(`^Usage: active-sessions ${verb}`));
    }
    const { code, stdout, stderr } = await cli(['logs', '--tial', '5', 'x']);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toMatch(/^active-sessions logs: Unknown option '--tial'.*\n\nUsage: active-sessions logs ID/);
  });

  it('says which URL it tried when nothing answers, in one line, exit 1', async () => {
    const closed = `http://127.0.0.1:${await freePort()}`;
    const { code, stderr } = await cli(['ls'], { ACTIVE_SESSIONS_URL: closed });
    expect(code).toBe(1);
    expect(stderr).toMatch(new RegExp(`^active-sessions: cannot reach Active Sessions at ${closed} \\(ECONNREFUSED\\): is the server running\\?.*\n$`));
    expect(stderr.split('\n')).toHaveLength(2);
  });

  it('says which token was refused and where tokens come from, in one line, exit 1', async () => {
    const { code, stderr } = await cli(['ls'], { ACTIVE_SESSIONS_URL: url, ACTIVE_SESSIONS_TOKEN: 'wrong-token-wrong-token' });
    expect(code).toBe(1);
    expect(stderr).toBe(
      `active-sessions: ${url} refused the token from ACTIVE_SESSIONS_TOKEN (401): set ACTIVE_SESSIONS_TOKEN (or ACTIVE_SESSIONS_TOKEN_FILE) to the server's token\n`,
    );
  });

  it('says where it looked when it found no token', async () => {
    const database = path.join(mkdtempSync(path.join(os.tmpdir(), 'active-sessions-cli-')), 'sessions.db');
    const { code, stderr } = await cli(['ls'], { ACTIVE_SESSIONS_URL: url, ACTIVE_SESSIONS_TOKEN: '', DATABASE_PATH: database });
    expect(code).toBe(1);
    expect(stderr).toBe(
      `active-sessions: ${url} needs a token (401) and none was found (ACTIVE_SESSIONS_TOKEN_FILE and ACTIVE_SESSIONS_TOKEN are unset, ` +
        `and ${path.join(path.dirname(database), 'token')} cannot be read (ENOENT)): set ACTIVE_SESSIONS_TOKEN (or ACTIVE_SESSIONS_TOKEN_FILE) to the server's token\n`,
    );
  });

  it("passes the API's message on for an unknown id, exit 1", async () => {
    const { code, stderr } = await cli(['logs', 'nope'], { ACTIVE_SESSIONS_URL: url, ACTIVE_SESSIONS_TOKEN: 'right-token-right-token' });
    expect({ code, stderr }).toEqual({ code: 1, stderr: 'active-sessions: no session with id nope\n' });
  });
});
