/**
 * The wire contract: what the JSON API accepts (zod schemas, which also say what is wrong in words
 * that name the field) and what it answers (schemas of the JSON, whose inferred types the server,
 * the browser, the CLI and the MCP tools share, and from which /api/openapi.json is generated).
 */
import { z } from 'zod';
import { DEFAULT_LIST, MAX_LIST, MAX_LIST_QUERY } from './limits';
import { END_REASONS, OUTPUT_STREAMS, SESSION_SOURCES, SESSION_STATUSES } from './types';

export const MAX_COMMAND_BYTES = 16 * 1024;
export const MAX_OUTPUT_PAGE = 1000;
export const DEFAULT_OUTPUT_PAGE = 200;
/** A session may run for at most 30 days before its timeout kills it. */
export const MAX_TIMEOUT_SECONDS = 30 * 24 * 60 * 60;
export const MAX_GRACE_MS = 10 * 60 * 1000;

const byteLength = (value: string) => new TextEncoder().encode(value).length;

export const MIN_COLS = 20;
export const MAX_COLS = 500;
export const MIN_ROWS = 5;
export const MAX_ROWS = 200;
export const DEFAULT_COLS = 120;
export const DEFAULT_ROWS = 32;

const colsSchema = z
  .number({ error: 'cols must be a number of columns' })
  .int('cols must be a whole number')
  .min(MIN_COLS, `cols must be at least ${MIN_COLS}`)
  .max(MAX_COLS, `cols must be at most ${MAX_COLS}`);
const rowsSchema = z
  .number({ error: 'rows must be a number of rows' })
  .int('rows must be a whole number')
  .min(MIN_ROWS, `rows must be at least ${MIN_ROWS}`)
  .max(MAX_ROWS, `rows must be at most ${MAX_ROWS}`);

export const createSessionSchema = z.strictObject({
  command: z
    .string({ error: 'command is required and must be a string' })
    .refine((value) => value.trim().length > 0, 'command must not be empty')
    .refine((value) => byteLength(value) <= MAX_COMMAND_BYTES, 'command must be at most 16 KiB')
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
      z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'env names must be letters, digits and underscores, and not start with a digit'),
      z.string({ error: 'env values must be strings' }).refine((v) => !v.includes('\0'), 'env values must not contain NUL bytes'),
      { error: (issue) => (issue.code === 'invalid_type' ? 'env must be an object of string values' : undefined) },
    )
    // The kernel refuses an environment string over 128 KiB (E2BIG); keep well within it.
    .refine(
      (env) => Object.entries(env).every(([key, value]) => byteLength(key) + byteLength(value) < 32 * 1024),
      'each env variable must be under 32 KiB',
    )
    .optional(),
  timeout: z
    .number({ error: 'timeout must be a number of seconds' })
    .int('timeout must be a whole number of seconds')
    .min(1, 'timeout must be at least 1 second')
    .max(MAX_TIMEOUT_SECONDS, 'timeout must be at most 30 days')
    .optional(),
  // The page says 'ui' itself; an API client may say which kind of client it is.
  source: z.enum(['api', 'cli', 'mcp'], { error: 'source must be "api", "cli" or "mcp"' }).optional(),
  client: z
    .string({ error: 'client must be a string' })
    .trim()
    .min(1, 'client must not be empty')
    .max(100, 'client must be at most 100 characters')
    .refine((value) => !/[\u0000-\u001f\u007f]/.test(value), 'client must not contain control characters')
    .optional(),
  // Terminal mode: a pseudo-terminal of cols × rows (ignored without tty), stdout and stderr one stream.
  tty: z.boolean({ error: 'tty must be true or false' }).optional(),
  cols: colsSchema.optional(),
  rows: rowsSchema.optional(),
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
  status: z.enum(SESSION_STATUSES, { error: 'status must be "running", "completed" or "failed"' }).optional(),
  q: z
    .string()
    .max(MAX_LIST_QUERY, `q must be at most ${MAX_LIST_QUERY} characters`)
    .optional()
    .describe('only sessions whose name or command holds this text, ignoring the case of ASCII letters'),
});

export const killQuerySchema = z.strictObject({
  graceMs: wholeNumber('graceMs', 0, MAX_GRACE_MS).optional(),
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

/** A yes/no query parameter: 1 or 0. */
function flag(name: string) {
  return z
    .enum(['0', '1'], { error: `${name} must be 0 or 1` })
    .default('0')
    .transform((value) => value === '1');
}

export const MAX_SEARCH_TEXT_PAGE = 1000;

export const searchQuerySchema = z
  .strictObject({
    q: z
      .string({ error: 'q is required: the text to search for' })
      .min(1, 'q must not be empty')
      .max(1000, 'q must be at most 1000 characters'),
    regex: flag('regex'),
    case: flag('case'),
    limit: wholeNumber('limit', 1, 10_000).default(1000),
    offset: wholeNumber('offset', 0).default(0),
    from: wholeNumber('from', 1).optional(),
    to: wholeNumber('to', 1).optional(),
    after: wholeNumber('after', 0).optional(),
    before: wholeNumber('before', 1).optional(),
    index: wholeNumber('index', 0).optional(),
    text: flag('text'),
  })
  .refine(({ from, to }) => from === undefined || to === undefined || to >= from, 'to must not be below from')
  .refine(
    (query) => [query.after, query.before, query.index].filter((value) => value !== undefined).length <= 1,
    'give at most one of after, before and index',
  )
  .refine((query) => !query.text || query.limit <= MAX_SEARCH_TEXT_PAGE, `with text=1, limit must be at most ${MAX_SEARCH_TEXT_PAGE}`);

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

export const metricsQuerySchema = z.strictObject({
  reset: z.enum(['0', '1'], { error: 'reset must be 0 or 1' }).default('0'),
});

/** The keys a terminal session accepts by name, and the bytes each sends. */
export const TERMINAL_KEYS = {
  enter: '\r',
  tab: '\t',
  backspace: '\x7f',
  escape: '\x1b',
  up: '\x1b[A',
  down: '\x1b[B',
  right: '\x1b[C',
  left: '\x1b[D',
  'ctrl-c': '\x03',
  'ctrl-d': '\x04',
  'ctrl-z': '\x1a',
} as const;
export type TerminalKey = keyof typeof TERMINAL_KEYS;
const KEY_NAMES = Object.keys(TERMINAL_KEYS) as [TerminalKey, ...TerminalKey[]];
export const MAX_INPUT_BYTES = 64 * 1024;
export const MAX_INPUT_KEYS = 100;

export const sessionInputSchema = z
  .strictObject({
    text: z
      .string({ error: 'text must be a string' })
      .refine((value) => byteLength(value) <= MAX_INPUT_BYTES, 'text must be at most 64 KiB')
      .optional(),
    keys: z
      .array(z.enum(KEY_NAMES, { error: `keys must be among ${KEY_NAMES.join(', ')}` }), { error: 'keys must be an array of key names' })
      .max(MAX_INPUT_KEYS, `keys must be at most ${MAX_INPUT_KEYS}`)
      .optional(),
  })
  .refine((input) => Boolean(input.text) || (input.keys?.length ?? 0) > 0, 'give text or keys (or both): there is nothing to send');
export type SessionInput = z.infer<typeof sessionInputSchema>;

export const sessionResizeSchema = z.strictObject({
  cols: z.number({ error: 'cols is required: a number of columns' }).pipe(colsSchema),
  rows: z.number({ error: 'rows is required: a number of rows' }).pipe(rowsSchema),
});
export type SessionResize = z.infer<typeof sessionResizeSchema>;

/** The bytes an input writes to the terminal: the text, then each key in order. */
export function inputBytes(input: SessionInput): string {
  return (input.text ?? '') + (input.keys ?? []).map((key) => TERMINAL_KEYS[key]).join('');
}

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

// --- What the API answers ---------------------------------------------------------------------

const isoDate = z.string().describe('ISO 8601 date and time');

/** What a running session's process tree uses, as last sampled from /proc (every ~2 s). */
export const sessionResourcesSchema = z.object({
  cpuPercent: z.number().describe('CPU over the last interval, as htop counts it: 100 is one core busy'),
  rssBytes: z.number().int().describe("resident memory, summed over the tree's processes (pages they share are counted once per process)"),
  processes: z.number().int().describe('processes in the tree, escapees included'),
  ports: z.array(z.number().int()).describe('TCP ports the tree listens on'),
  sampledAt: isoDate,
});
export type SessionResourcesJson = z.infer<typeof sessionResourcesSchema>;

export const sessionJsonSchema = z.object({
  id: z.string(),
  name: z.string(),
  command: z.string(),
  cwd: z.string(),
  status: z.enum(SESSION_STATUSES),
  endReason: z.enum(END_REASONS).nullable().describe('null while running'),
  pid: z.number().int().nullable(),
  exitCode: z.number().int().nullable(),
  signal: z.string().nullable(),
  error: z.string().nullable(),
  createdAt: isoDate,
  startedAt: isoDate.nullable(),
  endedAt: isoDate.nullable(),
  outputBytes: z.number().int(),
  source: z.enum(SESSION_SOURCES).describe('who launched it'),
  client: z.string().nullable().describe('the program that launched it, as it named itself'),
  timeout: z.number().int().nullable().describe('seconds after which it is killed'),
  host: z.string().nullable().describe('the machine whose session host runs it (null for sessions older than hosts)'),
  envNames: z.array(z.string()).describe('the names of the variables it was given in `env`, sorted; their values are never shown'),
  pinned: z.boolean().describe('kept by retention and by Clear Completed'),
  rerunOf: z.string().nullable().describe('the session this one re-runs (which may have been removed since)'),
  latestRerun: z.string().nullable().describe('the newest re-run of this session (which may have been removed since)'),
  url: z.string().describe("the session's page: its deep link"),
  tty: z.boolean().describe('terminal mode: runs under a pseudo-terminal, stdout and stderr one stream'),
  cols: z.number().int().nullable().describe("the terminal's width (null in pipe mode)"),
  rows: z.number().int().nullable().describe("the terminal's height (null in pipe mode)"),
  waitingForInput: z.boolean().describe('a running terminal session whose foreground program waits for a keystroke, its output idle'),
  lastOutputAt: isoDate.nullable().describe("when the command last wrote output (the console's own lines not counted); null before its first"),
  resources: sessionResourcesSchema.nullable().describe('the latest sample while running; null once ended, or before the first sample'),
  peakRssBytes: z.number().int().nullable().describe('the highest resident memory sampled (null: never sampled)'),
  cpuSeconds: z.number().nullable().describe('CPU time the tree has used, children that exited included (null: never sampled)'),
});
export type SessionJson = z.infer<typeof sessionJsonSchema>;

export const sessionListSchema = z.object({
  sessions: z.array(sessionJsonSchema),
  total: z.number().int(),
  clearable: z.number().int().describe('how many finished, unpinned sessions Clear Completed would remove'),
});
export type SessionListPage = z.infer<typeof sessionListSchema>;

export const chunkJsonSchema = z.object({
  seq: z.number().int(),
  stream: z.enum(OUTPUT_STREAMS),
  text: z.string(),
  at: isoDate,
  lineStart: z.number().int().describe('the 0-based line the chunk starts on'),
  shown: z
    .string()
    .optional()
    .describe('output that moved the cursor between lines: the lines a terminal shows after it, from `lineStart` to the end, replacing those lines'),
});
export type ChunkJson = z.infer<typeof chunkJsonSchema>;

export const outputPageSchema = z.object({
  chunks: z.array(chunkJsonSchema),
  next: z.number().int().describe('pass as `after` to read on'),
  done: z.boolean().describe('the session has ended and every chunk was returned'),
});
export type OutputPageJson = z.infer<typeof outputPageSchema>;

export const lineJsonSchema = z.object({
  n: z.number().int().describe('1-based'),
  segments: z.array(z.object({ stream: z.enum(OUTPUT_STREAMS), text: z.string() })),
  truncated: z.number().int().optional().describe('characters cut from a very long line'),
  dropped: z.boolean().optional().describe('removed by MAX_OUTPUT_BYTES'),
  at: isoDate.optional().describe('when the output holding the start of the line was written'),
});

export const linesPageSchema = z.object({
  lines: z.array(lineJsonSchema),
  totalLines: z.number().int(),
  cursor: z.number().int().describe('the seq of the newest chunk read: stream from here'),
  done: z.boolean(),
});
export type LinesPageJson = z.infer<typeof linesPageSchema>;

export const searchResultSchema = z.object({
  lines: z.array(z.number().int()).describe('1-based numbers of matching lines: a page of the list, from the offset-th match (within from..to when given)'),
  truncated: z.boolean().describe('more matches follow this page'),
  total: z.number().int().describe('how many lines match, exactly, in the whole output'),
  complete: z
    .boolean()
    .describe('false when the output is too large to read within one request: total counts what was read, and asking again reads on'),
  offset: z.number().int().describe('the index of the first listed match, counted from the first match within from..to'),
  match: z
    .object({ index: z.number().int().describe('0-based, among all matches'), line: z.number().int() })
    .nullable()
    .optional()
    .describe('with after, before or index: that match (null when there is none)'),
  matches: z
    .array(
      z.object({
        index: z.number().int(),
        line: lineJsonSchema,
        ranges: z.array(z.tuple([z.number().int(), z.number().int()])).describe("[start, end) of each match in the line's visible text"),
      }),
    )
    .optional()
    .describe('with text=1: each listed line, and where in it the pattern matched'),
});
export type SearchResultJson = z.infer<typeof searchResultSchema>;

export const screenSchema = z.object({
  cols: z.number().int(),
  rows: z.number().int(),
  lines: z.array(z.string()).describe('the visible screen, one string per row, trailing blanks trimmed'),
  cursor: z.object({ x: z.number().int(), y: z.number().int() }).describe('0-based column and row'),
  ansi: z
    .string()
    .describe(
      'the screen as escape sequences that redraw it on a cleared terminal of the same size: its colours, the cursor, the alternate screen and the input modes the program set (application cursor keys, bracketed paste, mouse reporting)',
    ),
});
export type ScreenJson = z.infer<typeof screenSchema>;

export const resourceSampleSchema = z.object({
  at: isoDate,
  cpuPercent: z.number(),
  rssBytes: z.number().int(),
  processes: z.number().int(),
});
export type ResourceSampleJson = z.infer<typeof resourceSampleSchema>;

export const resourceHistorySchema = z.object({
  samples: z.array(resourceSampleSchema).describe("oldest first, over the session's life (thinned out for long sessions)"),
  peakRssBytes: z.number().int().nullable(),
  cpuSeconds: z.number().nullable(),
});
export type ResourceHistoryJson = z.infer<typeof resourceHistorySchema>;

export const acceptedSchema = z.object({ ok: z.literal(true) });

export const clearedSchema = z.object({ cleared: z.number().int() });

export const pinSchema = z.strictObject({
  pinned: z.boolean({ error: 'pinned is required: true or false' }),
});
export type PinInput = z.infer<typeof pinSchema>;

export const retentionSchema = z.object({
  usedBytes: z.number().int().describe('the output all sessions keep on disk, running and pinned ones included'),
  retainDays: z.number().nullable().describe('RETAIN_DAYS: finished sessions older than this (by their end) are removed; null: no age limit'),
  retainBytes: z.number().int().nullable().describe('RETAIN_BYTES: past this much stored output the oldest finished ones are removed; null: no size limit'),
  next: z
    .object({
      id: z.string(),
      name: z.string(),
      dueAt: isoDate
        .nullable()
        .describe('when the rules remove it (a time already past: at the next pass, within a minute); null when only RETAIN_BYTES can, once more output arrives'),
    })
    .nullable()
    .describe('the finished, unpinned session the rules remove first; null when no rule is set or none is left'),
});
export type RetentionJson = z.infer<typeof retentionSchema>;

export const errorSchema = z.object({ error: z.string() });
export const authStateSchema = z.object({ authenticated: z.boolean() });
export const metricsSchema = z.record(z.string(), z.unknown()).describe("the server's memory and event-loop delay");
export type ErrorJson = z.infer<typeof errorSchema>;

export type CreateSessionBody = z.input<typeof createSessionSchema>;
