/**
 * A fetch that answers from this app's own route handlers, called as functions: the MCP route
 * gives its tools the same typed client the CLI uses, without a loopback HTTP request (which would
 * need to know the address the server listens on, and cross the network stack to reach itself).
 * Only for a caller already authenticated: every request is vouched for as made by this server
 * (lib/auth/internal.ts), which the guards accept without counting anything against the caller's
 * address; the headers the site checks read (Host, Origin) travel with it, as over HTTP.
 */

import { vouchFor } from '@/lib/auth/internal';

// Each handler names its own params; the table only promises to pass the ones its path has.
type Handler = (request: Request, context: never) => Promise<Response> | Response;
type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
export type RouteModule = Partial<Record<Method, Handler>>;
/** A route as its folder names it under app/, e.g. '/api/sessions/[id]/output'. */
export type RouteTable = Readonly<Record<string, RouteModule>>;

// What the site checks look at, and who the client is; its credential is replaced by the voucher.
const FORWARDED = ['host', 'origin', 'sec-fetch-site', 'x-forwarded-for', 'x-forwarded-proto', 'x-active-sessions-peer'];
const CREDENTIALS = ['authorization', 'cookie'];

type CompiledRoute = { pattern: RegExp; names: string[]; module: RouteModule };

function compile(routes: RouteTable): CompiledRoute[] {
  return Object.entries(routes).map(([path, module]) => {
    const names: string[] = [];
    const source = path
      .split('/')
      .map((segment) => {
        const dynamic = /^\[(\w+)\]$/.exec(segment);
        if (!dynamic) return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
        names.push(dynamic[1]);
        return '([^/]+)';
      })
      .join('/');
    return { pattern: new RegExp(`^${source}$`), names, module };
  });
}

const jsonAnswer = (error: string, status: number) => Response.json({ error }, { status });

export function inProcessFetch(routes: RouteTable, caller: Request): typeof fetch {
  const table = compile(routes);
  const origin = new URL(caller.url).origin;
  return async (input, init) => {
    const outer = new Request(input instanceof Request || input instanceof URL ? input : new URL(input, origin), init);
    const url = new URL(outer.url);
    const headers = new Headers(outer.headers);
    for (const name of FORWARDED) {
      const value = caller.headers.get(name);
      if (value === null) headers.delete(name);
      else headers.set(name, value);
    }
    for (const name of CREDENTIALS) headers.delete(name);
    vouchFor(headers);
    const request = new Request(new URL(`${url.pathname}${url.search}`, origin), {
      method: outer.method,
      headers,
      body: outer.body,
      signal: outer.signal,
      // @ts-expect-error -- Node's fetch needs it to send a stream body; the DOM types do not know it.
      duplex: 'half',
    });
    for (const route of table) {
      const match = route.pattern.exec(url.pathname);
      if (!match) continue;
      const handler = route.module[request.method as Method];
      if (!handler) return jsonAnswer(`${request.method} is not allowed on ${url.pathname}`, 405);
      const params = Object.fromEntries(route.names.map((name, i) => [name, decodeURIComponent(match[i + 1])]));
      try {
        return await handler(request, { params: Promise.resolve(params) } as never);
      } catch (error) {
        // As over HTTP: a bug in a handler is logged and answered 500, not taken for a network failure.
        console.error(`[active-sessions] ${request.method} ${url.pathname} failed:`, error);
        return jsonAnswer('internal error', 500);
      }
    }
    return jsonAnswer(`no route ${url.pathname}`, 404);
  };
}
