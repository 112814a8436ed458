import { authorize, denialResponse } from './guard';

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

export function cookieReader(request: Request) {
  const cookies = new Map<string, string>();
  for (const part of (request.headers.get('cookie') ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0) cookies.set(part.slice(0, eq).trim(), safeDecode(part.slice(eq + 1).trim()));
  }
  return (name: string) => cookies.get(name);
}

/**
 * Wraps a route handler so that it authenticates the request itself, whatever the proxy did
 * (a proxy-only check has been bypassed before: CVE-2025-29927).
 */
export function protectedRoute<Context>(handler: (request: Request, context: Context) => Promise<Response> | Response) {
  return async (request: Request, context: Context): Promise<Response> => {
    const verdict = await authorize({ method: request.method, headers: request.headers, cookie: cookieReader(request) });
    if (!verdict.ok) return denialResponse(verdict.denial);
    return handler(request, context);
  };
}
