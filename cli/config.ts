import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The checkout the CLI runs from, which is also where `npm start` runs the server. */
const PACKAGE_ROOT = fileURLToPath(new URL('..', import.meta.url));

export const DEFAULT_URL = 'http://127.0.0.1:3000';

/** The token and where it came from, so that a refusal can say which one was refused; without one, where it was looked for. */
export type TokenSource = { value?: string; from: string };

/** The environment variables the CLI reads (a plain record, so tests can pass a few). */
export type Env = Record<string, string | undefined>;

export type CliConfig = { baseUrl: string; token: TokenSource; version: string };

export function cliVersion(): string {
  return (JSON.parse(readFileSync(path.join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { version: string }).version;
}

/**
 * The file the server generates its token in when none is configured: beside the database. The
 * same rule as lib/auth/token.ts tokenFilePath(), but a relative DATABASE_PATH (and the default
 * ./data) is taken from the checkout, where `npm start` runs, rather than from the current
 * directory: after `npm link` the CLI runs from anywhere.
 */
export function serverTokenFile(env: Env = process.env): string {
  const database = path.resolve(PACKAGE_ROOT, env.DATABASE_PATH || 'data/sessions.db');
  return path.join(path.dirname(database), 'token');
}

function readToken(file: string): { value?: string; problem?: string } {
  try {
    const value = readFileSync(file, 'utf8').trim();
    return value ? { value } : { problem: 'empty' };
  } catch (error) {
    return { problem: (error as NodeJS.ErrnoException).code ?? String(error) };
  }
}

/**
 * The token, first found of — in the server's own order, so that one environment serves both —:
 * the file ACTIVE_SESSIONS_TOKEN_FILE names, ACTIVE_SESSIONS_TOKEN, the file the server generated.
 * With none, requests go without one and a 401 says what was tried.
 */
export function resolveToken(env: Env = process.env): TokenSource {
  if (env.ACTIVE_SESSIONS_TOKEN_FILE) {
    const file = path.resolve(env.ACTIVE_SESSIONS_TOKEN_FILE);
    const { value, problem } = readToken(file);
    // The operator named this file: not reading it is an error, not a reason to look elsewhere.
    if (!value) throw new Error(`ACTIVE_SESSIONS_TOKEN_FILE: cannot read a token from ${file} (${problem})`);
    return { value, from: `ACTIVE_SESSIONS_TOKEN_FILE (${file})` };
  }
  if (env.ACTIVE_SESSIONS_TOKEN?.trim()) return { value: env.ACTIVE_SESSIONS_TOKEN.trim(), from: 'ACTIVE_SESSIONS_TOKEN' };
  const file = serverTokenFile(env);
  const { value, problem } = readToken(file);
  return value ? { value, from: `the server's token file ${file}` } : { from: `ACTIVE_SESSIONS_TOKEN_FILE and ACTIVE_SESSIONS_TOKEN are unset, and ${file} cannot be read (${problem})` };
}

export function loadConfig(env: Env = process.env): CliConfig {
  return { baseUrl: env.ACTIVE_SESSIONS_URL || DEFAULT_URL, token: resolveToken(env), version: cliVersion() };
}
