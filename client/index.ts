import type {
  ChunkJson,
  CreateSessionBody,
  LinesPageJson,
  OutputPageJson,
  ResourceHistoryJson,
  PinInput,
  RetentionJson,
  ScreenJson,
  SearchResultJson,
  SessionInput,
  SessionResize,
  SessionJson,
  SessionListPage,
} from '@/core/contract';
import type { SessionStatus } from '@/core/types';
import { ApiError } from './errors';
import { readEvents } from './sse';

export { ApiError, isServerUnavailable } from './errors';

export type ClientOptions = {
  /** Where the console is, e.g. http://127.0.0.1:3000; '' in the browser (same origin). */
  baseUrl: string;
  /** The bearer token; the browser sends its login cookie instead. */
  token?: string;
  fetch?: typeof fetch;
};

/** What the live output stream yields: a stored chunk, or the end (the session ended, all was sent). */
export type StreamItem = { type: 'chunk'; chunk: ChunkJson } | { type: 'end' };

/**
 * The one typed client of the JSON API, over core/contract: the browser's hooks, the CLI, the MCP
 * server over stdio, the e2e tests. Every failure is an ApiError with the API's own message, or,
 * when nothing answered, one that says which URL was tried.
 */
export function createClient({ baseUrl, token, fetch: fetchImpl = fetch }: ClientOptions) {
  const base = baseUrl.replace(/\/+$/, '');
  const headers = (extra: Record<string, string> = {}) => ({
    accept: 'application/json',
    ...(token ? { authorization: `Bearer ${token}` } : {}),
    ...extra,
  });

  async function send(path: string, init: RequestInit = {}): Promise<Response> {
    try {
      return await fetchImpl(`${base}${path}`, { ...init, headers: headers(init.headers as Record<string, string>) });
    } catch (error) {
      if ((error as Error).name === 'AbortError') throw error;
      const cause = (error as { cause?: { code?: string } }).cause?.code;
      throw new ApiError(`cannot reach Active Sessions at ${base || 'this origin'}${cause ? ` (${cause})` : ''}`, 0);
    }
  }

  /** A connection that failed after the server answered (it went down mid-answer): as one never made. */
  function brokeOff(what: 'answer' | 'stream', error: Error, signal: AbortSignal | null | undefined): Error {
    if (signal?.aborted || error.name === 'AbortError') return error;
    return new ApiError(`the ${what} from Active Sessions at ${base || 'this origin'} broke off (${error.message})`, 0);
  }

  async function json<T>(path: string, init?: RequestInit): Promise<T> {
    const response = await send(path, init);
    if (!response.ok) throw await failure(response);
    const text = await response.text().catch((error: Error) => {
      throw brokeOff('answer', error, init?.signal);
    });
    try {
      return JSON.parse(text) as T;
    } catch {
      return undefined as T;
    }
  }

  const session = (id: string) => `/api/sessions/${encodeURIComponent(id)}`;
  const query = (params: Record<string, string | number | undefined>) => {
    const search = new URLSearchParams();
    for (const [key, value] of Object.entries(params)) if (value !== undefined) search.set(key, String(value));
    const text = search.toString();
    return text ? `?${text}` : '';
  };

  return {
    baseUrl: base,
    /** GET any API path: what the browser's SWR keys are. */
    get: <T>(path: string, signal?: AbortSignal) => json<T>(path, { signal }),
    listSessions: (params: { limit?: number; status?: SessionStatus; q?: string } = {}) =>
      json<SessionListPage>(`/api/sessions${query(params)}`),
    getSession: (id: string) => json<SessionJson>(session(id)),
    createSession: (body: CreateSessionBody) =>
      json<SessionJson>('/api/sessions', {
        method: 'POST',
        body: JSON.stringify(body),
        headers: { 'content-type': 'application/json' },
      }),
    /** Runs the session's command again: the new session, its `rerunOf` naming this one. */
    rerunSession: (id: string) => json<SessionJson>(`${session(id)}/rerun`, { method: 'POST' }),
    pinSession: (id: string, pinned: boolean) =>
      json<SessionJson>(`${session(id)}/pin`, {
        method: 'POST',
        body: JSON.stringify({ pinned } satisfies PinInput),
        headers: { 'content-type': 'application/json' },
      }),
    getRetention: () => json<RetentionJson>('/api/retention'),
    killSession: (id: string, params: { graceMs?: number } = {}) =>
      json<SessionJson>(`${session(id)}/kill${query(params)}`, { method: 'POST' }),
    /** Types into a running terminal session: the text, then the keys in order. */
    sendInput: (id: string, input: SessionInput) =>
      json<{ ok: true }>(`${session(id)}/input`, {
        method: 'POST',
        body: JSON.stringify(input),
        headers: { 'content-type': 'application/json' },
      }),
    resizeTerminal: (id: string, size: SessionResize) =>
      json<{ ok: true }>(`${session(id)}/resize`, {
        method: 'POST',
        body: JSON.stringify(size),
        headers: { 'content-type': 'application/json' },
      }),
    getScreen: (id: string) => json<ScreenJson>(`${session(id)}/screen`),
    /** The session's CPU, memory and process count over its life, for a chart. */
    getResources: (id: string) => json<ResourceHistoryJson>(`${session(id)}/resources`),
    clearFinished: () => json<{ cleared: number }>('/api/sessions?status=finished', { method: 'DELETE' }),
    readOutput: (id: string, params: { after?: number; limit?: number } = {}) =>
      json<OutputPageJson>(`${session(id)}/output${query(params)}`),
    readLines: (id: string, params: { tail: number } | { from: number; to: number }) =>
      json<LinesPageJson>(`${session(id)}/lines${query(params)}`),
    search: (id: string, params: SearchParams) => json<SearchResultJson>(`${session(id)}/search${searchQuery(params)}`),
    downloadUrl: (id: string) => `${base}${session(id)}/download`,

    /**
     * Live output from `after` on, until the session has ended and all of it was sent. `onOpen` is
     * told once the server has answered. A stream that breaks off is an ApiError of status 0, as
     * one that could not be opened.
     */
    async *stream(
      id: string,
      { after = 0, signal, onOpen }: { after?: number; signal?: AbortSignal; onOpen?: () => void } = {},
    ): AsyncGenerator<StreamItem> {
      const response = await send(`${session(id)}/stream${query({ after })}`, { signal, headers: { accept: 'text/event-stream' } });
      if (!response.ok || !response.body) throw await failure(response);
      onOpen?.();
      const events = readEvents(response.body);
      try {
        for (;;) {
          const next = await events.next().catch((error: Error) => {
            throw brokeOff('stream', error, signal);
          });
          if (next.done) return;
          if (next.value.event === 'chunk') yield { type: 'chunk', chunk: JSON.parse(next.value.data) as ChunkJson };
          else if (next.value.event === 'end') return yield { type: 'end' };
        }
      } finally {
        // A caller that stops reading closes the body.
        await events.return(undefined);
      }
    },
  };
}

export type ActiveSessionsClient = ReturnType<typeof createClient>;

/** A search as the API takes it: the text, its options, and which matches to answer with. */
export type SearchParams = {
  q: string;
  regex?: boolean;
  case?: boolean;
  limit?: number;
  offset?: number;
  from?: number;
  to?: number;
  after?: number;
  before?: number;
  index?: number;
  text?: boolean;
};

/** The query string of a search (`?q=…`): the browser fetches it through SWR, this client directly. */
export function searchQuery(params: SearchParams): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined || value === false) continue;
    search.set(key, value === true ? '1' : String(value));
  }
  return `?${search}`;
}

/** An answer that was not a success, with the API's own `error` when it sent one. */
async function failure(response: Response): Promise<ApiError> {
  const body = (await response.json().catch(() => undefined)) as { error?: string } | undefined;
  return new ApiError(body?.error ?? `request failed (${response.status})`, response.status);
}
