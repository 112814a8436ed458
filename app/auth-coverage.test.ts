import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { withSessionHost } from '@/lib/testing/host';
import { COOKIE_NAME } from '@/lib/auth/cookie';
import { startLogin } from '@/lib/auth/logins';

/*
 * Every route handler and every server action under app/, found from the file tree: a route or
 * action added later is covered without anyone remembering to add it here.
 */

const TOKEN = 'coverage-test-token-0123456789';
const APP = path.join(process.cwd(), 'app');
const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;
// Public by design, each with the reason.
const PUBLIC_ROUTES: Record<string, string> = {
  '/api/auth/session': 'answers only whether the caller is signed in',
  '/api/openapi.json': 'the shape of the API, which clients read before they have a token',
};
const PUBLIC_ACTIONS: Record<string, string> = { login: 'the door itself: it checks the token' };

function filesNamed(dir: string, test: (name: string) => boolean): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return filesNamed(full, test);
    return test(entry.name) ? [full] : [];
  });
}

const routeFiles = filesNamed(APP, (name) => /^route\.tsx?$/.test(name));
const actionFiles = filesNamed(APP, (name) => /\.tsx?$/.test(name) && !name.endsWith('.test.ts')).filter((file) =>
  /^\s*['"]use server['"]/.test(readFileSync(file, 'utf8')),
);

function urlPath(file: string): string {
  const route = path
    .relative(APP, path.dirname(file))
    .split(path.sep)
    .filter((segment) => !/^\(.*\)$/.test(segment))
    .map((segment) => segment.replace(/^\[(.+)\]$/, 'x'))
    .join('/');
  return `/${route}`;
}

// next/headers for server actions outside a real request: what the test sets here.
const requestState = { headers: new Headers(), cookies: new Map<string, string>() };
vi.mock('next/headers', () => ({
  headers: async () => requestState.headers,
  cookies: async () => ({
    get: (name: string) => (requestState.cookies.has(name) ? { name, value: requestState.cookies.get(name) } : undefined),
    set: () => undefined,
    delete: () => undefined,
  }),
}));

withSessionHost();
beforeAll(() => {
  process.env.ACTIVE_SESSIONS_TOKEN = TOKEN;
});

describe('route handlers', () => {
  it('are found', () => {
    expect(routeFiles.map(urlPath)).toEqual(
      expect.arrayContaining([
        '/api/sessions',
        '/api/sessions/x',
        '/api/sessions/x/output',
        '/api/sessions/x/kill',
        '/api/sessions/x/input',
        '/api/sessions/x/resize',
        '/api/sessions/x/screen',
      ]),
    );
  });

  for (const file of routeFiles) {
    const route = urlPath(file);
    it(`${route}: 401 without credentials, and works with a Bearer token`, async () => {
      const exported = (await import(file)) as Record<string, unknown>;
      const handlers = METHODS.filter((method) => typeof exported[method] === 'function');
      expect(handlers.length, `${route} exports no handler`).toBeGreaterThan(0);
      for (const method of handlers) {
        const handler = exported[method] as (request: Request, context: unknown) => Promise<Response>;
        const context = { params: Promise.resolve({ id: 'x' }) };
        const url = `http://127.0.0.1:3000${route}`;
        const anonymous = await handler(new Request(url, { method, headers: { host: '127.0.0.1:3000' } }), context);
        if (route in PUBLIC_ROUTES) {
          expect(anonymous.status, `${method} ${route} is public`).toBe(200);
        } else {
          expect(anonymous.status, `${method} ${route} without credentials`).toBe(401);
          expect(((await anonymous.json()) as { error: string }).error).toMatch(/authentication required/);
        }
        const authed = await handler(
          new Request(url, { method, headers: { host: '127.0.0.1:3000', authorization: `Bearer ${TOKEN}` } }),
          context,
        );
        expect([401, 403], `${method} ${route} with the token`).not.toContain(authed.status);
      }
    });
  }
});

describe('server actions', () => {
  it('are found', () => {
    expect(actionFiles.length).toBeGreaterThanOrEqual(2);
  });

  for (const file of actionFiles) {
    const where = path.relative(process.cwd(), file);
    it(`${where}: every action refuses a caller without the login cookie, and works with it`, async () => {
      const exported = (await import(file)) as Record<string, unknown>;
      const actions = Object.entries(exported).filter(([, value]) => typeof value === 'function');
      expect(actions.length).toBeGreaterThan(0);
      for (const [name, action] of actions) {
        if (name in PUBLIC_ACTIONS) continue;
        const call = () => (action as (...args: unknown[]) => Promise<unknown>)({ status: 'idle' }, new FormData());
        const sameOrigin = { host: '127.0.0.1:3000', origin: 'http://127.0.0.1:3000' };

        requestState.headers = new Headers(sameOrigin);
        requestState.cookies = new Map();
        const refused = await call().catch((error: Error) => ({ thrown: error.message }));
        expect(JSON.stringify(refused), `${name} without the cookie`).toMatch(/authentication required|NEXT_REDIRECT/);

        // A valid cookie without proof of origin (a cross-site form post) is refused too.
        requestState.headers = new Headers({ host: '127.0.0.1:3000' });
        requestState.cookies = new Map([[COOKIE_NAME, startLogin()]]);
        const crossSite = await call().catch((error: Error) => ({ thrown: error.message }));
        expect(JSON.stringify(crossSite), `${name} without Origin`).toMatch(/cross-site request refused|NEXT_REDIRECT/);

        requestState.headers = new Headers(sameOrigin);
        const allowed = await call().catch((error: Error) => ({ thrown: error.message }));
        expect(JSON.stringify(allowed), `${name} with the cookie`).not.toMatch(/authentication required|cross-site/);
      }
    });
  }
});
