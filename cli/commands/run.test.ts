import { describe, expect, it } from 'vitest';
import { HelpRequested, UsageError } from '../args';
import { parse } from './run';

describe('run: its command line', () => {
  it('takes everything after -- as the command, its flags included', () => {
    const options = parse(['--name', 'build', '--', 'ls', '-la', '--color'], '/home/me/project');
    expect(options.body).toEqual({ command: 'ls -la --color', name: 'build', cwd: '/home/me/project', source: 'cli' });
    expect(options).toMatchObject({ detach: false, json: false });
  });

  it('passes one word after -- as the command line it is, and quotes several', () => {
    expect(parse(['--', 'make && make test']).body.command).toBe('make && make test');
    expect(parse(['--', 'sh', '-c', 'echo hi; exit 3']).body.command).toBe("sh -c 'echo hi; exit 3'");
  });

  it('runs in the current directory by default, and resolves a relative --cwd against it', () => {
    expect(parse(['--', 'true'], '/srv/app').body.cwd).toBe('/srv/app');
    expect(parse(['--cwd', 'sub', '--', 'true'], '/srv/app').body.cwd).toBe('/srv/app/sub');
    expect(parse(['--cwd', '/tmp', '--', 'true'], '/srv/app').body.cwd).toBe('/tmp');
  });

  it('collects --env pairs, keeping an = in the value', () => {
    expect(parse(['--env', 'A=1', '--env', 'B=x=y', '--env', 'C=', '--', 'env']).body.env).toEqual({ A: '1', B: 'x=y', C: '' });
    expect(() => parse(['--env', 'A', '--', 'env'])).toThrow(UsageError);
    expect(() => parse(['--env', '=1', '--', 'env'])).toThrow(UsageError);
  });

  it('takes --timeout as a duration, sent in whole seconds', () => {
    expect(parse(['--timeout', '1h30m', '--', 'true']).body.timeout).toBe(5400);
    expect(parse(['--timeout', '90', '--', 'true']).body.timeout).toBe(90);
    expect(() => parse(['--timeout', '500ms', '--', 'true'])).toThrow(/whole number of seconds/);
    expect(() => parse(['--timeout', '31d', '--', 'true'])).toThrow(/from 1s to 30d/);
    expect(parse(['--timeout', '30d', '--', 'true']).body.timeout).toBe(30 * 86_400);
    expect(() => parse(['--timeout', 'soon', '--', 'true'])).toThrow(/--timeout: not a duration/);
  });

  it('reads -d, --detach and --json', () => {
    expect(parse(['-d', '--json', '--', 'true'])).toMatchObject({ detach: true, json: true });
    expect(parse(['--detach', '--', 'true'])).toMatchObject({ detach: true, json: false });
  });

  it('refuses a missing command, words before --, and unknown options, as usage errors', () => {
    expect(() => parse([])).toThrow(/a command is required after --/);
    expect(() => parse(['--'])).toThrow(/a command is required after --/);
    expect(() => parse(['--', ' '])).toThrow(/a command is required/);
    expect(() => parse(['echo', 'hi'])).toThrow(/put the command after --: run -- echo hi/);
    expect(() => parse(['--nmae', 'x', '--', 'true'])).toThrow(UsageError);
    expect(() => parse(['--name'])).toThrow(UsageError);
  });

  it('answers --help before anything else, even after --', () => {
    expect(() => parse(['--help'])).toThrow(HelpRequested);
    expect(() => parse(['-h', '--', 'true'])).toThrow(HelpRequested);
    // After -- it is the command's own flag.
    expect(parse(['--', 'ls', '--help']).body.command).toBe('ls --help');
  });
});
