import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { chmodSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { ensurePrivateFolder } from '@/store/private-files';
import path from 'node:path';
import { config } from '@/config';
import { databasePath } from '@/store/path';

export const MIN_TOKEN_LENGTH = 16;

/** 'env': ACTIVE_SESSIONS_TOKEN; 'token-file': the file ACTIVE_SESSIONS_TOKEN_FILE names; 'file': generated. */
export type AccessToken = { value: string; source: 'env' | 'token-file' | 'file'; file?: string; created: boolean };

/** Where a generated token is kept: beside the database, readable by its owner only. */
export function tokenFilePath(): string {
  return path.join(path.dirname(databasePath()), 'token');
}

function readOrCreateTokenFile(file: string): AccessToken {
  ensurePrivateFolder(path.dirname(file));
  try {
    // 'wx': create only if absent, so two starting processes never overwrite each other's token.
    const value = randomBytes(32).toString('base64url');
    writeFileSync(file, `${value}\n`, { mode: 0o600, flag: 'wx' });
    return { value, source: 'file', file, created: true };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  if ((statSync(file).mode & 0o077) !== 0) chmodSync(file, 0o600);
  const value = readFileSync(file, 'utf8').trim();
  if (value.length < MIN_TOKEN_LENGTH) {
    throw new Error(`the token in ${file} is shorter than ${MIN_TOKEN_LENGTH} characters: delete the file to get a new one`);
  }
  return { value, source: 'file', file, created: false };
}

/**
 * A token the operator keeps in a file (a Docker or systemd secret): unlike a variable, a session
 * cannot read it from /proc/<server pid>/environ, only from the file, which its mode can guard.
 */
function readOperatorTokenFile(file: string): AccessToken {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new Error(`ACTIVE_SESSIONS_TOKEN_FILE: cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? error})`);
  }
  const value = text.trim();
  if (value.length < MIN_TOKEN_LENGTH) {
    throw new Error(`ACTIVE_SESSIONS_TOKEN_FILE: the token in ${file} must be at least ${MIN_TOKEN_LENGTH} characters long`);
  }
  const mode = statSync(file).mode & 0o777;
  if ((mode & 0o077) !== 0) {
    console.warn(
      `[active-sessions] WARNING: ACTIVE_SESSIONS_TOKEN_FILE ${file} has mode 0${mode.toString(8)}: ` +
        `other users may read or change the token. Run: chmod 600 ${file}`,
    );
  }
  return { value, source: 'token-file', file, created: false };
}

const globalForToken = globalThis as unknown as { activeSessionsToken?: { key: string; token: AccessToken } };

/**
 * The one secret that opens everything, first found of: the file ACTIVE_SESSIONS_TOKEN_FILE
 * names, ACTIVE_SESSIONS_TOKEN, a generated one kept on disk. Read once per setting.
 */
export function accessToken(): AccessToken {
  const { file: tokenFile, value: fromEnv } = config.token;
  const key = tokenFile ? `token-file:${tokenFile}` : fromEnv ? `env:${fromEnv}` : `file:${tokenFilePath()}`;
  const cached = globalForToken.activeSessionsToken;
  if (cached?.key === key) return cached.token;
  let token: AccessToken;
  if (tokenFile) {
    token = readOperatorTokenFile(tokenFile);
  } else if (fromEnv) {
    if (fromEnv.trim().length < MIN_TOKEN_LENGTH) {
      throw new Error(`ACTIVE_SESSIONS_TOKEN must be at least ${MIN_TOKEN_LENGTH} characters long`);
    }
    token = { value: fromEnv.trim(), source: 'env', created: false };
  } else {
    token = readOrCreateTokenFile(tokenFilePath());
  }
  globalForToken.activeSessionsToken = { key, token };
  return token;
}

const digest = (text: string) => createHash('sha256').update(text).digest();

/** Constant time whatever the candidate: both sides are hashed to the same length first. */
export function isValidToken(candidate: string): boolean {
  return timingSafeEqual(digest(candidate), digest(accessToken().value));
}
