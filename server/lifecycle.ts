import { getDb } from '@/store/index';
import { recoverInterruptedSessions } from '@/host/recovery';
import { stopAllSessionsSync } from '@/host/runner';
import { accessToken } from '@/lib/auth/token';
import { config } from '@/lib/config';
import { consoleBaseUrl } from './links';

// A session whose end could not be recorded at once is caught by this sweep: none stays "running".
const RECOVERY_SWEEP_MS = 30_000;

const globalForLifecycle = globalThis as unknown as { activeSessionsLifecycle?: boolean };

/** Runs once per server process: migrate, recover what an earlier process left, stop cleanly. */
export function startServerLifecycle(): void {
  if (globalForLifecycle.activeSessionsLifecycle) return;
  globalForLifecycle.activeSessionsLifecycle = true;

  try {
    getDb();
    announceAccess();
  } catch (error) {
    // A server that cannot reach its store or has no usable token would answer every request with
    // a 500: better not to start, and say why.
    console.error(`[active-sessions] cannot start: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  }
  const recovered = recoverInterruptedSessions();
  if (recovered > 0) console.log(`[active-sessions] marked ${recovered} interrupted session(s) as failed`);
  setInterval(() => {
    try {
      recoverInterruptedSessions();
    } catch (error) {
      console.error('[active-sessions] recovery sweep failed:', error);
    }
  }, RECOVERY_SWEEP_MS).unref();

  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    // Before Next.js's own handler, which may exit before children are stopped.
    process.prependListener(signal, () => onStopSignal(signal));
  }
}

let stopping = false;

function onStopSignal(signal: NodeJS.Signals): void {
  if (stopping) return;
  stopping = true;
  const stopped = stopAllSessionsSync();
  if (stopped > 0) console.log(`[active-sessions] ${signal}: stopped ${stopped} running session(s)`);
  // Under `npm start` (server/start.mjs) nobody else exits for us; under `next dev` this comes first.
  process.exit(signal === 'SIGINT' ? 130 : 143);
}

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|localhost|::1|\[::1\])$/;

/** Like Jupyter: say where to log in, and warn when listening beyond this machine on a generated token. */
function announceAccess(): void {
  const token = accessToken();
  const base = consoleBaseUrl();
  if (token.source === 'file') {
    console.log(`[active-sessions] log in at: ${base}/?token=${token.value}`);
    console.log(`[active-sessions] access token ${token.created ? 'generated and ' : ''}kept in ${token.file} (mode 0600)`);
  } else {
    const where = token.source === 'token-file' ? `the token in ${token.file}` : 'ACTIVE_SESSIONS_TOKEN';
    console.log(`[active-sessions] log in at ${base}/login with ${where}`);
  }
  const { host } = config.listen;
  if (!LOOPBACK.test(host) && token.source === 'file') {
    console.warn(
      `[active-sessions] WARNING: listening on ${host}, beyond this machine, with a generated token. ` +
        'Anyone who can reach this port and learns the token can run commands as this user. ' +
        'Set ACTIVE_SESSIONS_TOKEN_FILE or ACTIVE_SESSIONS_TOKEN yourself, and put the app behind TLS (see README, Security).',
    );
  }
}
