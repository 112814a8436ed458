import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isAppError } from '@/core/errors';
import { launchSession, stopAllSessionsSync } from '@/host/runner';
import { useTempDatabase, waitForEnd } from '@/lib/testing/helpers';
import { appendOutput } from './output-write';
import { insertSession } from './queries';
import { readLines } from './output-read';
import { searchOutput, visibleText, type SearchRequest } from './search';

beforeAll(() => {
  useTempDatabase();
});
afterAll(() => stopAllSessionsSync(100));

type Ask = Partial<SearchRequest> & { id: string; query: string };
const search = (ask: Ask) =>
  searchOutput({ regex: false, caseSensitive: false, offset: 0, limit: 1000, withText: false, ...ask })!;

// Rows exactly as given, so that a match can be put across the seam between two.
function storedAs(...rows: string[]) {
  const id = `search-${Math.random().toString(36).slice(2, 10)}`;
  insertSession({ id, name: 'rows', command: 'rows', cwd: '/', status: 'completed', createdAt: new Date() });
  appendOutput(id, rows.map((text) => ({ stream: 'stdout' as const, text, at: new Date() })));
  return id;
}

function refusal(ask: Ask): string {
  try {
    search(ask);
  } catch (error) {
    if (isAppError(error) && error.code === 'bad_request') return error.message;
    throw error;
  }
  throw new Error('the search was not refused');
}

describe('search over 200,000 lines', () => {
  it('counts every matching line exactly and reaches the last one', async () => {
    const ended = await waitForEnd(launchSession({ command: 'seq 1 200000' }).id, 30_000);
    const started = performance.now();
    // However slow the machine, the whole output in one request (the API's requests stop after half a second).
    const first = search({ id: ended.id, query: '1', before: 200_002, budgetMs: 60_000 });
    const elapsed = performance.now() - started;
    // Numbers 1..200000 with a digit 1 in them.
    expect(first.total).toBe(140_951);
    expect(first.complete).toBe(true);
    expect(first.match).toEqual({ index: 140_950, line: 199_999 });
    expect(search({ id: ended.id, query: '1', index: 140_950 }).match).toEqual({ index: 140_950, line: 199_999 });
    const lastPage = search({ id: ended.id, query: '1', offset: 140_900, limit: 1000 });
    expect(lastPage.lines).toHaveLength(51);
    expect(lastPage.lines.at(-1)).toBe(199_999);
    expect(lastPage.truncated).toBe(false);
    // From where the reader is: the first match at or after line 150,000 is the line itself.
    expect(search({ id: ended.id, query: '1', after: 149_999 }).match).toEqual({ index: expect.any(Number), line: 150_000 });
    expect(search({ id: ended.id, query: '123456' })).toMatchObject({ lines: [123_456], total: 1, truncated: false });
    console.log(`search "1" over seq 1 200000: ${elapsed.toFixed(0)} ms for the first answer (scan included)`);
  });
});

describe('search', () => {
  it('finds a match split between two rows, on its line', () => {
    const id = storedAs('first line\nsecond line ends in NEE', 'DLE and more\nthird line\n', 'fourth NEEDLE\n');
    expect(search({ id, query: 'needle' })).toMatchObject({ lines: [2, 4], total: 2, truncated: false });
  });

  it('matches each line on its own, as grep does', () => {
    const id = storedAs('a\nxx AB', 'C\n', 'D yy\n');
    expect(search({ id, query: 'abc' }).lines).toEqual([2]);
    expect(search({ id, query: 'abc\nd' }).lines).toEqual([]);
  });

  it('matches the text as shown, colours and redraws applied', () => {
    const id = storedAs('plain \x1b[31mred\x1b[0mdish\n', 'old\rnew\n');
    expect(search({ id, query: 'reddish' }).lines).toEqual([1]);
    expect(search({ id, query: 'new' }).lines).toEqual([2]);
    expect(search({ id, query: 'old' }).lines).toEqual([]);
  });

  it('folds case unless asked not to, and handles wide characters', () => {
    const id = storedAs('one 🙂needle🙂', '🙂 two\n', 'Needle\n');
    expect(search({ id, query: 'NEEDLE' }).lines).toEqual([1, 2]);
    expect(search({ id, query: 'Needle', caseSensitive: true }).lines).toEqual([2]);
    expect(search({ id, query: '🙂🙂' }).lines).toEqual([1]);
  });

  it('takes a regular expression, and text with its special characters as text', () => {
    const id = storedAs('error: 42 failed\n', 'a.b\n', 'axb\n', 'ok\n');
    expect(search({ id, query: 'error: \\d+', regex: true }).lines).toEqual([1]);
    expect(search({ id, query: '^ok$', regex: true }).lines).toEqual([4]);
    expect(search({ id, query: 'a.b' }).lines).toEqual([2]);
    expect(search({ id, query: 'a.b', regex: true }).lines).toEqual([2, 3]);
  });

  it('finds empty lines and line edges, and no line past the last newline', () => {
    const id = storedAs('a\n\nb\n', 'c\n');
    expect(search({ id, query: '^$', regex: true }).lines).toEqual([2]);
    expect(search({ id, query: 'b$', regex: true }).lines).toEqual([3]);
    expect(search({ id, query: 'x*', regex: true }).lines).toEqual([1, 2, 3, 4]);
    expect(search({ id, query: 'a\\s*b', regex: true }).lines).toEqual([]);
  });

  it('finds the same lines as matching each assembled line on its own', () => {
    const pieces = ['a', 'b', 'ab', '\n', '\n\n', '\x1b[31m', '\r', 'A'];
    const patterns = ['a', 'ab', '^a', 'b$', '^$', 'a\\s*b', '[^x]+b', 'x*'];
    let seed = 7;
    const random = (n: number) => (seed = (seed * 1103515245 + 12345) % 2 ** 31) % n;
    for (let round = 0; round < 40; round++) {
      const rows = Array.from({ length: 1 + random(5) }, () => Array.from({ length: 1 + random(12) }, () => pieces[random(pieces.length)]).join(''));
      const id = storedAs(...rows);
      const all = readLines({ id, from: 0, to: 10_000 })!.lines;
      for (const query of patterns) {
        const expected = all.filter((line) => new RegExp(query, 'i').test(visibleText(line))).map((line) => line.n);
        expect(search({ id, query, regex: true }).lines, `${JSON.stringify(rows)} ${query}`).toEqual(expected);
      }
    }
  });

  it('refuses a bad pattern, or one that cannot run in linear time, saying why', () => {
    const id = storedAs('x\n');
    expect(refusal({ id, query: 'a[b', regex: true })).toBe('q is not a valid regular expression: Unterminated character class');
    expect(refusal({ id, query: '(a)\\1', regex: true })).toMatch(/^q is not a pattern this search runs in linear time: backreferences, lookaround/);
    expect(refusal({ id, query: '(?<=a)b', regex: true })).toMatch(/in linear time/);
    expect(refusal({ id, query: '(a|b){3,100}', regex: true })).toMatch(/in linear time/);
  });

  it('runs a catastrophic pattern in linear time', () => {
    const id = storedAs(`${'a'.repeat(5000)}b\n`.repeat(20));
    const started = performance.now();
    expect(search({ id, query: '(a+)+$', regex: true }).total).toBe(0);
    expect(performance.now() - started).toBeLessThan(2000);
  });

  it('goes to the next and the previous match from any line, and none past the ends', () => {
    const id = storedAs('x\n', 'y\n', 'x\n', 'y\n', 'x\n');
    expect(search({ id, query: 'x', after: 1 }).match).toEqual({ index: 1, line: 3 });
    expect(search({ id, query: 'x', after: 0 }).match).toEqual({ index: 0, line: 1 });
    expect(search({ id, query: 'x', before: 3 }).match).toEqual({ index: 0, line: 1 });
    expect(search({ id, query: 'x', after: 5 }).match).toBeNull();
    expect(search({ id, query: 'x', before: 1 }).match).toBeNull();
    expect(search({ id, query: 'x' })).not.toHaveProperty('match');
  });

  it('lists a window of lines with their text and where they match', () => {
    const id = storedAs('no\n', 'an error and an ERROR\n', 'no\n', 'error\n');
    const found = search({ id, query: 'error', from: 2, to: 3, withText: true });
    expect(found).toMatchObject({ lines: [2], total: 2, truncated: false });
    expect(found.matches).toEqual([
      {
        index: 0,
        line: { n: 2, segments: [{ stream: 'stdout', text: 'an error and an ERROR' }], at: expect.any(String) },
        ranges: [
          [3, 8],
          [16, 21],
        ],
      },
    ]);
  });

  it('pages the list with offset and limit, and says when more follow', () => {
    const id = storedAs('x\n'.repeat(50), 'x\n'.repeat(50));
    expect(search({ id, query: 'x', limit: 70 })).toMatchObject({ truncated: true, total: 100 });
    expect(search({ id, query: 'x', limit: 70 }).lines).toHaveLength(70);
    const rest = search({ id, query: 'x', offset: 70, limit: 70 });
    expect(rest).toMatchObject({ truncated: false, offset: 70 });
    expect(rest.lines[0]).toBe(71);
    expect(rest.lines).toHaveLength(30);
  });

  it('reads on from where it stopped as output grows, counting the line being written', () => {
    const id = storedAs('match\n', 'no\n');
    expect(search({ id, query: 'match' }).total).toBe(1);
    appendOutput(id, [{ stream: 'stdout', text: 'half a mat', at: new Date() }]);
    expect(search({ id, query: 'match' }).total).toBe(1);
    appendOutput(id, [{ stream: 'stdout', text: 'ch\nmatch\n', at: new Date() }]);
    expect(search({ id, query: 'match' }).lines).toEqual([1, 3, 4]);
  });

  it('reads a large output over several requests when one has no time left, never counting a line twice', () => {
    const id = storedAs(...Array.from({ length: 600 }, (_, i) => `row ${i} x\n`));
    const first = search({ id, query: 'x', budgetMs: 0 });
    expect(first.complete).toBe(false);
    expect(first.total).toBeLessThan(600);
    let found = first;
    while (!found.complete) found = search({ id, query: 'x', budgetMs: 0 });
    expect(found.total).toBe(600);
    expect(search({ id, query: 'x', index: 599 }).match).toEqual({ index: 599, line: 600 });
  });

  it('answers undefined for a session that does not exist', () => {
    expect(searchOutput({ id: 'nope', query: 'x', regex: false, caseSensitive: false, offset: 0, limit: 10, withText: false })).toBeUndefined();
  });
});
