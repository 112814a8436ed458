import { getDb } from '@/store/index';
import { accessToken } from '@/lib/auth/token';
import { config } from '@/config';
import { ensureHost } from './host';
import { consoleBaseUrl } from './links';
import { startNotifications } from './notify';
import { startRetention } from './retention';

const globalForLifecycle = globalThis as unknown as { activeSessionsLifecycle?: boolean };

/**
 * Runs once per server process: migrate, and make sure the session host runs. Sessions are the
 * host's children, not this process's: the server stops on SIGTERM/SIGINT as Next.js does, and
 * they go on running.
 */
export async function startServerLifecycle(): Promise<void> {
  if (globalForLifecycle.activeSessionsLifecycle) return;
  globalForLifecycle.activeSessionsLifecycle = true;

  try {
    getDb();
    startNotifications();
    announceAccess();
    startRetention();
    const host = await ensureHost();
    console.log(`[active-sessions] session host: pid ${host.pid}, ${host.running} running session(s)`);
  } catch (error) {
    // A server that cannot reach its store, has no usable token or cannot start sessions would
    // answer every request with a 500: better not to start, and say why.
    console.error(`[active-sessions] cannot start: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  }
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
