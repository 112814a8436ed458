import { describe, expect, it } from 'vitest';
import { UsageError } from '../args';
import * as kill from './kill';
import * as logs from './logs';
import * as ls from './ls';
import * as open from './open';
import * as wait from './wait';

describe('ls', () => {
  it('reads --status and --json', () => {
    expect(ls.parse([])).toEqual({ status: undefined, json: false });
    expect(ls.parse(['--status', 'failed', '--json'])).toEqual({ status: 'failed', json: true });
    expect(() => ls.parse(['--status', 'done'])).toThrow(/--status must be one of running, completed, failed/);
    expect(ls.parse(['--filter', 'deploy'])).toEqual({ status: undefined, filter: 'deploy', json: false });
    expect(() => ls.parse(['--filter', 'x'.repeat(201)])).toThrow(/--filter must be at most 200 characters/);
    expect(() => ls.parse(['extra'])).toThrow(UsageError);
  });
});

describe('logs', () => {
  it('takes one id, --follow, --tail N and --json', () => {
    expect(logs.parse(['abc'])).toEqual({ id: 'abc', follow: false, tail: undefined, json: false });
    expect(logs.parse(['-f', 'abc', '--tail', '20', '--json'])).toEqual({ id: 'abc', follow: true, tail: 20, json: true });
  });

  it('refuses a missing or second id and a --tail that is not a count', () => {
    expect(() => logs.parse([])).toThrow(/a session id is required/);
    expect(() => logs.parse(['a', 'b'])).toThrow(/give one session id/);
    expect(() => logs.parse(['a', '--tail', '0'])).toThrow(/--tail must be a whole number from 1 to 5000/);
    expect(() => logs.parse(['a', '--tail', '1e3'])).toThrow(UsageError);
    expect(() => logs.parse(['a', '--tail', '5001'])).toThrow(UsageError);
  });
});

describe('wait', () => {
  it('takes several ids (once each), --any and --timeout', () => {
    expect(wait.parse(['a', 'b', 'a'])).toEqual({ ids: ['a', 'b'], any: false, timeoutMs: undefined });
    expect(wait.parse(['a', '--any', '--timeout', '10m'])).toEqual({ ids: ['a'], any: true, timeoutMs: 600_000 });
    expect(() => wait.parse([])).toThrow(/at least one session id/);
    expect(() => wait.parse(['a', '--timeout', 'x'])).toThrow(/--timeout: not a duration/);
  });

  it("exits with the first failure's code, in the order the sessions ended, else 0", () => {
    const ok = { status: 'completed', endReason: 'exited', exitCode: 0, signal: null } as const;
    const three = { status: 'failed', endReason: 'exited', exitCode: 3, signal: null } as const;
    const killed = { status: 'failed', endReason: 'killed', exitCode: null, signal: 'SIGKILL' } as const;
    expect(wait.combinedExitCode([ok, ok])).toBe(0);
    expect(wait.combinedExitCode([ok, three, killed])).toBe(3);
    expect(wait.combinedExitCode([killed, three])).toBe(137);
  });
});

describe('kill and open', () => {
  it('kill takes one id or --all, and a --grace duration of at most 10 minutes', () => {
    expect(kill.parse(['abc'])).toEqual({ target: { id: 'abc' }, graceMs: undefined });
    expect(kill.parse(['abc', '--grace', '5s'])).toEqual({ target: { id: 'abc' }, graceMs: 5000 });
    expect(kill.parse(['abc', '--grace', '0'])).toEqual({ target: { id: 'abc' }, graceMs: 0 });
    expect(kill.parse(['--all', '--grace', '1s'])).toEqual({ target: 'all', graceMs: 1000 });
    expect(() => kill.parse(['abc', '--grace', '11m'])).toThrow(/at most 10m/);
    expect(() => kill.parse([])).toThrow(/a session id is required/);
    expect(() => kill.parse(['abc', '--all'])).toThrow(/a session id or --all, not both/);
  });

  it('open takes one id', () => {
    expect(open.parse(['abc'])).toEqual({ id: 'abc' });
    expect(() => open.parse(['abc', '--json'])).toThrow(UsageError);
  });
});
