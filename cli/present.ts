import type { SessionJson } from '@/core/contract';
import { showBidiControls } from '@/lib/bidi-controls';
import { formatDuration, sessionRuntimeMs } from '@/lib/format';
import { exitCodeOf } from './exit-code';

/**
 * A name or command made safe for a terminal: control characters (an escape sequence could
 * rewrite the screen) shown as \xNN, direction controls as the page's markers.
 */
export function terminalSafe(text: string): string {
  return showBidiControls(text.replace(/[\u0000-\u001f\u007f-\u009f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`));
}

/** "running", "running (waiting)", "completed", "failed (exit 143)": the status with the code a script would see. */
function statusText(session: SessionJson): string {
  if (session.status === 'running') return session.waitingForInput ? 'running (waiting for input)' : 'running';
  return session.status === 'failed' ? `failed (exit ${exitCodeOf(session)})` : session.status;
}

/** The session in one line, as wait and kill report an end: "abc123 failed (exit 3): build". */
export function endLine(session: SessionJson): string {
  return `${session.id} ${statusText(session)}${session.error ? ` — ${terminalSafe(session.error)}` : ''}: ${terminalSafe(session.name)}\n`;
}

/** Columns padded to their widest cell; the last one is left ragged. */
function table(rows: string[][]): string {
  const widths = rows[0].map((_, column) => Math.max(...rows.map((row) => row[column].length)));
  return rows.map((row) => row.map((cell, column) => (column === row.length - 1 ? cell : cell.padEnd(widths[column]))).join('  ')).join('\n') + '\n';
}

export function sessionTable(sessions: SessionJson[], now = Date.now()): string {
  return table([
    ['ID', 'STATUS', 'RUNTIME', 'NAME'],
    ...sessions.map((session) => [
      session.id,
      statusText(session),
      formatDuration(sessionRuntimeMs(session, now)).replace(' ', ''),
      terminalSafe(session.name),
    ]),
  ]);
}
