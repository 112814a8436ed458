import { SerializeAddon } from '@xterm/addon-serialize';
import xterm from '@xterm/headless';
import type { ScreenJson } from '@/core/contract';

// The package is CommonJS: Node's ESM loader sees only its default export.
const { Terminal } = xterm;
export type ScreenTerminal = InstanceType<typeof Terminal>;

const serializers = new WeakMap<ScreenTerminal, InstanceType<typeof SerializeAddon>>();

/** A terminal emulator without a display: only the screen is kept, no scrollback. */
export function newScreenTerminal(cols: number, rows: number): ScreenTerminal {
  const terminal = new Terminal({ cols, rows, scrollback: 0, allowProposedApi: true });
  const serializer = new SerializeAddon();
  terminal.loadAddon(serializer);
  serializers.set(terminal, serializer);
  return terminal;
}

/** The screen as text, once everything written so far has been parsed (xterm parses in batches). */
export async function screenOf(terminal: ScreenTerminal): Promise<ScreenJson> {
  await new Promise<void>((resolve) => terminal.write('', resolve));
  const buffer = terminal.buffer.active;
  const lines: string[] = [];
  for (let y = 0; y < terminal.rows; y++) lines.push(buffer.getLine(buffer.viewportY + y)?.translateToString(true) ?? '');
  // Colours, the alternate screen and the modes a program set: what a terminal attached now needs.
  const ansi = serializers.get(terminal)?.serialize({ scrollback: 0 }) ?? '';
  return { cols: terminal.cols, rows: terminal.rows, lines, cursor: { x: buffer.cursorX, y: buffer.cursorY }, ansi };
}

// What an ended session's screen is rebuilt from: enough for any full-screen program's last frames.
export const REPLAY_BYTES = 2 * 1024 * 1024;

/** The screen a terminal of this size shows after this output: for sessions no emulator watches. */
export async function replayScreen(output: string, cols: number, rows: number): Promise<ScreenJson> {
  const terminal = newScreenTerminal(cols, rows);
  try {
    terminal.write(output);
    return await screenOf(terminal);
  } finally {
    terminal.dispose();
  }
}
