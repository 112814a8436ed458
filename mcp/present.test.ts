import { describe, expect, it } from 'vitest';
import type { SessionJson } from '@/core/contract';
import { sessionLine, stateText } from './present';

const ended = (fields: Partial<SessionJson>) =>
  ({ id: 's1', name: 'job', command: 'make', status: 'failed', endReason: 'exited', exitCode: null, signal: null, error: null, url: 'http://x/sessions/s1', ...fields }) as SessionJson;

describe('stateText', () => {
  it('says how a session really ended', () => {
    expect(stateText(ended({ status: 'running', endReason: null }))).toBe('running');
    expect(stateText(ended({ status: 'completed', exitCode: 0 }))).toBe('completed: exit code 0');
    expect(stateText(ended({ exitCode: 3 }))).toBe('failed: exit code 3');
    expect(stateText(ended({ signal: 'SIGSEGV' }))).toBe('failed: killed by SIGSEGV');
    expect(stateText(ended({ endReason: 'killed', exitCode: 0 }))).toBe('failed: killed (exited 0 on SIGTERM)');
    expect(stateText(ended({ endReason: 'killed', signal: 'SIGTERM' }))).toBe('failed: killed by SIGTERM');
    expect(stateText(ended({ endReason: 'killed', signal: 'SIGKILL', error: 'timed out after 30s' }))).toBe('failed: timed out after 30s (killed by SIGKILL)');
    expect(stateText(ended({ endReason: 'killed', exitCode: 0, error: 'timed out after 30s' }))).toBe('failed: timed out after 30s (exited 0 on SIGTERM)');
    expect(stateText(ended({ endReason: 'interrupted', error: 'interrupted: the session host was stopped' }))).toBe('failed: interrupted: the session host was stopped');
    expect(stateText(ended({ endReason: 'spawn_error', error: 'spawn /nope ENOENT' }))).toBe('failed: could not start: spawn /nope ENOENT');
  });
});

describe('sessionLine', () => {
  it('shows direction controls in the name as markers', () => {
    expect(sessionLine(ended({ name: 'invoice\u202efdp.exe', exitCode: 1 }))).toBe('s1 failed: exit code 1 — invoice⟨U+202E⟩fdp.exe — http://x/sessions/s1');
  });
});
