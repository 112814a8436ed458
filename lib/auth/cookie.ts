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

/** A cookie value that proves a login: when it was issued, signed. */
export function issueCookieValue(now = Date.now()): string {
  const payload = `v1.${now}`;
  return `${payload}.${signature(payload).toString('base64url')}`;
}

export function isValidCookieValue(value: string | undefined, now = Date.now()): boolean {
  if (!value) return false;
  const match = /^(v1\.(\d{13}))\.([A-Za-z0-9_-]{43})$/.exec(value);
  if (!match) return false;
  const issuedAt = Number(match[2]);
  if (issuedAt > now + 60_000 || now - issuedAt > COOKIE_MAX_AGE_SECONDS * 1000) return false;
  // Compared as text: decoding would accept other spellings of the same bytes.
  return timingSafeEqual(Buffer.from(match[3]), Buffer.from(signature(match[1]).toString('base64url')));
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

export function sessionCookie(secure: boolean, value = issueCookieValue()): CookieOptions {
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
