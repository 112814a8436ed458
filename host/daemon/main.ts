// The session host: one long-lived process per data dir, parent of every session, so that the
// web server can stop, crash or be rebuilt without touching them. It serves the web server over
// a unix socket (./protocol.ts) and exits by itself once it has nothing to do.
import { readFileSync } from 'node:fs';
import { getDb } from '@/store/index';
import { recoverInterruptedSessions } from '@/host/recovery';
import { startResourceSampling } from '@/host/resources/sampler';
import { sessionsHere, stopAllSessionsSync } from '@/host/runner';
import { config } from '@/config';
import { claimSocket, type HostSocket } from './socket-server';
import { setHostVersion } from './requests';
import { hostSocketPath } from './socket-path';

// A session whose end could not be recorded at once is caught by this sweep: none stays "running".
const RECOVERY_SWEEP_MS = 30_000;

function log(message: string, ...rest: unknown[]): void {
  console.log(`${new Date().toISOString()} [active-sessions-host ${process.pid}] ${message}`, ...rest);
}

function logError(message: string, ...rest: unknown[]): void {
  console.error(`${new Date().toISOString()} [active-sessions-host ${process.pid}] ${message}`, ...rest);
}

function packageVersion(): string {
  try {
    return (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
  } catch {
    return 'unknown';
  }
}

function sweep(): void {
  try {
    const recovered = recoverInterruptedSessions();
    if (recovered > 0) log(`marked ${recovered} interrupted session(s) as failed`);
  } catch (error) {
    logError('recovery sweep failed:', error);
  }
}

let host: HostSocket | undefined;

function exit(code: number, why: string): never {
  host?.release();
  log(`exiting: ${why}`);
  process.exit(code);
}

/** Exits once no session has run and no client has been connected for the idle period. */
function watchIdle(socket: HostSocket): void {
  const idleMs = config.hostIdleMs;
  let idleSince = Date.now();
  let listening = true;
  const timer = setInterval(
    () => {
      if (listening && !socket.stillOurs()) {
        // Another host took the socket over (a race of two starts over a dead host's file): serve
        // the clients already here, take no new ones, and leave once they and the sessions are done.
        listening = false;
        socket.server.close();
        logError('the socket file was replaced by another host: no longer accepting clients');
      }
      if (socket.clients.size > 0 || sessionsHere() > 0) idleSince = Date.now();
      else if (Date.now() - idleSince >= idleMs) exit(0, `idle for ${idleMs} ms`);
    },
    Math.max(50, Math.min(1000, idleMs / 4)),
  );
  timer.unref();
}

async function main(): Promise<void> {
  process.title = 'active-sessions-host';
  process.on('uncaughtException', (error) => logError('uncaught exception (still serving):', error));
  process.on('unhandledRejection', (error) => logError('unhandled rejection (still serving):', error));
  setHostVersion(packageVersion());
  getDb();
  const socketPath = hostSocketPath();
  host = await claimSocket(socketPath, () => exit(0, 'asked to make way for another version'));
  if (!host) return process.exit(0);
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      const stopped = stopAllSessionsSync();
      exit(signal === 'SIGINT' ? 130 : 143, `${signal}, stopped ${stopped} running session(s)`);
    });
  }
  log(`listening on ${socketPath}`);
  sweep();
  setInterval(sweep, RECOVERY_SWEEP_MS).unref();
  startResourceSampling((error) => logError('resource sampling failed:', error));
  watchIdle(host);
}

main().catch((error) => {
  logError('cannot start:', error);
  process.exit(1);
});
