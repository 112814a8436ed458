import { NextResponse, type NextRequest } from 'next/server';
import { cookieValueFrom, isValidCookieValue, sessionCookie } from '@/lib/auth/cookie';
import { checkOfferedToken } from '@/lib/auth/guard';
import { isAllowedHost } from '@/lib/auth/hosts';
import { contentSecurityPolicy, SECURITY_HEADERS } from '@/lib/auth/headers';

/**
 * First line only: refuses foreign Host names, sets the security headers (with a fresh CSP nonce),
 * turns `?token=` into the login cookie, and sends signed-out visitors of pages to the login page.
 * Every route handler, server action and page checks authentication again itself.
 */
export function proxy(request: NextRequest) {
  if (!isAllowedHost(request.headers.get('host'))) {
    return withSecurityHeaders(
      NextResponse.json({ error: 'this host name is not allowed: add it to ALLOWED_HOSTS' }, { status: 403 }),
      contentSecurityPolicy(null),
    );
  }

  const { pathname, searchParams } = request.nextUrl;
  const secure = request.headers.get('x-forwarded-proto')?.split(',')[0].trim() === 'https';
  const offered = searchParams.get('token');
  if (offered !== null && request.method === 'GET') {
    const target = request.nextUrl.clone();
    target.searchParams.delete('token');
    // Another site could make the browser send wrong tokens here (an <img src>) to get this client
    // blocked: a token from a cross-site request is neither checked nor counted.
    if (request.headers.get('sec-fetch-site') === 'cross-site') {
      const login = new URL('/login', request.url);
      login.searchParams.set('next', `${target.pathname}${target.search}`);
      return withSecurityHeaders(NextResponse.redirect(login), contentSecurityPolicy(null));
    }
    const verdict = checkOfferedToken(offered, request.headers);
    if (!verdict.ok) {
      const login = new URL('/login', request.url);
      login.searchParams.set('next', `${target.pathname}${target.search}`);
      login.searchParams.set('error', 'invalid');
      return withSecurityHeaders(NextResponse.redirect(login), contentSecurityPolicy(null));
    }
    // Redirect so the token leaves the address bar and the history.
    const response = NextResponse.redirect(target);
    response.cookies.set(sessionCookie(secure));
    return withSecurityHeaders(response, contentSecurityPolicy(null));
  }

  const isPage = !pathname.startsWith('/api/') && !pathname.startsWith('/_next/') && pathname !== '/login' && !/\.\w+$/.test(pathname);
  if (isPage && !isValidCookieValue(cookieValueFrom((name) => request.cookies.get(name)?.value))) {
    const login = new URL('/login', request.url);
    login.searchParams.set('next', `${pathname}${request.nextUrl.search}`);
    return withSecurityHeaders(NextResponse.redirect(login), contentSecurityPolicy(null));
  }

  const nonce = Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString('base64');
  const csp = contentSecurityPolicy(nonce);
  // Next.js reads the nonce from the request's CSP header and puts it on its own scripts.
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set('content-security-policy', csp);
  return withSecurityHeaders(NextResponse.next({ request: { headers: requestHeaders } }), csp);
}

function withSecurityHeaders(response: NextResponse, csp: string): NextResponse {
  response.headers.set('Content-Security-Policy', csp);
  for (const [name, value] of Object.entries(SECURITY_HEADERS)) response.headers.set(name, value);
  return response;
}

export const config = {
  matcher: '/:path*',
};
