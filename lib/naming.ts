/**
 * A short, readable, deterministic session name derived from a shell command line, e.g.
 * `cd app && PORT=1 npm run build` → "npm run build", `claude -p "fix the login bug"` →
 * "claude: fix the login bug", `python3 scripts/migrate.py --batch 5` → "migrate.py",
 * `sleep 1; make build` → "make build", `python3 -c "print(1)"` → "python3: print(1)".
 */
export const MAX_NAME_LENGTH = 40;

const CONTROL_OPERATORS = new Set(['&&', '||', ';', '|', '&', '|&']);
const SHELL_KEYWORDS = new Set(['for', 'while', 'until', 'if', 'case', 'select', '{', '(', '((', '[[']);
// Commands that only prepare the ground for the real one in a chain.
const SETUP_COMMANDS = new Set(['cd', 'pushd', 'export', 'source', '.', 'set', 'unset', 'true', 'ulimit', 'umask', 'trap']);
// A wait before the real one (`sleep 1; make build`), but the name of a chain that only waits.
const WAITING = 'sleep';
// Wrappers whose interesting part is the command they run.
const WRAPPERS = new Set(['sudo', 'nohup', 'time', 'env', 'nice', 'exec', 'command', 'stdbuf', 'timeout', 'xvfb-run', 'setsid']);
const SHELLS = /^(bash|sh|zsh|dash|ksh)$/;
const AGENTS = new Set(['claude', 'codex', 'aider', 'gemini', 'opencode', 'amp', 'goose', 'cursor-agent', 'copilot']);
const INTERPRETERS = /^(python[\d.]*|node|nodejs|deno|bun|ruby|perl|php|bash|sh|zsh|tsx|ts-node|Rscript|julia|lua)$/;
const PACKAGE_RUNNERS = new Set(['npm', 'pnpm', 'yarn', 'bun', 'make', 'cargo', 'go', 'uv', 'poetry', 'mix', 'gradle', './gradlew', 'mvn', 'just', 'deno']);

type Word = { text: string; quoted: boolean };

/** Splits a command line into simple commands of words, honouring quotes and escapes. */
export function splitCommands(command: string): Word[][] {
  const commands: Word[][] = [[]];
  let word = '';
  let quoted = false;
  let inWord = false;
  const endWord = () => {
    if (inWord) commands[commands.length - 1].push({ text: word, quoted });
    word = '';
    quoted = false;
    inWord = false;
  };
  for (let i = 0; i < command.length; i++) {
    const c = command[i];
    if (c === "'" || c === '"') {
      const close = command.indexOf(c, i + 1);
      const end = close === -1 ? command.length : close;
      word += command.slice(i + 1, end);
      quoted = true;
      inWord = true;
      i = end;
    } else if (c === '\\' && i + 1 < command.length) {
      word += command[++i];
      inWord = true;
    } else if (/\s/.test(c)) {
      endWord();
    } else if (c === '&' && (word.endsWith('>') || word.endsWith('<') || command[i + 1] === '>')) {
      // Part of a redirection (`>&2`, `2>&1`, `&>log`), not a control operator.
      word += c;
      inWord = true;
    } else if ((c === '(' && !word.endsWith('$')) || (c === ')' && !inCommandSubstitution(word))) {
      // A subshell's parentheses group commands; `$(…)` stays part of its word.
      endWord();
      if (commands[commands.length - 1].length > 0) commands.push([]);
    } else if ('&|;'.includes(c)) {
      endWord();
      const two = command.slice(i, i + 2);
      if (CONTROL_OPERATORS.has(two)) i++;
      if (commands[commands.length - 1].length > 0) commands.push([]);
    } else {
      word += c;
      inWord = true;
    }
  }
  endWord();
  return commands.filter((words) => words.length > 0);
}

/** Whether a word holds a `$(` still open, whose `)` is its own. */
function inCommandSubstitution(word: string): boolean {
  return (word.match(/\$\(/g)?.length ?? 0) > (word.match(/\)/g)?.length ?? 0);
}

function basename(path: string): string {
  const parts = path.split('/').filter(Boolean);
  return parts.length > 0 ? parts[parts.length - 1] : path;
}

export function truncate(text: string, max = MAX_NAME_LENGTH): string {
  const compact = text.replace(/\s+/g, ' ').trim();
  if (compact.length <= max) return compact;
  const cut = compact.slice(0, max - 1);
  const space = cut.lastIndexOf(' ');
  return `${(space > max / 2 ? cut.slice(0, space) : cut).trimEnd()}…`;
}

function stripPrefix(words: Word[]): Word[] {
  let i = 0;
  while (i < words.length) {
    const text = words[i].text;
    if (/^[A-Za-z_][A-Za-z0-9_]*=/.test(text) && !words[i].quoted) i++;
    else if (WRAPPERS.has(text)) {
      i++;
      // Skip the wrapper's own options and arguments such as `timeout 60` or `nice -n 5`.
      while (i < words.length && (words[i].text.startsWith('-') || /^\d+[smhd]?$/.test(words[i].text))) i++;
    } else break;
  }
  return words.slice(i);
}

function agentName(program: string, args: Word[]): string {
  const prompt = [...args].reverse().find((arg) => arg.quoted && /\s/.test(arg.text));
  return prompt ? `${program}: ${prompt.text}` : [program, ...args.map((a) => a.text)].join(' ');
}

function interpreterName(program: string, args: Word[]): string {
  for (let i = 0; i < args.length; i++) {
    const arg = args[i].text;
    if (arg === '-m' && args[i + 1]) return [args[i + 1].text, ...args.slice(i + 2, i + 3).map((a) => a.text)].join(' ');
    // `sh -c 'script'`: the script is the command line that says what runs.
    if (arg === '-c' && SHELLS.test(program) && args[i + 1]) return nameFromCommand(args[i + 1].text);
    // Inline code: what it says, as an agent's prompt is shown.
    if (arg === '-c' || arg === '-e' || arg === '--eval') return args[i + 1] ? `${program}: ${args[i + 1].text}` : `${program} ${arg}`;
    if (!arg.startsWith('-')) return basename(arg);
  }
  return program;
}

const REDIRECTION = /^\d*(?:&?>>?|<<?<?|>&|<&)/;

/** Drops redirections (`2>&1`, `> out.log`, `<input`): they say where output goes, not what runs. */
function withoutRedirections(words: Word[]): Word[] {
  const kept: Word[] = [];
  for (let i = 0; i < words.length; i++) {
    const match = !words[i].quoted && REDIRECTION.exec(words[i].text);
    if (!match) kept.push(words[i]);
    else if (match[0] === words[i].text) i++; // the target is the next word
  }
  return kept;
}

function nameOf(all: Word[]): string {
  const words = withoutRedirections(all);
  if (words.length === 0) return '';
  const [first, ...args] = words;
  const program = basename(first.text);
  if (AGENTS.has(program)) return agentName(program, args);
  if (INTERPRETERS.test(program) && args.length > 0) return interpreterName(program, args);
  if (PACKAGE_RUNNERS.has(first.text) || PACKAGE_RUNNERS.has(program)) {
    return [program, ...args.filter((a) => !a.text.startsWith('-')).slice(0, 2).map((a) => a.text)].join(' ');
  }
  if (program === 'npx' || program === 'pnpx' || program === 'bunx' || program === 'uvx') {
    return args.length > 0 ? nameOf(args) : program;
  }
  return [program, ...args.map((a) => a.text)].join(' ');
}

export function nameFromCommand(command: string): string {
  const trimmed = command.trim();
  const commands = splitCommands(trimmed);
  if (commands.length === 0 || SHELL_KEYWORDS.has(commands[0][0].text)) return truncate(trimmed) || 'session';
  const simple = commands.map(stripPrefix).filter((words) => words.length > 0);
  const setup = (words: Word[]) => SETUP_COMMANDS.has(words[0].text);
  const main = simple.find((words) => !setup(words) && words[0].text !== WAITING) ?? simple.find((words) => !setup(words)) ?? simple[0];
  return (main && truncate(nameOf(main))) || truncate(trimmed) || 'session';
}
