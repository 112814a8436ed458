import { describe, expect, it } from 'vitest';
import type { SessionJson } from '@/core/contract';
import { exitCodeOf } from './exit-code';

type End = Pick<SessionJson, 'status' | 'endReason' | 'exitCode' | 'signal'>;
const exited = (exitCode: number): End => ({ status: exitCode === 0 ? 'completed' : 'failed', endReason: 'exited', exitCode, signal: null });

describe('exitCodeOf', () => {
  it("is the process's own code when it exited", () => {
    expect(exitCodeOf(exited(0))).toBe(0);
    expect(exitCodeOf(exited(3))).toBe(3);
    expect(exitCodeOf(exited(127))).toBe(127);
  });

  it('is 128 + the signal number when a signal ended it, as a shell says', () => {
    expect(exitCodeOf({ status: 'failed', endReason: 'killed', exitCode: null, signal: 'SIGTERM' })).toBe(143);
    expect(exitCodeOf({ status: 'failed', endReason: 'killed', exitCode: null, signal: 'SIGKILL' })).toBe(137);
    expect(exitCodeOf({ status: 'failed', endReason: 'exited', exitCode: null, signal: 'SIGSEGV' })).toBe(139);
    expect(exitCodeOf({ status: 'failed', endReason: 'interrupted', exitCode: null, signal: 'SIGTERM' })).toBe(143);
  });

  it('never reads as success for a killed session whose process caught SIGTERM and exited 0', () => {
    expect(exitCodeOf({ status: 'failed', endReason: 'killed', exitCode: 0, signal: null })).toBe(143);
    expect(exitCodeOf({ status: 'failed', endReason: 'killed', exitCode: 2, signal: null })).toBe(2);
    expect(exitCodeOf({ status: 'failed', endReason: 'interrupted', exitCode: null, signal: null })).toBe(1);
  });

  it('is 127 for a command that could not start', () => {
    expect(exitCodeOf({ status: 'failed', endReason: 'spawn_error', exitCode: null, signal: null })).toBe(127);
  });

  it('has no code while the session runs', () => {
    expect(() => exitCodeOf({ status: 'running', endReason: null, exitCode: null, signal: null })).toThrow(/still running/);
  });
});
