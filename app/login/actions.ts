'use server';

import { cookies, headers } from 'next/headers';
import { isAppError } from '@/core/errors';
import { redirect } from 'next/navigation';
import { COOKIE_NAME, SECURE_COOKIE_NAME, sessionCookie } from '@/lib/auth/cookie';
import { checkOfferedToken, checkSite } from '@/lib/auth/guard';
import { endAllLogins, endLogin, startLogin } from '@/lib/auth/logins';
import { actionAuthError, currentCookieValue, isSecureRequest } from '@/lib/auth/server';
import { safeFragment, safeReturnPath } from '@/lib/auth/return-path';
import { LOGIN_ERRORS, loginErrorFor } from '@/lib/auth/login-errors';

export type LoginState = { status: 'idle' } | { status: 'error'; message: string };

/** The public door: exchanges the token for a signed, httpOnly, SameSite=Strict cookie naming a new login. */
export async function login(_previous: LoginState, form: FormData): Promise<LoginState> {
  const requestHeaders = new Headers(await headers());
  const site = checkSite({ method: 'POST', headers: requestHeaders, cookie: () => undefined });
  if (site && !site.ok) return { status: 'error', message: site.denial.error };
  const token = form.get('token');
  if (typeof token !== 'string' || token.trim() === '') return { status: 'error', message: 'Enter the access token.' };
  const verdict = await checkOfferedToken(token.trim(), requestHeaders);
  if (!verdict.ok) return { status: 'error', message: LOGIN_ERRORS[loginErrorFor(verdict.denial.status)] };
  let login: string;
  try {
    login = startLogin();
  } catch (error) {
    if (!isAppError(error)) throw error;
    return { status: 'error', message: LOGIN_ERRORS.store };
  }
  (await cookies()).set(sessionCookie(await isSecureRequest(), login));
  redirect(safeReturnPath(form.get('next')) + safeFragment(form.get('hash')));
}

async function forgetCookie(): Promise<void> {
  const store = await cookies();
  store.delete(COOKIE_NAME);
  store.delete({ name: SECURE_COOKIE_NAME, path: '/', secure: true });
}

/** Ends this login on the server: a copy of the cookie kept elsewhere no longer opens anything. */
export async function logout(): Promise<void> {
  // Signing out is harmless, but only this site's pages may ask for it.
  if (await actionAuthError()) redirect('/login');
  endLogin(await currentCookieValue());
  await forgetCookie();
  redirect('/login');
}

/** Ends every login, in every browser: for a cookie that may have been copied or a device left signed in. */
export async function logoutEverywhere(): Promise<void> {
  if (await actionAuthError()) redirect('/login');
  endAllLogins();
  await forgetCookie();
  redirect('/login');
}
