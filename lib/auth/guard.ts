import { clientKey } from './client-address';
import { cookieValueFrom } from './cookie';
import { isAllowedHost, isSameOrigin } from './hosts';
import { isVouchedFor } from './internal';
import { isLiveLogin } from './logins';
import { guessLimiter } from './rate-limit';
import { isValidToken } from './token';

export type Denial = { status: 401 | 403 | 429; error: string; retryAfterSeconds?: number };
/** internal: a request this server made for a caller it had already authenticated. */
export type Credential = 'bearer' | 'cookie' | 'internal';
export type Verdict = { ok: true; credential: Credential } | { ok: false; denial: Denial };

/** What a guard needs to know of a request, whether it comes as a Request or through next/headers. */
export type RequestFacts = {
  method: string;
  headers: Headers;
  cookie: (name: string) => string | undefined;
};

const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

const deny = (status: Denial['status'], error: string, retryAfterSeconds?: number): Verdict => ({
  ok: false,
  denial: { status, error, retryAfterSeconds },
});

const seconds = (ms: number) => Math.max(1, Math.ceil(ms / 1000));

/**
 * Checks a token offered by a client, slowing down whoever keeps guessing: a limited client waits
 * even for the right token (so a guess is not confirmed sooner), and is told it is rate-limited.
 */
export async function checkOfferedToken(token: string, headers: Headers): Promise<Verdict> {
  const attempt = await guessLimiter().attempt(clientKey(headers), () => isValidToken(token));
  switch (attempt.outcome) {
    case 'right':
      return { ok: true, credential: 'bearer' };
    case 'wrong':
      return deny(401, 'invalid token');
    case 'limited':
      return deny(
        429,
        `rate-limited: too many wrong tokens from this address; each try is answered after a delay (now ${seconds(attempt.retryAfterMs)} s)`,
        seconds(attempt.retryAfterMs),
      );
    case 'busy':
      return deny(
        429,
        'rate-limited: too many wrong tokens from this address, and an earlier try from it is still waiting',
        seconds(attempt.retryAfterMs),
      );
    default: {
      const never: never = attempt;
      return never;
    }
  }
}

/** Host, then Origin: checks that hold whatever the credential. */
export function checkSite({ method, headers }: RequestFacts): Verdict | undefined {
  if (!isAllowedHost(headers.get('host'))) {
    return deny(403, 'this host name is not allowed: add it to ALLOWED_HOSTS');
  }
  const origin = headers.get('origin');
  if (origin !== null && STATE_CHANGING.has(method) && !isSameOrigin(origin, headers)) {
    return deny(403, 'cross-origin request refused');
  }
  return undefined;
}

function isSameSiteBrowserRequest(headers: Headers): boolean {
  const origin = headers.get('origin');
  if (origin !== null) return isSameOrigin(origin, headers);
  return headers.get('sec-fetch-site') === 'same-origin';
}

/**
 * Every API request: an allowed Host; a Bearer token or the login cookie; and for a
 * state-changing request carried by the cookie, proof that it comes from this origin (CSRF).
 */
export async function authorize(request: RequestFacts): Promise<Verdict> {
  const site = checkSite(request);
  if (site) return site;
  if (isVouchedFor(request.headers)) return { ok: true, credential: 'internal' };

  // Only a Bearer token is ours: another scheme (a reverse proxy's Basic auth) leaves the cookie to decide.
  const bearer = /^Bearer\s+(\S+)\s*$/i.exec(request.headers.get('authorization') ?? '');
  if (bearer) return checkOfferedToken(bearer[1], request.headers);

  if (!isLiveLogin(cookieValueFrom(request.cookie))) {
    return deny(401, 'authentication required: send "Authorization: Bearer <token>" or log in');
  }
  if (STATE_CHANGING.has(request.method) && !isSameSiteBrowserRequest(request.headers)) {
    return deny(403, 'cross-site request refused: no same-origin Origin or Sec-Fetch-Site');
  }
  return { ok: true, credential: 'cookie' };
}

export function denialResponse(denial: Denial): Response {
  const headers: HeadersInit = denial.retryAfterSeconds ? { 'Retry-After': String(denial.retryAfterSeconds) } : {};
  if (denial.status === 401) Object.assign(headers, { 'WWW-Authenticate': 'Bearer realm="active-sessions"' });
  return Response.json({ error: denial.error }, { status: denial.status, headers });
}
