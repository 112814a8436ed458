import xterm from '@xterm/headless';
import { LINE_WINDOW } from '@/core/terminal/line-screen';

/** Lines with trailing blanks trimmed, and without the blank lines at the end: what a terminal shows. */
export function shownLines(lines: string[]): string[] {
  const out = lines.map((line) => line.trimEnd());
  while (out.length > 0 && out[out.length - 1] === '') out.pop();
  return out;
}

/**
 * What xterm shows after `output`, every line of its buffer: a terminal as tall as the line window
 * (or `rows`), wide enough that nothing wraps, whose line feeds return as on a pipe (onlcr) unless
 * `convertEol` is false, as under a pseudo-terminal whose output already says \r\n.
 */
export async function xtermLines(output: string, { rows = LINE_WINDOW, convertEol = true } = {}): Promise<string[]> {
  const terminal = new xterm.Terminal({ cols: 300, rows, scrollback: 5000, convertEol, allowProposedApi: true });
  await new Promise<void>((resolve) => terminal.write(output, resolve));
  const buffer = terminal.buffer.active;
  const lines: string[] = [];
  for (let y = 0; y < buffer.length; y++) lines.push(buffer.getLine(y)?.translateToString(true) ?? '');
  terminal.dispose();
  return shownLines(lines);
}
