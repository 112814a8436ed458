import { describe, expect, it } from 'vitest';
import { parseEnvLines } from './env-lines';

describe('parseEnvLines', () => {
  it('reads NAME=value lines; the value is all after the first =, as written', () => {
    expect(parseEnvLines('FOO=bar\n\n# a comment\n  DB_URL=postgres://u:p@h/db?x=1\nEMPTY=\r\nQUOTED="a b"')).toEqual({
      ok: true,
      env: { FOO: 'bar', DB_URL: 'postgres://u:p@h/db?x=1', EMPTY: '', QUOTED: '"a b"' },
    });
    expect(parseEnvLines('')).toEqual({ ok: true, env: {} });
  });

  it.each([
    ['FOO', 'line 1: write it as NAME=value'],
    ['A=1\nBAD-NAME=x', 'line 2: “BAD-NAME” is not a variable name (letters, digits and _, not starting with a digit)'],
    ['1A=x', 'line 1: “1A” is not a variable name (letters, digits and _, not starting with a digit)'],
    ['=x', 'line 1: “” is not a variable name (letters, digits and _, not starting with a digit)'],
    ['A=1\n\nA=2', 'line 3: A is given twice'],
  ])('names the line of a problem: %j', (text, error) => {
    expect(parseEnvLines(text)).toEqual({ ok: false, error });
  });
});
