import { ALTERNATE_SCREEN_SWITCH } from '@/core/terminal/line-screen';

/** The user's terminal as attach uses it: process.stdin and process.stdout, or a test's stand-ins. */
export type LocalTerminal = {
  input: Pick<NodeJS.EventEmitter, 'on' | 'off'> & { isTTY?: boolean; setRawMode(raw: boolean): unknown; pause(): unknown };
  output: Pick<NodeJS.EventEmitter, 'on' | 'off'> & { write(text: string): unknown; columns?: number; rows?: number };
};

// What a program in the session may have switched on in this terminal, switched back off: colours,
// a hidden cursor, application cursor keys and keypad, bracketed paste, mouse and focus reporting,
// xterm's modified keys (vim sets the last two: left on, the shell would get ESC[I on each focus).
const RESET_MODES = '\x1b[0m\x1b[?25h\x1b[?1l\x1b>\x1b[?2004l\x1b[?1000l\x1b[?1002l\x1b[?1003l\x1b[?1006l\x1b[?1004l\x1b[>4m';
const LEAVE_ALTERNATE_SCREEN = '\x1b[?1049l';
// Long enough to hold the start of any of them cut off at the end of one write.
const CARRY = 7;

/**
 * Whether the output switched the terminal to the alternate screen (as vim, less, htop do), so
 * that leaving can switch back: sending that unasked would move the cursor to a stale position.
 */
export function alternateScreenTracker() {
  let on = false;
  let carry = '';
  return {
    see(text: string): void {
      const scanned = carry + text;
      // A sequence seen again in the carry comes before any in the new text: the last one wins.
      for (const match of scanned.matchAll(ALTERNATE_SCREEN_SWITCH)) on = match[1] === 'h';
      carry = scanned.slice(-CARRY);
    },
    get on(): boolean {
      return on;
    },
  };
}

/**
 * Puts the terminal in raw mode (keys reach us one by one, unechoed, Ctrl-C as a byte) and answers
 * how to write to it and how to give it back. Giving it back is idempotent and also happens when
 * the process exits any other way (an uncaught error, process.exit), so the user's terminal is
 * never left raw.
 */
export function enterRawMode(terminal: LocalTerminal) {
  const alternateScreen = alternateScreenTracker();
  let atLineStart = true;
  let restored = false;
  const restore = () => {
    if (restored) return;
    restored = true;
    process.off('exit', restore);
    try {
      terminal.input.setRawMode(false);
      terminal.output.write(`${alternateScreen.on ? LEAVE_ALTERNATE_SCREEN : ''}${RESET_MODES}${atLineStart ? '' : '\r\n'}`);
    } catch {
      // A terminal that has gone away (hung up) has nothing left to restore.
    }
  };
  process.once('exit', restore);
  terminal.input.setRawMode(true);
  return {
    write(text: string): void {
      if (!text) return;
      alternateScreen.see(text);
      atLineStart = text.endsWith('\n');
      terminal.output.write(text);
    },
    restore,
  };
}
