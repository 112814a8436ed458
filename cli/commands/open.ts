import { spawn } from 'node:child_process';
import { oneId, parseOptions } from '../args';
import type { Context } from '../context';

export const help = `Usage: active-sessions open ID

Prints the session's page (its deep link); in a terminal, also opens it in the browser.

Options:
  -h, --help   show this help
`;

export type OpenOptions = { id: string };

export function parse(argv: string[]): OpenOptions {
  return { id: oneId(parseOptions(argv, {}, { positionals: true }).positionals) };
}

/** Hands the link to the desktop's opener; a machine without one (a server, a container) just has the printed link. */
function openInBrowser(url: string): Promise<void> {
  const opener = process.platform === 'darwin' ? 'open' : 'xdg-open';
  return new Promise((resolve) => {
    const child = spawn(opener, [url], { detached: true, stdio: 'ignore' });
    child.once('error', () => resolve());
    child.once('spawn', () => {
      child.unref();
      resolve();
    });
  });
}

export async function run({ id }: OpenOptions, context: Context): Promise<number> {
  const session = await context.client.getSession(id);
  context.stdout.write(`${session.url}\n`);
  if (context.stdout.isTTY) await openInBrowser(session.url);
  return 0;
}
