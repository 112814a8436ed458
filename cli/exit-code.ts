import { constants } from 'node:os';
import type { SessionJson } from '@/core/contract';

/** The shell's code for "ended by signal N". */
function signalCode(signal: string): number | undefined {
  const number = (constants.signals as Record<string, number | undefined>)[signal];
  return number === undefined ? undefined : 128 + number;
}

const SIGTERM_CODE = 128 + constants.signals.SIGTERM;
/** What a shell says of a command it could not start (not found, cwd missing, not executable). */
const COULD_NOT_START = 127;

/**
 * The exit code a shell would give for the session, so that scripts and agents can act on it:
 * the process's own code; 128 + the signal's number when a signal ended it (143 for SIGTERM, 137
 * for SIGKILL); 127 when it never started. A session that was killed (by Kill or its timeout) or
 * interrupted (the session host stopped) never reads as success, even when its process caught SIGTERM
 * and exited 0: 143 and 1 then.
 */
export function exitCodeOf(session: Pick<SessionJson, 'status' | 'endReason' | 'exitCode' | 'signal'>): number {
  if (session.status === 'running') throw new Error('the session is still running');
  const { endReason, exitCode, signal } = session;
  if (endReason === 'spawn_error') return COULD_NOT_START;
  const bySignal = signal ? signalCode(signal) : undefined;
  if (bySignal !== undefined) return bySignal;
  // Kill sends SIGTERM; a process that caught it may exit 0, which must not read as success.
  if (endReason === 'killed') return exitCode ? exitCode : SIGTERM_CODE;
  if (endReason === 'interrupted') return exitCode ? exitCode : 1;
  if (exitCode !== null) return exitCode;
  return session.status === 'completed' ? 0 : 1;
}
