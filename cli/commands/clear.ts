import { parseNoOptions } from '../args';
import type { Context } from '../context';

export const help = `Usage: active-sessions clear

Removes every finished session (completed or failed) and its output. Running sessions stay.

Options:
  -h, --help   show this help
`;

export const parse = parseNoOptions;

export async function run(_options: Record<string, never>, context: Context): Promise<number> {
  const { cleared } = await context.client.clearFinished();
  context.stderr.write(`cleared ${cleared} finished session${cleared === 1 ? '' : 's'}\n`);
  return 0;
}
