import { z } from 'zod';
import {
  authStateSchema,
  clearedSchema,
  clearQuerySchema,
  createSessionSchema,
  errorSchema,
  killQuerySchema,
  linesPageSchema,
  linesQuerySchema,
  listQuerySchema,
  metricsQuerySchema,
  metricsSchema,
  outputPageSchema,
  outputQuerySchema,
  resourceHistorySchema,
  pinSchema,
  retentionSchema,
  searchQuerySchema,
  acceptedSchema,
  screenSchema,
  searchResultSchema,
  sessionInputSchema,
  sessionJsonSchema,
  sessionResizeSchema,
  sessionListSchema,
  streamQuerySchema,
} from '@/core/contract';

/*
 * The OpenAPI 3.1 document of the JSON API, generated from the same zod schemas the routes validate
 * with and answer by, so that it cannot drift from them. A test checks it with a real validator and
 * that every route handler in app/api is in it.
 */

type Schema = z.ZodType;
type Query = z.ZodType;

type Operation = {
  summary: string;
  query?: Query;
  body?: Schema;
  /** Status → what it means, and the JSON answered (or a media type of its own). */
  responses: Record<number, { description: string; json?: Schema; media?: string }>;
  /** Public routes need no credential; every other one needs the token (or the login cookie). */
  public?: boolean;
};

const mcpMessageSchema = z.record(z.string(), z.unknown()).describe('a JSON-RPC 2.0 message (or a batch) of the Model Context Protocol');

const idParameter = { name: 'id', in: 'path', required: true, schema: { type: 'string' }, description: 'the session id' };

const notFound = { description: 'no session with that id', json: errorSchema };
const badInput = { description: 'invalid input: `error` says which field and why', json: errorSchema };

const notRunningTerminal = { description: 'not a terminal session, or not running', json: errorSchema };

const routes: Record<string, Record<string, Operation>> = {
  '/api/sessions': {
    get: {
      summary: 'List sessions: running first, then the rest newest first (or one status)',
      query: listQuerySchema,
      responses: { 200: { description: 'a page of sessions and how many there are', json: sessionListSchema }, 400: badInput },
    },
    post: {
      summary: 'Launch a command as a new session',
      body: createSessionSchema,
      responses: {
        201: { description: 'the session, running (or already failed to start)', json: sessionJsonSchema },
        400: badInput,
        413: { description: 'the body is larger than 256 KiB', json: errorSchema },
        503: { description: 'the store cannot write (a full disk): nothing was started; see Retry-After', json: errorSchema },
      },
    },
    delete: {
      summary: 'Clear every finished session with its output (pinned ones stay)',
      query: clearQuerySchema,
      responses: {
        200: { description: 'how many were removed', json: clearedSchema },
        400: badInput,
        503: { description: 'the store cannot write: nothing was cleared', json: errorSchema },
      },
    },
  },
  '/api/sessions/{id}': {
    get: { summary: 'One session', responses: { 200: { description: 'the session', json: sessionJsonSchema }, 404: notFound } },
  },
  '/api/sessions/{id}/kill': {
    post: {
      summary: 'Kill: SIGTERM to every process of the session, SIGKILL after the grace period',
      query: killQuerySchema,
      responses: {
        202: { description: 'stopping; the end is recorded when it has', json: sessionJsonSchema },
        400: badInput,
        404: notFound,
        409: { description: 'not running (or run by another server process)', json: errorSchema },
      },
    },
  },
  '/api/sessions/{id}/rerun': {
    post: {
      summary: "Run a session's command again as a new session: same command, name, directory, env, terminal and timeout",
      responses: {
        201: { description: 'the new session, its `rerunOf` naming this one (whose `latestRerun` names it)', json: sessionJsonSchema },
        404: notFound,
        503: { description: 'the store cannot write, or the session host is unavailable: nothing was started', json: errorSchema },
      },
    },
  },
  '/api/sessions/{id}/pin': {
    post: {
      summary: 'Pin or unpin a session: pinned ones are kept by retention (RETAIN_DAYS, RETAIN_BYTES) and by Clear Completed',
      body: pinSchema,
      responses: { 200: { description: 'the session', json: sessionJsonSchema }, 400: badInput, 404: notFound },
    },
  },
  '/api/sessions/{id}/input': {
    post: {
      summary: 'Type into a running terminal session: `text`, then `keys` in order',
      body: sessionInputSchema,
      responses: {
        202: { description: 'sent to the terminal', json: acceptedSchema },
        400: badInput,
        404: notFound,
        409: notRunningTerminal,
      },
    },
  },
  '/api/sessions/{id}/resize': {
    post: {
      summary: "Resize a running terminal session's terminal (its programs get SIGWINCH)",
      body: sessionResizeSchema,
      responses: {
        202: { description: 'resized; the session says its new cols and rows', json: acceptedSchema },
        400: badInput,
        404: notFound,
        409: notRunningTerminal,
      },
    },
  },
  '/api/sessions/{id}/screen': {
    get: {
      summary: "A terminal session's screen as text with the cursor, and as escape sequences that redraw it: live while it runs, rebuilt from its output once ended",
      responses: {
        200: { description: 'the screen', json: screenSchema },
        404: notFound,
        409: { description: 'not a terminal session', json: errorSchema },
      },
    },
  },
  '/api/sessions/{id}/resources': {
    get: {
      summary: "The session's CPU, resident memory and process count over its life (sampled every ~2 s, thinned out as it grows), its peak memory and CPU seconds",
      responses: { 200: { description: 'the samples, oldest first', json: resourceHistorySchema }, 404: notFound },
    },
  },
  '/api/sessions/{id}/output': {
    get: {
      summary: 'Output chunks after a cursor',
      query: outputQuerySchema,
      responses: { 200: { description: 'a page of chunks', json: outputPageSchema }, 400: badInput, 404: notFound },
    },
  },
  '/api/sessions/{id}/lines': {
    get: {
      summary: 'Numbered lines: the last `tail`, or `from`..`to` (1-based)',
      query: linesQuerySchema,
      responses: { 200: { description: 'the lines', json: linesPageSchema }, 400: badInput, 404: notFound },
    },
  },
  '/api/sessions/{id}/search': {
    get: {
      summary:
        'Lines whose visible text holds `q` (a regular expression with regex=1; case-insensitive unless case=1), across the whole output: ' +
        'the exact count, a page of the list (offset, limit, from..to), one match by position (after, before) or by index, and with text=1 the lines and where they match',
      query: searchQuerySchema,
      responses: {
        200: { description: 'the matches', json: searchResultSchema },
        400: { description: 'bad input, or a pattern that is not valid or cannot run in linear time', json: errorSchema },
        404: notFound,
      },
    },
  },
  '/api/sessions/{id}/stream': {
    get: {
      summary: 'Live output as Server-Sent Events: `chunk` events (id = seq), heartbeats, then `end`',
      query: streamQuerySchema,
      responses: { 200: { description: 'an event stream', media: 'text/event-stream' }, 404: notFound },
    },
  },
  '/api/sessions/{id}/download': {
    get: {
      summary: 'The whole output as a text file',
      responses: { 200: { description: 'the output, streamed', media: 'text/plain' }, 404: notFound },
    },
  },
  '/api/retention': {
    get: {
      summary: 'The output stored, the retention rules (RETAIN_DAYS, RETAIN_BYTES), and the session they remove first',
      responses: { 200: { description: 'the retention state', json: retentionSchema } },
    },
  },
  '/api/metrics': {
    get: {
      summary: "The server's memory and event-loop delay",
      query: metricsQuerySchema,
      responses: { 200: { description: 'figures', json: metricsSchema }, 400: badInput },
    },
  },
  '/api/mcp': {
    post: {
      summary: 'The MCP tools over Streamable HTTP (stateless, JSON answers): JSON-RPC requests as POST',
      body: mcpMessageSchema,
      responses: { 200: { description: 'the JSON-RPC answer', json: mcpMessageSchema }, 202: { description: 'a notification, accepted' } },
    },
    get: { summary: 'Not supported: no server-sent stream (stateless)', responses: { 405: { description: 'send MCP requests as POST', json: errorSchema } } },
    delete: { summary: 'Not supported: no MCP session to end (stateless)', responses: { 405: { description: 'send MCP requests as POST', json: errorSchema } } },
  },
  '/api/auth/session': {
    get: {
      summary: 'Whether the caller is signed in',
      public: true,
      responses: { 200: { description: 'always 200', json: authStateSchema } },
    },
  },
  '/api/openapi.json': {
    get: {
      summary: 'This document',
      public: true,
      responses: { 200: { description: 'OpenAPI 3.1', media: 'application/json' } },
    },
  },
};

function jsonSchema(schema: Schema): Record<string, unknown> {
  // Inputs as a client writes them (query values are strings); outputs as the server sends them.
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  return rest;
}

/** A query schema's fields; of a union (lines: tail, or from and to), every option's, none required. */
function queryParameters(query: Query): object[] {
  const options = query instanceof z.ZodUnion ? (query.options as z.ZodObject[]) : [query as unknown as z.ZodObject];
  const union = options.length > 1;
  return options.flatMap((option) =>
    Object.entries(option.shape).map(([name, field]) => ({
      name,
      in: 'query',
      required: !union && !(field as z.ZodType).safeParse(undefined).success,
      schema: jsonSchema(field as z.ZodType),
    })),
  );
}

function operation(path: string, op: Operation): object {
  const parameters = [...(path.includes('{id}') ? [idParameter] : []), ...(op.query ? queryParameters(op.query) : [])];
  const responses = Object.fromEntries(
    Object.entries(op.responses).map(([status, { description, json, media }]) => [
      status,
      {
        description,
        ...(json ? { content: { 'application/json': { schema: jsonSchema(json) } } } : {}),
        ...(media ? { content: { [media]: { schema: { type: 'string' } } } } : {}),
      },
    ]),
  );
  const error = (description: string) => ({ description, content: { 'application/json': { schema: jsonSchema(errorSchema) } } });
  responses[403] = error('a Host not allowed (DNS rebinding), or a state-changing request from another origin');
  if (!op.public) {
    responses[401] = error('no valid token (with a plain `WWW-Authenticate: Bearer` challenge)');
    responses[429] = error('rate-limited: too many wrong tokens from this address; see Retry-After');
  }
  return {
    summary: op.summary,
    ...(op.public ? { security: [] } : {}),
    ...(parameters.length > 0 ? { parameters } : {}),
    ...(op.body ? { requestBody: { required: true, content: { 'application/json': { schema: jsonSchema(op.body) } } } } : {}),
    responses,
  };
}

export function openApiDocument(serverUrl: string): Record<string, unknown> {
  return {
    openapi: '3.1.0',
    info: {
      title: 'Active Sessions',
      version: '1',
      description: 'Run commands as sessions and watch them live. Every route but the public ones needs the token.',
    },
    servers: [{ url: serverUrl }],
    security: [{ bearerToken: [] }, { loginCookie: [] }],
    components: {
      securitySchemes: {
        bearerToken: { type: 'http', scheme: 'bearer', description: 'Authorization: Bearer <token>' },
        loginCookie: { type: 'apiKey', in: 'cookie', name: 'active_sessions', description: "a browser's login (__Host-active_sessions over HTTPS)" },
      },
    },
    paths: Object.fromEntries(
      Object.entries(routes).map(([path, methods]) => [
        path,
        Object.fromEntries(Object.entries(methods).map(([method, op]) => [method, operation(path, op)])),
      ]),
    ),
  };
}

/** Which routes the document describes, method by method: the test holds it against the file tree. */
export function documentedRoutes(): string[] {
  return Object.entries(routes).flatMap(([path, methods]) => Object.keys(methods).map((method) => `${method.toUpperCase()} ${path}`));
}
