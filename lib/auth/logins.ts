import { randomBytes } from 'node:crypto';
import { writeOrRefuse } from '@/store/health';
import { deleteAllLogins, deleteLogin, insertLogin, loginExists } from '@/store/logins';
import { COOKIE_MAX_AGE_SECONDS, issueCookieValue, signedLoginId } from './cookie';

/** A new login, recorded on the server: returns the cookie value that proves it. */
export function startLogin(now = Date.now()): string {
  const id = randomBytes(16).toString('base64url');
  writeOrRefuse('a login', 'the login was not recorded', () =>
    insertLogin({ id, createdAt: new Date(now), expiredBefore: new Date(now - COOKIE_MAX_AGE_SECONDS * 1000) }),
  );
  return issueCookieValue(id, now);
}

/** A signed, unexpired cookie whose login has not been ended by a logout. */
export function isLiveLogin(cookieValue: string | undefined, now = Date.now()): boolean {
  const id = signedLoginId(cookieValue, now);
  return id !== null && loginExists(id);
}

/** Logout: this cookie's login is over, wherever a copy of the cookie is. */
export function endLogin(cookieValue: string | undefined): void {
  const id = signedLoginId(cookieValue);
  if (id !== null) deleteLogin(id);
}

/** Log out everywhere: every login ends, this one included. */
export function endAllLogins(): void {
  deleteAllLogins();
}
