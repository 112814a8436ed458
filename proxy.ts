import { NextResponse, type NextRequest } from 'next/server';
import { cookieValueFrom, sessionCookie, signedLoginId } from '@/lib/auth/cookie';
import { checkOfferedToken } from '@/lib/auth/guard';
import { isAllowedHost, requestScheme } from '@/lib/auth/hosts';
import { contentSecurityPolicy, SECURITY_HEADERS } from '@/lib/auth/headers';
import { isAppError } from '@/core/errors';
import { isLiveLogin, startLogin } from '@/lib/auth/logins';
import { loginErrorFor } from '@/lib/auth/login-errors';

/**
 * First line only: refuses foreign Host names and paths Next cannot decode, sets the security
 * headers (with a fresh CSP nonce), drops a trailing slash, turns `?token=` into the login cookie,
 * and sends signed-out visitors of pages to the login page. It checks a cookie's signature, not
 * whether a logout ended it: every route handler, server action and page checks that itself.
 */
export async function proxy(request: NextRequest) {
  if (!isAllowedHost(request.headers.get('host'))) {
    return refuse(403, 'this host name is not allowed: add it to ALLOWED_HOSTS');
  }

  const { pathname, searchParams } = request.nextUrl;
  // Next matches a dynamic segment by decoding it, and a stray `%` made that throw into a 500 page.
  if (!decodes(pathname)) return refuse(400, 'the path has a malformed percent-encoding (a % not followed by two hex digits)');

  // No OAuth here: an MCP client that finds discovery metadata (or any answer but a 404) may switch
  // to OAuth and drop the bearer header it was given.
  if (pathname.startsWith('/.well-known/')) return refuse(404, 'not found: this server takes a bearer token, not OAuth');

  // Next's own trailing-slash redirect is off (next.config.mjs): it answered before this proxy ran,
  // without the security headers. (Next sends a same-origin Location as a path; a leading `//`
  // would make that path another host.)
  if (pathname !== '/' && pathname.endsWith('/')) {
    const target = new URL(`/${pathname.replace(/^\/+|\/+$/g, '')}${request.nextUrl.search}`, request.url);
    return withSecurityHeaders(NextResponse.redirect(target, 308), contentSecurityPolicy(null));
  }

  const offered = searchParams.get('token');
  if (offered !== null && request.method === 'GET') {
    const target = request.nextUrl.clone();
    target.searchParams.delete('token');
    const loginPage = new URL('/login', request.url);
    loginPage.searchParams.set('next', `${target.pathname}${target.search}`);
    // Another site could make the browser send wrong tokens here (an <img src>) to get this client
    // slowed down: a token from a cross-site request is neither checked nor counted.
    if (request.headers.get('sec-fetch-site') === 'cross-site') return redirect(loginPage);
    // Already logged in: the link is followed, its token neither checked nor counted against the client.
    if (isLiveLogin(cookieValueFrom((name) => request.cookies.get(name)?.value))) return redirect(target);
    const verdict = await checkOfferedToken(offered, request.headers);
    if (!verdict.ok) {
      loginPage.searchParams.set('error', loginErrorFor(verdict.denial.status));
      return redirect(loginPage);
    }
    // Redirect so the token leaves the address bar and the history.
    let login: string;
    try {
      login = startLogin();
    } catch (error) {
      if (!isAppError(error)) throw error;
      loginPage.searchParams.set('error', 'store');
      return redirect(loginPage);
    }
    const response = redirect(target);
    response.cookies.set(sessionCookie(requestScheme(request.headers) === 'https', login));
    return response;
  }

  const isPage = !pathname.startsWith('/api/') && !pathname.startsWith('/_next/') && pathname !== '/login' && !/\.\w+$/.test(pathname);
  if (isPage && signedLoginId(cookieValueFrom((name) => request.cookies.get(name)?.value)) === null) {
    const login = new URL('/login', request.url);
    login.searchParams.set('next', `${pathname}${request.nextUrl.search}`);
    return redirect(login);
  }

  const nonce = Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString('base64');
  const csp = contentSecurityPolicy(nonce);
  // Next.js reads the nonce from the request's CSP header and puts it on its own scripts.
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set('content-security-policy', csp);
  return withSecurityHeaders(NextResponse.next({ request: { headers: requestHeaders } }), csp);
}

function decodes(pathname: string): boolean {
  try {
    decodeURIComponent(pathname);
    return true;
  } catch {
    return false;
  }
}

function refuse(status: 400 | 403 | 404, error: string): NextResponse {
  return withSecurityHeaders(NextResponse.json({ error }, { status }), contentSecurityPolicy(null));
}

function redirect(url: URL): NextResponse {
  return withSecurityHeaders(NextResponse.redirect(url), contentSecurityPolicy(null));
}

function withSecurityHeaders(response: NextResponse, csp: string): NextResponse {
  response.headers.set('Content-Security-Policy', csp);
  for (const [name, value] of Object.entries(SECURITY_HEADERS)) response.headers.set(name, value);
  return response;
}

export const config = {
  matcher: '/:path*',
};
