// Characters no POSIX shell treats specially: a word made only of these needs no quotes.
const PLAIN_WORD = /^[A-Za-z0-9_\/.,:=@%+-]+$/;

/** One word for `sh -c`, quoted only when it needs to be: 'it'\''s' for it's. */
export function shellQuote(word: string): string {
  if (PLAIN_WORD.test(word)) return word;
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

/**
 * The command line a session runs, from the words after `--`. One word is already a command line
 * (`run -- 'make && make test'`) and is passed as it is; several are the argv the user's shell
 * split, so each is quoted back and `run -- sh -c 'echo hi; exit 3'` runs exactly that.
 */
export function commandLine(words: string[]): string {
  return words.length === 1 ? words[0] : words.map(shellQuote).join(' ');
}
