import { setFlagsFromString } from 'node:v8';
import { AppError } from '@/core/errors';

// V8's linear-time regular expression engine (the `l` flag) answers in time proportional to the
// text whatever the pattern, so `(a+)+$` cannot stall the server on a long line of a's. It refuses,
// at compile time, what cannot run in linear time (backreferences, lookaround, large counted
// repeats), much as RE2 and Dozzle's Go regexp do. The flag is read when a pattern is compiled, so setting it now is enough.
setFlagsFromString('--enable-experimental-regexp-engine');

export type SearchOptions = { query: string; regex: boolean; caseSensitive: boolean };

/** A compiled search: the expression, and how a line's text is prepared before it is matched. */
export type Pattern = { expression: RegExp; prepare: (text: string) => string };

const SPECIAL = /[.*+?^${}()|[\]\\]/g;
// An escape is kept as written (`\D` is not `\d`): a backslash and its letter, or a whole \u{…}, \p{…}, \k<…>.
const ESCAPE_OR_TEXT = /\\(?:[uxpPk][{<][^}>]*[}>]|u[0-9a-fA-F]{4}|x[0-9a-fA-F]{2}|c[A-Za-z]|[\s\S])|[^\\]+/g;

/**
 * Lower case with the length kept, so that where a match lies in the folded text is where it lies
 * in the line (the few characters whose lower case is longer, such as "İ", stay as they are).
 */
export function foldCase(text: string): string {
  const lower = text.toLowerCase();
  if (lower.length === text.length) return lower;
  let folded = '';
  for (const character of text) {
    const small = character.toLowerCase();
    folded += small.length === character.length ? small : character;
  }
  return folded;
}

function foldPattern(source: string): string {
  return source.replace(ESCAPE_OR_TEXT, (part) => (part.startsWith('\\') ? part : foldCase(part)));
}

/** What the search looks for; a bad pattern is a 400 that says why. */
export function compilePattern({ query, regex, caseSensitive }: SearchOptions): Pattern {
  const source = regex ? query : query.replace(SPECIAL, '\\$&');
  // The linear engine has no case-insensitive mode: both sides are folded to lower case instead.
  const prepare = caseSensitive ? (text: string) => text : foldCase;
  try {
    return { expression: new RegExp(caseSensitive ? source : foldPattern(source), 'gml'), prepare };
  } catch (error) {
    // V8 says "Invalid regular expression: /source/flags: reason": the reason is what the person needs.
    const reason = (error as Error).message.replace(/^Invalid regular expression: \/[\s\S]*\/[a-z]*: /, '');
    const linear = /linear time/.test(reason);
    throw new AppError(
      'bad_request',
      linear
        ? 'q is not a pattern this search runs in linear time: backreferences, lookaround and large counted repeats such as (a|b){3,100} are not supported'
        : `q is not a valid regular expression: ${reason}`,
    );
  }
}

/** Where the pattern matches in a line's visible text: [start, end) pairs; an empty match counts, with no width. */
export function matchRanges({ expression, prepare }: Pattern, line: string): [number, number][] {
  const text = prepare(line);
  const ranges: [number, number][] = [];
  expression.lastIndex = 0;
  for (let match = expression.exec(text); match; match = expression.exec(text)) {
    ranges.push([match.index, match.index + match[0].length]);
    if (match[0].length === 0) expression.lastIndex++;
  }
  return ranges;
}

export function matches({ expression, prepare }: Pattern, line: string): boolean {
  expression.lastIndex = 0;
  return expression.test(prepare(line));
}
