import type { SessionJson } from '@/core/contract';
import { showBidiControls } from '@/lib/bidi-controls';

/** The session as the tools hand it out, in the snake_case their inputs use. */
export function sessionFields(session: SessionJson) {
  return {
    id: session.id,
    url: session.url,
    name: session.name,
    command: session.command,
    status: session.status,
    exit_code: session.exitCode,
    signal: session.signal,
    end_reason: session.endReason,
    error: session.error,
    source: session.source,
    client: session.client,
    started_at: session.startedAt,
    ended_at: session.endedAt,
    tty: session.tty,
    waiting_for_input: session.waitingForInput,
  };
}

/** How the process went: by a signal, or by exiting with a code (after the console's SIGTERM when it stopped it). */
function exitText({ signal, exitCode }: SessionJson, stopped: boolean): string | undefined {
  if (signal) return `killed by ${signal}`;
  if (exitCode === null) return undefined;
  return stopped ? `exited ${exitCode} on SIGTERM` : `exit code ${exitCode}`;
}

/** How a session ended, from its end reason first: a killed one that exited 0 on SIGTERM was still killed. */
function endText(session: SessionJson): string {
  switch (session.endReason) {
    case 'spawn_error':
      return `could not start: ${session.error}`;
    case 'killed':
    case 'interrupted': {
      const how = exitText(session, true);
      // A kill by a person has no error of its own: "killed by SIGTERM", "killed (exited 0 on SIGTERM)".
      if (!session.error) return how?.startsWith('killed') ? how : `killed${how ? ` (${how})` : ''}`;
      return how ? `${session.error} (${how})` : session.error;
    }
    default:
      return exitText(session, false) ?? 'ended';
  }
}

/** "running", "completed: exit code 0", "failed: killed by SIGTERM", "failed: timed out after 30s (killed by SIGTERM)". */
export function stateText(session: SessionJson): string {
  if (session.status === 'running') return session.waitingForInput ? 'running, waiting for input' : 'running';
  return `${session.status}: ${endText(session)}`;
}

/**
 * A summary line. Names and commands in summaries show their direction controls (U+202E…) as
 * markers, so that they do not read as something they are not; output never does, for a cursor
 * counts its real characters.
 */
export const sessionLine = (session: SessionJson) => `${session.id} ${stateText(session)} — ${showBidiControls(session.name)} — ${session.url}`;
