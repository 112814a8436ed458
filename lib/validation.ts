import { z } from 'zod';
import { DEFAULT_LIST, MAX_LIST } from './limits';

export const MAX_COMMAND_BYTES = 16 * 1024;
export const MAX_OUTPUT_PAGE = 1000;
export const DEFAULT_OUTPUT_PAGE = 200;


export const createSessionSchema = z.strictObject({
  command: z
    .string({ error: 'command is required and must be a string' })
    .refine((value) => value.trim().length > 0, 'command must not be empty')
    .refine((value) => Buffer.byteLength(value) <= MAX_COMMAND_BYTES, 'command must be at most 16 KiB')
    .refine((value) => !value.includes('\0'), 'command must not contain NUL bytes'),
  name: z
    .string({ error: 'name must be a string' })
    .trim()
    .max(200, 'name must be at most 200 characters')
    .refine((value) => !value.includes('\0'), 'name must not contain NUL bytes')
    .optional(),
  cwd: z
    .string({ error: 'cwd must be a string' })
    .trim()
    .min(1, 'cwd must not be empty')
    .max(4096, 'cwd is too long')
    .refine((value) => !value.includes('\0'), 'cwd must not contain NUL bytes')
    .optional(),
  env: z
    .record(
      z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'env names must be letters, digits and underscores'),
      z.string({ error: 'env values must be strings' }).refine((v) => !v.includes('\0'), 'env values must not contain NUL bytes'),
      { error: (issue) => (issue.code === 'invalid_type' ? 'env must be an object of string values' : undefined) },
    )
    // The kernel refuses an environment string over 128 KiB (E2BIG); keep well within it.
    .refine(
      (env) => Object.entries(env).every(([key, value]) => Buffer.byteLength(key) + Buffer.byteLength(value) < 32 * 1024),
      'each env variable must be under 32 KiB',
    )
    .optional(),
});

export type CreateSessionInput = z.infer<typeof createSessionSchema>;

/**
 * A whole-number query parameter within bounds, with messages that name it. Decimal digits only:
 * a coercion would also take "", " ", "0x10" and "1e3".
 */
function wholeNumber(name: string, min: number, max = Number.MAX_SAFE_INTEGER) {
  return z
    .string({ error: `${name} must be a whole number` })
    .regex(/^\d{1,16}$/, `${name} must be a whole number`)
    .transform(Number)
    .pipe(z.number().min(min, `${name} must be at least ${min}`).max(max, `${name} must be at most ${max}`));
}

export const outputQuerySchema = z.strictObject({
  after: wholeNumber('after', 0).default(0),
  limit: wholeNumber('limit', 1, MAX_OUTPUT_PAGE).default(DEFAULT_OUTPUT_PAGE),
});

export const listQuerySchema = z.strictObject({
  limit: wholeNumber('limit', 1, MAX_LIST).default(DEFAULT_LIST),
});

export const MAX_LINES_PAGE = 5000;

/** Lines by number (1-based, inclusive), or the last `tail` lines: one or the other. */
export const linesQuerySchema = z.union(
  [
    z.strictObject({ tail: wholeNumber('tail', 1, MAX_LINES_PAGE) }),
    z
      .strictObject({ from: wholeNumber('from', 1), to: wholeNumber('to', 1) })
      .refine(({ from, to }) => to >= from, 'to must not be below from')
      .refine(({ from, to }) => to - from < MAX_LINES_PAGE, `at most ${MAX_LINES_PAGE} lines at a time`),
  ],
  { error: 'give either tail=N, or from=A and to=B' },
);

export const searchQuerySchema = z.strictObject({
  q: z
    .string({ error: 'q is required: the text to search for' })
    .min(1, 'q must not be empty')
    .max(1000, 'q must be at most 1000 characters'),
  limit: wholeNumber('limit', 1, 10_000).default(1000),
});

export const streamQuerySchema = z.strictObject({
  after: wholeNumber('after', 0).default(0),
});

const lastEventIdSchema = wholeNumber('Last-Event-ID', 1);

/**
 * The Last-Event-ID an EventSource sends when it reconnects: the id of the last event it got, one
 * of ours, so decimal digits. Anything else did not come from us and is ignored (the SSE spec lets
 * a server do so); the request's `after` then says where to start.
 */
export function parseLastEventId(header: string | null): number | undefined {
  const parsed = lastEventIdSchema.safeParse(header);
  return parsed.success ? parsed.data : undefined;
}

export const clearQuerySchema = z.strictObject({
  status: z.literal('finished', { error: 'status must be "finished"' }),
});

export const sessionIdSchema = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'not a valid session id');

/** A failed parse as readable sentences; each message above names its field. */
export function describeIssues(error: z.ZodError): string {
  return error.issues
    .map((issue) => {
      if (issue.code === 'unrecognized_keys') return `unknown field(s): ${issue.keys.join(', ')}`;
      // A bad record key comes wrapped; its own message is the readable one.
      if (issue.code === 'invalid_key') return issue.issues[0]?.message ?? issue.message;
      return issue.message;
    })
    .join('; ');
}
