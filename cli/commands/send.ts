import { TERMINAL_KEYS, type SessionInput, type TerminalKey } from '@/core/contract';
import { parseOptions, UsageError } from '../args';
import type { Context } from '../context';

const KEY_NAMES = Object.keys(TERMINAL_KEYS);

export const help = `Usage: active-sessions send ID [TEXT] [--key KEY]…

Types into a running terminal session (one started with run --tty): TEXT first, then each key in
the order given. Nothing is added: to press Enter after the text, say --key enter.

  active-sessions send ID yes --key enter
  active-sessions send ID --key ctrl-c

Options:
  -k, --key KEY   a key to press after the text; repeat for more. One of:
                  ${KEY_NAMES.join(', ')}
  -h, --help      show this help
`;

export type SendOptions = { id: string; input: SessionInput };

export function parse(argv: string[]): SendOptions {
  const { values, positionals } = parseOptions(argv, { key: { type: 'string', short: 'k', multiple: true } }, { positionals: true });
  if (positionals.length === 0) throw new UsageError('a session id is required');
  if (positionals.length > 2) throw new UsageError('give the text as one word: quote it');
  const [id, text] = positionals;
  const keys = values.key ?? [];
  for (const key of keys) if (!KEY_NAMES.includes(key)) throw new UsageError(`--key ${key}: not a key; one of ${KEY_NAMES.join(', ')}`);
  if (!text && keys.length === 0) throw new UsageError('give TEXT or --key (or both): there is nothing to send');
  return { id, input: { ...(text ? { text } : {}), ...(keys.length > 0 ? { keys: keys as TerminalKey[] } : {}) } };
}

export async function run({ id, input }: SendOptions, context: Context): Promise<number> {
  await context.client.sendInput(id, input);
  return 0;
}
