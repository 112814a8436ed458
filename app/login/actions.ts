'use server';

import { cookies, headers } from 'next/headers';
import { redirect } from 'next/navigation';
import { COOKIE_NAME, SECURE_COOKIE_NAME, sessionCookie } from '@/lib/auth/cookie';
import { checkOfferedToken, checkSite } from '@/lib/auth/guard';
import { actionAuthError, isSecureRequest } from '@/lib/auth/server';
import { safeFragment, safeReturnPath } from '@/lib/auth/return-path';

export type LoginState = { status: 'idle' } | { status: 'error'; message: string };

/** The public door: exchanges the token for a signed, httpOnly, SameSite=Strict cookie. */
export async function login(_previous: LoginState, form: FormData): Promise<LoginState> {
  const requestHeaders = new Headers(await headers());
  const site = checkSite({ method: 'POST', headers: requestHeaders, cookie: () => undefined });
  if (site && !site.ok) return { status: 'error', message: site.denial.error };
  const token = form.get('token');
  if (typeof token !== 'string' || token.trim() === '') return { status: 'error', message: 'Enter the access token.' };
  const verdict = checkOfferedToken(token.trim(), requestHeaders);
  if (!verdict.ok) {
    return {
      status: 'error',
      message: verdict.denial.status === 429 ? 'Too many wrong tokens. Wait a moment and try again.' : 'That token is not right.',
    };
  }
  (await cookies()).set(sessionCookie(await isSecureRequest()));
  redirect(safeReturnPath(form.get('next')) + safeFragment(form.get('hash')));
}

export async function logout(): Promise<void> {
  // Signing out is harmless, but only this site's pages may ask for it.
  if (await actionAuthError()) redirect('/login');
  const store = await cookies();
  store.delete(COOKIE_NAME);
  store.delete({ name: SECURE_COOKIE_NAME, path: '/', secure: true });
  redirect('/login');
}
