import { createHash } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { databasePath } from '@/store/path';

// sun_path holds 108 bytes on Linux (104 on macOS), its terminating NUL included.
const MAX_SOCKET_PATH_BYTES = 100;

/** The folder the store, the output files, the host's socket and its log live in. */
export function dataDir(): string {
  return path.dirname(databasePath());
}

/**
 * Where the session host of this data dir listens: beside the store, or, when that path is too
 * long for a unix socket, a name in the temp folder derived from the data dir.
 */
export function hostSocketPath(dir = dataDir()): string {
  const beside = path.join(dir, 'host.sock');
  if (Buffer.byteLength(beside) <= MAX_SOCKET_PATH_BYTES) return beside;
  const hash = createHash('sha256').update(dir).digest('hex').slice(0, 16);
  return path.join(os.tmpdir(), `active-sessions-${hash}.sock`);
}

export function hostLogPath(dir = dataDir()): string {
  return path.join(dir, 'host.log');
}
