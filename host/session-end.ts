import type { TextEntry } from '@/store/output-write';
import type { SessionEnd } from '@/store/queries';
import { formatDuration } from '@/lib/format';
import type { TerminateResult } from './terminate';

/** Who stopped a session: a person (Kill), its own timeout, or the server on its way out. */
export type StopRequest =
  | { by: 'user'; result: TerminateResult; graceMs: number }
  | { by: 'timeout'; afterSeconds: number; result: TerminateResult; graceMs: number }
  | { by: 'shutdown'; result: TerminateResult; graceMs: number };

export type ExitFacts = {
  exitCode: number | null;
  signal: string | null;
  stop?: StopRequest;
  /** Processes of the session still holding its output open when its main process exited. */
  lingering: number[];
};

export type EndReport = { end: SessionEnd; lines: string[] };

const EXIT_HINTS: Record<number, string> = { 126: 'command not executable', 127: 'command not found' };

function formatSeconds(ms: number): string {
  return `${Number((ms / 1000).toFixed(1))}s`;
}

function who(stop: StopRequest): string {
  switch (stop.by) {
    case 'user':
      return 'killed by user';
    case 'timeout':
      return `timed out after ${formatDuration(stop.afterSeconds * 1000)}`;
    case 'shutdown':
      return 'interrupted: the session host was stopped';
    default: {
      const never: never = stop;
      return never;
    }
  }
}

function stopLines(stop: StopRequest, signal: string | null): string[] {
  const how = stop.result.escalated
    ? `still running ${formatSeconds(stop.graceMs)} after SIGTERM, sent SIGKILL`
    : (signal ?? 'SIGTERM');
  const lines = [`${who(stop)} (${how})`];
  if (stop.result.survivors.length > 0) {
    lines.push(`processes survived the kill: pids ${stop.result.survivors.join(', ')}`);
  }
  return lines;
}

function stoppedEnd(stop: StopRequest, exitCode: number | null, signal: string | null, endedAt: Date): SessionEnd {
  switch (stop.by) {
    case 'user':
      return { status: 'failed', endReason: 'killed', exitCode, signal, endedAt };
    case 'timeout':
      return { status: 'failed', endReason: 'killed', exitCode, signal, error: who(stop), endedAt };
    case 'shutdown':
      return { status: 'failed', endReason: 'interrupted', exitCode, signal, error: 'interrupted: the session host was stopped', endedAt };
    default: {
      const never: never = stop;
      return never;
    }
  }
}

/** What really happened to a session, as its record and its last `system` lines say it. */
export function describeEnd(facts: ExitFacts, endedAt: Date): EndReport {
  const { exitCode, signal, stop, lingering } = facts;
  const lines: string[] = [];
  let end: SessionEnd;
  if (stop) {
    lines.push(...stopLines(stop, signal));
    end = stoppedEnd(stop, exitCode, signal, endedAt);
  } else if (signal) {
    lines.push(`killed by ${signal}`);
    end = { status: 'failed', endReason: 'exited', exitCode: null, signal, endedAt };
  } else {
    const hint = exitCode !== null && EXIT_HINTS[exitCode] ? ` (${EXIT_HINTS[exitCode]})` : '';
    lines.push(`exited with code ${exitCode}${hint}`);
    end = { status: exitCode === 0 ? 'completed' : 'failed', endReason: 'exited', exitCode, signal: null, endedAt };
  }
  if (lingering.length > 0) {
    lines.push(
      `background processes still hold the output open (pids ${lingering.join(', ')}): ` +
        'the session ended with its main process; their later output is not captured',
    );
  }
  return { end, lines };
}

/** The end of a session taken over from a host that is gone: only its parent could know how it exited. */
export function adoptedEnd(endedAt: Date): EndReport {
  const why = 'ended while its session host was not its parent: its exit status is unknown';
  return { end: { status: 'failed', endReason: 'interrupted', error: why, exitCode: null, signal: null, endedAt }, lines: [why] };
}

export function spawnErrorEnd(message: string, endedAt: Date): EndReport {
  return {
    end: { status: 'failed', endReason: 'spawn_error', error: message, exitCode: null, signal: null, endedAt },
    lines: [`failed to start: ${message}`],
  };
}

/** The console's closing lines as one `system` chunk, on a line of their own even after output that did not end one. */
export function systemChunks(lines: string[], atLineStart = true): TextEntry[] {
  const text = (atLineStart ? '' : '\n') + lines.map((line) => `${line}\n`).join('');
  return lines.length === 0 ? [] : [{ stream: 'system', text, at: new Date() }];
}
