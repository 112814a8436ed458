import { createHmac, timingSafeEqual } from 'node:crypto';
import { accessToken } from './token';

export const COOKIE_NAME = 'active_sessions';
// Over HTTPS the __Host- prefix makes the browser refuse the cookie unless Secure, path=/, no Domain.
export const SECURE_COOKIE_NAME = '__Host-active_sessions';
export const COOKIE_MAX_AGE_SECONDS = 7 * 24 * 60 * 60;

// Keyed by the token itself: changing the token signs everyone out.
function signature(payload: string): Buffer {
  const key = createHmac('sha256', accessToken().value).update('active-sessions cookie v1').digest();
  return createHmac('sha256', key).update(payload).digest();
}

/** A cookie value that proves a login: which one (a row of the logins table), when it was issued, signed. */
export function issueCookieValue(loginId: string, now = Date.now()): string {
  const payload = `v2.${now}.${loginId}`;
  return `${payload}.${signature(payload).toString('base64url')}`;
}

/**
 * The login a cookie value names, when its signature holds and it has not expired. Whether that
 * login still exists (no logout ended it) is for lib/auth/logins.ts to say.
 */
export function signedLoginId(value: string | undefined, now = Date.now()): string | null {
  if (!value) return null;
  const match = /^(v2\.(\d{13})\.([A-Za-z0-9_-]{22}))\.([A-Za-z0-9_-]{43})$/.exec(value);
  if (!match) return null;
  const issuedAt = Number(match[2]);
  if (issuedAt > now + 60_000 || now - issuedAt > COOKIE_MAX_AGE_SECONDS * 1000) return null;
  // Compared as text: decoding would accept other spellings of the same bytes.
  const signed = timingSafeEqual(Buffer.from(match[4]), Buffer.from(signature(match[1]).toString('base64url')));
  return signed ? match[3] : null;
}

export type CookieOptions = {
  name: string;
  value: string;
  httpOnly: true;
  sameSite: 'strict';
  secure: boolean;
  path: '/';
  maxAge: number;
};

export function sessionCookie(secure: boolean, value: string): CookieOptions {
  return {
    name: secure ? SECURE_COOKIE_NAME : COOKIE_NAME,
    value,
    httpOnly: true,
    sameSite: 'strict',
    secure,
    path: '/',
    maxAge: COOKIE_MAX_AGE_SECONDS,
  };
}

/** Reads whichever of the two cookie names the browser sent. */
export function cookieValueFrom(get: (name: string) => string | undefined): string | undefined {
  return get(SECURE_COOKIE_NAME) ?? get(COOKIE_NAME);
}
