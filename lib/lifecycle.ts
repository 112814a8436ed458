import { getDb } from '@/db/index';
import { recoverInterruptedSessions } from './recovery';
import { stopAllSessionsSync } from './runner';

// A session whose end could not be recorded at once is caught by this sweep: none stays "running".
const RECOVERY_SWEEP_MS = 30_000;

const globalForLifecycle = globalThis as unknown as { activeSessionsLifecycle?: boolean };

/** Runs once per server process: migrate, recover what an earlier process left, stop cleanly. */
export function startServerLifecycle(): void {
  if (globalForLifecycle.activeSessionsLifecycle) return;
  globalForLifecycle.activeSessionsLifecycle = true;

  getDb();
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
  // With NEXT_MANUAL_SIG_HANDLE set (npm start), nobody else exits for us.
  if (process.env.NEXT_MANUAL_SIG_HANDLE) process.exit(signal === 'SIGINT' ? 130 : 143);
}
