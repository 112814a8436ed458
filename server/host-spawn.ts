import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import path from 'node:path';
import { closeToOthers, ensurePrivateFolder } from '@/store/private-files';
import { dataDir, hostLogPath } from '@/host/daemon/socket-path';

/** A session host started by this process: how to tell that it gave up, and where it says why. */
export type StartedHost = { child: ChildProcess; exited: Promise<number | null>; logPath: string };

/**
 * Starts the session host in its own session (setsid), so that neither a terminal's Ctrl-C nor a
 * signal to the web server's process group reaches it, with this process's environment, cwd and
 * node. It outlives this process: nothing here waits for it.
 */
export function spawnHost(): StartedHost {
  const dir = dataDir();
  ensurePrivateFolder(dir);
  const logPath = hostLogPath(dir);
  const log = openSync(logPath, 'a', 0o600);
  closeToOthers(logPath);
  const script = path.join(/* turbopackIgnore: true */ process.cwd(), 'bin', 'active-sessions-host.mjs');
  let child: ChildProcess;
  try {
    child = spawn(process.execPath, [script], { detached: true, stdio: ['ignore', log, log], env: process.env, cwd: process.cwd() });
  } finally {
    closeSync(log);
  }
  const exited = new Promise<number | null>((resolve) => {
    child.once('exit', (code) => resolve(code));
    child.once('error', () => resolve(null));
  });
  child.unref();
  return { child, exited, logPath };
}

const LOG_TAIL_BYTES = 2000;

/** The last lines of the host's log: why it could not start, in its own words. */
export function logTail(logPath: string): string {
  try {
    const fd = openSync(logPath, 'r');
    try {
      const size = fstatSync(fd).size;
      const tail = Buffer.alloc(Math.min(size, LOG_TAIL_BYTES));
      readSync(fd, tail, 0, tail.length, size - tail.length);
      return tail.toString('utf8').trimEnd() || '(empty)';
    } finally {
      closeSync(fd);
    }
  } catch (error) {
    return `(cannot read it: ${(error as Error).message})`;
  }
}
