import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { commandLine, shellQuote } from './command-line';

/** The argv sh hands a program for this command line: what the session really runs. */
function argvUnderSh(line: string): string[] {
  const output = execFileSync('sh', ['-c', `${line.replace(/^printf/, "printf '%s\\0'")}`], { encoding: 'utf8' });
  return output.split('\0').slice(0, -1);
}

describe('commandLine', () => {
  it('passes one word as the command line it is', () => {
    expect(commandLine(['make && make test'])).toBe('make && make test');
  });

  it('quotes several words back, so sh -c gets its script as one argument', () => {
    expect(commandLine(['sh', '-c', 'echo hi; exit 3'])).toBe("sh -c 'echo hi; exit 3'");
    expect(execFileSync('sh', ['-c', `${commandLine(['sh', '-c', 'echo hi; exit 0'])}`], { encoding: 'utf8' })).toBe('hi\n');
  });

  it('leaves plain words unquoted and quotes the rest', () => {
    expect(shellQuote('--name=a/b.c:1@x%+,')).toBe('--name=a/b.c:1@x%+,');
    expect(shellQuote('')).toBe("''");
    expect(shellQuote("it's")).toBe("'it'\\''s'");
  });

  it('runs under sh with exactly the words given', () => {
    const words = ['printf', "it's", '$HOME', '`id`', 'a b', '', '*', 'x\ny', '"q"', '\\', ';', '|', '~', '!'];
    expect(argvUnderSh(commandLine(words))).toEqual(words.slice(1));
  });
});
