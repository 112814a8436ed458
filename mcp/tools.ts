import type { McpServer, ToolCallback } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { CallToolResult, ToolAnnotations } from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';
import type { ActiveSessionsClient } from '@/client';
import { MAX_COLS, MAX_ROWS, MIN_COLS, MIN_ROWS, TERMINAL_KEYS, type TerminalKey } from '@/core/contract';
import { SESSION_STATUSES } from '@/core/types';
import { MAX_LIST_QUERY } from '@/core/limits';
import { showBidiControls } from '@/lib/bidi-controls';
import { afterFor, formatCursor, parseCursor, START } from './cursor';
import { type Excerpt, excerpt, readFrom, readTail } from './output';
import { sessionFields, sessionLine, stateText } from './present';
import { agentText, clipAround } from './text';
import { MAX_WAIT_MS, waitForAny, waitForEnd, waitForEndOrInput, waitForOutput } from './waits';

export type ToolContext = {
  client: ActiveSessionsClient;
  /** The MCP client's name from its initialize handshake, when known. */
  clientName: () => string | undefined;
};

type Tool<Shape extends z.ZodRawShape> = {
  name: string;
  title: string;
  description: string;
  input: Shape;
  annotations: ToolAnnotations;
  run: (args: z.output<z.ZodObject<Shape>>, context: ToolContext) => Promise<CallToolResult>;
};

/** One tool: its definition, and how it registers on a server (a failure becomes its error result, in words). */
function tool<Shape extends z.ZodRawShape>(definition: Tool<Shape>) {
  const { name, title, description, input, annotations, run } = definition;
  return {
    name,
    register(server: McpServer, context: ToolContext) {
      const callback = async (args: z.output<z.ZodObject<Shape>>): Promise<CallToolResult> => {
        try {
          return await run(args, context);
        } catch (error) {
          return { isError: true, content: [{ type: 'text', text: (error as Error).message }] };
        }
      };
      // The SDK parses the arguments with `input`; its callback type cannot see that through a generic.
      server.registerTool(name, { title, description, inputSchema: input, annotations }, callback as unknown as ToolCallback<Shape>);
    },
  };
}

const DEFAULT_START_WAIT_MS = 10_000;
const DEFAULT_MAX_BYTES = 16 * 1024;
const MAX_BYTES = 256 * 1024;
const MAX_SEARCH_MATCHES = 50;

const result = (text: string, structured: Record<string, unknown>): CallToolResult => ({
  content: [{ type: 'text', text }],
  structuredContent: structured,
});

const id = z.string().min(1).describe('the session id');
const waitMs = z.number().int().min(0).max(MAX_WAIT_MS);

const sessionStart = tool({
  name: 'session_start',
  title: 'Start a session',
  description:
    'Runs a shell command as a session a person can watch live in the browser (the result has its `url`). ' +
    'Waits up to wait_ms for it to end and returns its status, exit code and output so far: short commands finish in one call. ' +
    'For a longer one, read on with session_output from the returned cursor, or wait with session_wait.',
  input: {
    command: z
      .string()
      .min(1)
      .describe(`a shell command line, run by the server's shell as \`$SESSION_SHELL -c "<command>"\` (bash by default, sh where there is no bash)`),
    name: z.string().optional().describe('a short name shown in the list; default: from the command'),
    cwd: z.string().optional().describe("working directory; default: the server's"),
    env: z.record(z.string(), z.string()).optional().describe('extra environment variables'),
    timeout_s: z.number().int().min(1).optional().describe('kill the session after this many seconds'),
    tty: z
      .boolean()
      .optional()
      .describe(
        'terminal mode: run it on a pseudo-terminal (it sees a terminal; stdout and stderr are one stream), so that it can be typed into with session_input and looked at with session_screen. ' +
          'The wait ends early once it waits for input',
      ),
    cols: z.number().int().min(MIN_COLS).max(MAX_COLS).optional().describe('with tty, the terminal width (default 120)'),
    rows: z.number().int().min(MIN_ROWS).max(MAX_ROWS).optional().describe('with tty, the terminal height (default 32)'),
    wait_ms: waitMs.default(DEFAULT_START_WAIT_MS).describe(`how long to wait for the end (default ${DEFAULT_START_WAIT_MS}, max ${MAX_WAIT_MS})`),
  },
  annotations: { title: 'Start a session', readOnlyHint: false, openWorldHint: true },
  async run({ command, name, cwd, env, timeout_s, tty, cols, rows, wait_ms }, { client, clientName }) {
    const terminal = tty ? { tty, cols, rows } : {};
    const started = await client.createSession({ command, name, cwd, env, timeout: timeout_s, ...terminal, source: 'mcp', client: clientName() });
    // From here on the session exists: every answer names it, or an agent would start it again.
    let problem: string | undefined;
    const attempt = async <T>(what: string, step: () => Promise<T>): Promise<T | undefined> => {
      try {
        return await step();
      } catch (error) {
        problem ??= `could not ${what}: ${(error as Error).message}`;
        return undefined;
      }
    };
    const waited = await attempt('wait for it', () =>
      started.tty ? waitForEndOrInput(client, started.id, wait_ms) : waitForEnd(client, started.id, wait_ms).then((ended) => (ended ? 'end' : 'timeout')),
    );
    const session = (await attempt('read its state', () => client.getSession(started.id))) ?? started;
    const output: Excerpt = (await attempt('read its output', () => excerpt(client, session.id, DEFAULT_MAX_BYTES))) ?? {
      text: '',
      cursor: formatCursor(START),
      truncated: false,
    };
    const next =
      waited === 'input'
        ? `\nIt waits for input: answer with session_input {"id": "${session.id}", "text": "…", "keys": ["enter"]}; see its screen with session_screen.`
        : session.status === 'running'
          ? `\nStill running${problem ? '' : ` after ${wait_ms} ms`}: read on with session_output {"id": "${session.id}", "cursor": "${output.cursor}"}, or session_wait.`
          : '';
    const headline = problem
      ? `Session ${session.id} (${showBidiControls(session.name)}) started, but ${problem}. Do not start it again; its last known state: ${stateText(session)}`
      : `Session ${session.id} (${showBidiControls(session.name)}): ${stateText(session)}`;
    const text = `${headline}\n${session.url}${next}\n\n${output.text || '(no output yet)'}`;
    return result(text, { ...sessionFields(session), output, ...(problem ? { problem } : {}) });
  },
});

const sessionOutput = tool({
  name: 'session_output',
  title: 'Read output',
  description:
    "Reads a session's output as plain text from `cursor` (omit it to read from the start) and returns the cursor to pass next time: " +
    'reading on never skips or repeats anything, and several readers never disturb each other. ' +
    '`tail_lines` returns the last lines instead. With wait_ms, waits for new output or the end when there is none yet. ' +
    '`eof` is true once the session has ended and everything was read.',
  input: {
    id,
    cursor: z.string().optional().describe('as returned by the previous call ("seq:offset")'),
    tail_lines: z.number().int().min(1).max(5000).optional().describe('the last N lines instead of reading from a cursor'),
    max_bytes: z.number().int().min(256).max(MAX_BYTES).default(DEFAULT_MAX_BYTES).describe(`at most this much (default ${DEFAULT_MAX_BYTES})`),
    wait_ms: waitMs.default(0).describe(`wait up to this long for new output (max ${MAX_WAIT_MS})`),
  },
  annotations: { title: 'Read output', readOnlyHint: true, openWorldHint: false },
  async run({ id, cursor, tail_lines, max_bytes, wait_ms }, { client }) {
    if (cursor !== undefined && tail_lines !== undefined) throw new Error('give cursor or tail_lines, not both');
    let read: { text: string; cursor: string; eof: boolean; more: boolean };
    if (tail_lines !== undefined) {
      const tail = await readTail(client, id, tail_lines, max_bytes);
      read = { text: tail.text, cursor: formatCursor(tail.cursor), eof: tail.eof, more: false };
    } else {
      const from = cursor === undefined ? START : parseCursor(cursor);
      if (!from) throw new Error(`cursor must be one a previous call returned ("seq:offset"), not ${JSON.stringify(cursor)}`);
      let raw = await readFrom(client, id, from, max_bytes);
      if (raw.raw === '' && !raw.eof && wait_ms > 0) {
        await waitForOutput(client, id, afterFor(raw.cursor), wait_ms);
        raw = await readFrom(client, id, from, max_bytes);
      }
      read = { text: agentText(raw.raw), cursor: formatCursor(raw.cursor), eof: raw.eof, more: raw.more };
    }
    const session = await client.getSession(id);
    const status = read.eof ? `${stateText(session)}; all output read` : read.more ? 'more output is ready: call again with the cursor' : stateText(session);
    const text = `Session ${id}: ${status}. cursor: "${read.cursor}"\n${session.url}\n\n${read.text || '(no new output)'}`;
    return result(text, { id, url: session.url, ...read, status: session.status, exit_code: session.exitCode });
  },
});

const sessionWait = tool({
  name: 'session_wait',
  title: 'Wait for sessions',
  description: `Waits until any of the sessions ends, or timeout_ms pass (at most ${MAX_WAIT_MS}; call again to wait longer), and returns the state of each.`,
  input: {
    ids: z.array(z.string().min(1)).min(1).max(50).describe('session ids'),
    timeout_ms: waitMs.describe(`how long to wait at most (max ${MAX_WAIT_MS})`),
  },
  annotations: { title: 'Wait for sessions', readOnlyHint: true, openWorldHint: false },
  async run({ ids, timeout_ms }, { client }) {
    const before = await Promise.all(ids.map((one) => client.getSession(one)));
    if (before.every((session) => session.status === 'running')) await waitForAny(client, ids, timeout_ms);
    const sessions = await Promise.all(ids.map((one) => client.getSession(one)));
    const ended = sessions.filter((session) => session.status !== 'running').length;
    const headline = ended > 0 ? `${ended} of ${sessions.length} ended` : `none ended within ${timeout_ms} ms`;
    return result(`${headline}\n${sessions.map(sessionLine).join('\n')}`, { timed_out: ended === 0, sessions: sessions.map(sessionFields) });
  },
});

const sessionList = tool({
  name: 'session_list',
  title: 'List sessions',
  description: 'Lists sessions, newest first (running ones first), optionally only those with one status or whose name or command holds a text.',
  input: {
    status: z.enum(SESSION_STATUSES).optional(),
    query: z.string().max(MAX_LIST_QUERY).optional().describe('only sessions whose name or command holds this text (any case), among all stored'),
    limit: z.number().int().min(1).max(500).default(20).describe('how many (default 20)'),
  },
  annotations: { title: 'List sessions', readOnlyHint: true, openWorldHint: false },
  async run({ status, query, limit }, { client }) {
    const page = await client.listSessions({ status, limit, ...(query?.trim() && { q: query }) });
    const none = query?.trim() ? `No sessions match "${query.trim()}".` : 'No sessions.';
    const text = page.sessions.length === 0 ? none : `${page.sessions.length} of ${page.total}:\n${page.sessions.map(sessionLine).join('\n')}`;
    return result(text, { total: page.total, sessions: page.sessions.map(sessionFields) });
  },
});

const sessionGet = tool({
  name: 'session_get',
  title: 'Get a session',
  description: "One session's state: command, status, exit code or signal, times, and its url.",
  input: { id },
  annotations: { title: 'Get a session', readOnlyHint: true, openWorldHint: false },
  async run({ id }, { client }) {
    const session = await client.getSession(id);
    return result(`${sessionLine(session)}\n$ ${showBidiControls(session.command)}`, {
      ...sessionFields(session),
      cwd: session.cwd,
      pid: session.pid,
      timeout_s: session.timeout,
      output_bytes: session.outputBytes,
      created_at: session.createdAt,
    });
  },
});

const sessionKill = tool({
  name: 'session_kill',
  title: 'Kill a session',
  description:
    'Stops a running session and its whole process tree: SIGTERM, then SIGKILL after grace_ms. ' +
    'Waits for the end and returns it as it truly was (a killed session ends failed/killed).',
  input: {
    id,
    grace_ms: z.number().int().min(0).max(30_000).optional().describe("time between SIGTERM and SIGKILL (default: the server's)"),
  },
  annotations: { title: 'Kill a session', readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: false },
  async run({ id, grace_ms }, { client }) {
    let note = '';
    try {
      await client.killSession(id, { graceMs: grace_ms });
    } catch (error) {
      // 409 with the session: it had ended already, which is the answer.
      if ((error as { status?: number }).status !== 409 || !/not running/.test((error as Error).message)) throw error;
      note = ' (it had already ended)';
    }
    const ended = await waitForEnd(client, id, MAX_WAIT_MS);
    const session = await client.getSession(id);
    const text = ended ? `${sessionLine(session)}${note}` : `${sessionLine(session)}: still stopping; session_wait tells when it ends`;
    return result(text, sessionFields(session));
  },
});

const sessionSearch = tool({
  name: 'session_search',
  title: 'Search output',
  description: `Finds the lines of a session's whole output that contain \`query\` (case-insensitive); returns up to ${MAX_SEARCH_MATCHES} line numbers with their text and a link to each line.`,
  input: { id, query: z.string().min(1).max(1000).describe('the text to find') },
  annotations: { title: 'Search output', readOnlyHint: true, openWorldHint: false },
  async run({ id, query }, { client }) {
    const session = await client.getSession(id);
    let found = await client.search(id, { q: query, limit: MAX_SEARCH_MATCHES });
    // A huge output is read over several requests; the first page is settled once it is full.
    const deadline = Date.now() + MAX_WAIT_MS;
    while (!found.complete && found.lines.length < MAX_SEARCH_MATCHES && Date.now() < deadline) {
      found = await client.search(id, { q: query, limit: MAX_SEARCH_MATCHES });
    }
    const texts = await lineTexts(client, id, found.lines);
    const matches = found.lines.map((n) => ({ line: n, text: clipAround(texts.get(n) ?? '', query), url: `${session.url}#L${n}` }));
    const more = found.truncated ? ` (the first ${MAX_SEARCH_MATCHES} of ${found.total}${found.complete ? '' : '+'})` : '';
    const text =
      matches.length === 0
        ? `No line of ${id} contains ${JSON.stringify(query)}.\n${session.url}`
        : `${matches.length} line(s) of ${id} contain ${JSON.stringify(query)}${more}:\n${matches.map((m) => `L${m.line}: ${m.text}  ${m.url}`).join('\n')}`;
    return result(text, { id, url: session.url, query, matches, truncated: found.truncated });
  },
});

const KEY_NAMES = Object.keys(TERMINAL_KEYS) as [TerminalKey, ...TerminalKey[]];
const DEFAULT_INPUT_WAIT_MS = 2000;

const sessionInput = tool({
  name: 'session_input',
  title: 'Type into a terminal session',
  description:
    'Types into a running terminal session (started with tty: true): `text` first, then `keys` in order. Nothing is added: ' +
    'to press Enter after the text, pass keys: ["enter"]. Returns the output that followed within wait_ms (it stops early once ' +
    'the output has been quiet a moment, or the session ended), and the cursor to read on with session_output. ' +
    'A full-screen program is easier to read with session_screen.',
  input: {
    id,
    text: z.string().max(64 * 1024).optional().describe('text to type, as it is'),
    keys: z.array(z.enum(KEY_NAMES)).max(100).optional().describe(`keys to press after the text: ${KEY_NAMES.join(', ')}`),
    wait_ms: waitMs.default(DEFAULT_INPUT_WAIT_MS).describe(`how long to collect the output that follows (default ${DEFAULT_INPUT_WAIT_MS}, max ${MAX_WAIT_MS})`),
  },
  annotations: { title: 'Type into a terminal session', readOnlyHint: false, openWorldHint: false },
  async run({ id, text, keys, wait_ms }, { client }) {
    const { cursor } = await client.readLines(id, { tail: 1 });
    await client.sendInput(id, { ...(text ? { text } : {}), ...(keys?.length ? { keys } : {}) });
    await waitForQuiet(client, id, cursor, wait_ms);
    const read = await readFrom(client, id, { seq: cursor + 1, offset: 0 }, DEFAULT_MAX_BYTES);
    const session = await client.getSession(id);
    const state = stateText(session);
    const output = agentText(read.raw);
    const body = `Session ${id}: ${state}. cursor: "${formatCursor(read.cursor)}"\n${session.url}\n\n${output || '(no output followed)'}`;
    return result(body, { ...sessionFields(session), output, cursor: formatCursor(read.cursor), more: read.more });
  },
});

// After input, output that pauses this long is taken to have answered it.
const QUIET_MS = 300;

/** Waits for output after `after`, then until it has been quiet QUIET_MS, the session ended, or `ms` passed. */
async function waitForQuiet(client: ActiveSessionsClient, id: string, after: number, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  for (let heard = false; ; heard = true) {
    const remaining = deadline - Date.now();
    if (remaining <= 0) return;
    await waitForOutput(client, id, after, heard ? Math.min(QUIET_MS, remaining) : remaining);
    const page = await client.readOutput(id, { after, limit: 1000 });
    if (page.chunks.length === 0 || page.done) return;
    after = page.next;
  }
}

const sessionScreen = tool({
  name: 'session_screen',
  title: "Look at a terminal session's screen",
  description:
    "The screen of a terminal session (started with tty: true) as a person sees it: one string per row, and the cursor. " +
    'Live while it runs; rebuilt from its output once it has ended. The way to read a full-screen program (an editor, top, a TUI).',
  input: { id },
  annotations: { title: 'Look at the screen', readOnlyHint: true, openWorldHint: false },
  async run({ id }, { client }) {
    const screen = await client.getScreen(id);
    const session = await client.getSession(id);
    let last = screen.lines.length;
    while (last > 0 && screen.lines[last - 1] === '') last--;
    const state = stateText(session);
    const text =
      `Session ${id}: ${state}; screen ${screen.cols}×${screen.rows}, cursor at column ${screen.cursor.x + 1}, row ${screen.cursor.y + 1}\n` +
      `${session.url}\n\n${screen.lines.slice(0, last).join('\n') || '(blank screen)'}`;
    // The rows as text are what an agent reads; the escape sequences that redraw them are for terminals.
    const { cols, rows, lines, cursor } = screen;
    return result(text, { id, url: session.url, status: session.status, waiting_for_input: session.waitingForInput, cols, rows, lines, cursor });
  },
});

/** The plain text of the given lines, read in a few ranges rather than one request each. */
async function lineTexts(client: ActiveSessionsClient, id: string, lines: readonly number[]): Promise<Map<number, string>> {
  const texts = new Map<number, string>();
  for (let i = 0; i < lines.length; ) {
    let j = i;
    while (j + 1 < lines.length && lines[j + 1] - lines[i] < 100) j++;
    const page = await client.readLines(id, { from: lines[i], to: lines[j] });
    for (const line of page.lines) texts.set(line.n, agentText(line.segments.map((segment) => segment.text).join('')));
    i = j + 1;
  }
  return texts;
}

const TOOLS = [sessionStart, sessionOutput, sessionWait, sessionList, sessionGet, sessionKill, sessionSearch, sessionInput, sessionScreen];


export function registerTools(server: McpServer, context: ToolContext): void {
  for (const definition of TOOLS) definition.register(server, context);
}
