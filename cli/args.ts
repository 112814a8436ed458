import { parseArgs, type ParseArgsConfig } from 'node:util';
import { parseDuration } from './duration';

/** The command line was wrong: exit 2, with the verb's help. */
export class UsageError extends Error {
  name = 'UsageError';
}

/** `--help` was asked for: the verb's help on stdout, exit 0. */
export class HelpRequested extends Error {
  name = 'HelpRequested';
}

type Options = NonNullable<ParseArgsConfig['options']>;
type Value<O> = O extends { type: 'boolean' } ? boolean : string;
/** What strict parseArgs gives for these options (node's own types lose it behind a generic). */
export type Values<T extends Options> = { [K in keyof T]?: T[K] extends { multiple: true } ? Value<T[K]>[] : Value<T[K]> };

/**
 * parseArgs, strict, with `-h/--help` on every verb and its errors as UsageErrors. parseArgs' own
 * messages name the option ("Unknown option '--foo'"), which is what a person needs.
 */
export function parseOptions<const T extends Options>(
  argv: string[],
  options: T,
  { positionals = false } = {},
): { values: Values<T>; positionals: string[] } {
  let parsed: { values: Record<string, unknown>; positionals: string[] };
  try {
    parsed = parseArgs({
      args: argv,
      options: { ...options, help: { type: 'boolean', short: 'h' } },
      allowPositionals: positionals,
      strict: true,
    });
  } catch (error) {
    if ((error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) throw new UsageError((error as Error).message);
    throw error;
  }
  if (parsed.values.help) throw new HelpRequested();
  return { values: parsed.values as Values<T>, positionals: parsed.positionals };
}

/** A duration option (--timeout 30m, --grace 5s) in milliseconds, or a usage error that names it. */
export function durationOption(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  try {
    return parseDuration(value);
  } catch (error) {
    throw new UsageError(`--${name}: ${(error as Error).message}`);
  }
}

/** A whole number option within bounds, or a usage error that names it. */
export function countOption(name: string, value: string | undefined, min: number, max: number): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value) || Number(value) < min || Number(value) > max) {
    throw new UsageError(`--${name} must be a whole number from ${min} to ${max}`);
  }
  return Number(value);
}

/** Exactly one session id among the positionals. */
export function oneId(positionals: string[]): string {
  if (positionals.length !== 1) throw new UsageError(positionals.length === 0 ? 'a session id is required' : 'give one session id');
  return positionals[0];
}

/** For a verb that takes no options but --help: refuses anything else. */
export function parseNoOptions(argv: string[]): Record<string, never> {
  parseOptions(argv, {});
  return {};
}
