import type { z } from 'zod';
import { isAppError } from '@/core/errors';
import { describeIssues } from '@/core/contract';

export const MAX_BODY_BYTES = 256 * 1024;

export type Parsed<T> = { ok: true; data: T } | { ok: false; response: Response };

export function jsonError(status: number, error: string, headers?: HeadersInit): Response {
  return Response.json({ error }, { status, headers });
}

/** An AppError as its answer; anything else is a bug and goes on to Next's 500. */
export function appErrorResponse(error: unknown): Response {
  if (!isAppError(error)) throw error;
  // A store that refuses writes usually recovers within seconds to minutes (space freed, a lock
  // released); a session host is started again within seconds.
  const headers: HeadersInit | undefined = error.status === 503 ? { 'Retry-After': '10' } : undefined;
  return jsonError(error.status, error.message, headers);
}

/** Reads and validates a JSON body; any problem becomes a 4xx answer with a clear `error`. */
export async function parseJsonBody<S extends z.ZodType>(request: Request, schema: S): Promise<Parsed<z.infer<S>>> {
  const declared = Number(request.headers.get('content-length') ?? 0);
  if (declared > MAX_BODY_BYTES) return { ok: false, response: jsonError(413, 'request body is larger than 256 KiB') };
  let text: string;
  try {
    text = await request.text();
  } catch {
    return { ok: false, response: jsonError(400, 'could not read the request body') };
  }
  if (Buffer.byteLength(text) > MAX_BODY_BYTES) {
    return { ok: false, response: jsonError(413, 'request body is larger than 256 KiB') };
  }
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return { ok: false, response: jsonError(400, 'request body is not valid JSON') };
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return { ok: false, response: jsonError(400, 'request body must be a JSON object') };
  }
  return parseWith(schema, body);
}

/** Validates the query string: repeated or unknown parameters are refused, not guessed at. */
export function parseQuery<S extends z.ZodType>(request: Request, schema: S): Parsed<z.infer<S>> {
  const params = new URL(request.url).searchParams;
  const query: Record<string, string> = {};
  for (const [key, value] of params) {
    if (key in query) return { ok: false, response: jsonError(400, `query parameter ${key} is given twice`) };
    query[key] = value;
  }
  return parseWith(schema, query);
}

function parseWith<S extends z.ZodType>(schema: S, input: unknown): Parsed<z.infer<S>> {
  const result = schema.safeParse(input);
  if (!result.success) return { ok: false, response: jsonError(400, describeIssues(result.error)) };
  return { ok: true, data: result.data };
}
