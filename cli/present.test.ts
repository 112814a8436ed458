import { describe, expect, it } from 'vitest';
import type { SessionJson } from '@/core/contract';
import { endLine, sessionTable } from './present';

const session = (over: Partial<SessionJson>): SessionJson => ({
  id: 'abc',
  name: 'build',
  command: 'make',
  cwd: '/',
  status: 'completed',
  endReason: 'exited',
  pid: 1,
  exitCode: 0,
  signal: null,
  error: null,
  createdAt: '2026-01-01T00:00:00.000Z',
  startedAt: '2026-01-01T00:00:00.000Z',
  endedAt: '2026-01-01T00:01:30.000Z',
  outputBytes: 0,
  source: 'cli',
  client: null,
  timeout: null,
  host: null,
  envNames: [],
  pinned: false,
  rerunOf: null,
  latestRerun: null,
  url: 'http://127.0.0.1:3000/sessions/abc',
  tty: false,
  cols: null,
  rows: null,
  waitingForInput: false,
  lastOutputAt: null,
  resources: null,
  peakRssBytes: null,
  cpuSeconds: null,
  ...over,
});

describe('what ls, wait and kill print', () => {
  it('lists id, status with the exit code of a failure, runtime and name in aligned columns', () => {
    const now = Date.parse('2026-01-01T00:00:05.000Z');
    const table = sessionTable(
      [
        session({ id: 'run1', status: 'running', endReason: null, exitCode: null, endedAt: null, name: 'watch' }),
        session({ id: 'k', status: 'failed', endReason: 'killed', exitCode: null, signal: 'SIGTERM', name: 'sleep 30' }),
      ],
      now,
    );
    expect(table).toBe(
      'ID    STATUS             RUNTIME  NAME\n' + 'run1  running            5s       watch\n' + 'k     failed (exit 143)  1m30s    sleep 30\n',
    );
  });

  it('says when a running terminal session waits for input', () => {
    const waiting = session({ status: 'running', endReason: null, exitCode: null, endedAt: null, tty: true, cols: 120, rows: 32, waitingForInput: true });
    expect(sessionTable([waiting]).split('\n')[1]).toContain('running (waiting for input)');
  });

  it('shows control and direction characters in a name instead of letting them act on the terminal', () => {
    const name = 'evil\u001b[2J\u202Etxt.exe';
    expect(sessionTable([session({ name })]).split('\n')[1]).toMatch(/evil\\x1b\[2J⟨U\+202E⟩txt\.exe$/);
    expect(endLine(session({ name, status: 'failed', exitCode: 3, error: null }))).toBe('abc failed (exit 3): evil\\x1b[2J⟨U+202E⟩txt.exe\n');
  });
});
