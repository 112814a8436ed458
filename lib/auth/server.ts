import 'server-only';
import { cookies, headers } from 'next/headers';
import { redirect } from 'next/navigation';
import { cookieValueFrom, isValidCookieValue } from './cookie';
import { authorize, checkSite, type RequestFacts } from './guard';

async function currentRequest(method: string): Promise<RequestFacts> {
  const [headerList, cookieStore] = await Promise.all([headers(), cookies()]);
  return { method, headers: new Headers(headerList), cookie: (name) => cookieStore.get(name)?.value };
}

/**
 * For every server action, first thing: the same checks as the API (Host, login cookie, and
 * same-origin proof, which Next's own check skips when Origin is missing). Returns why it is
 * refused, or null.
 */
export async function actionAuthError(): Promise<string | null> {
  const verdict = authorize(await currentRequest('POST'));
  return verdict.ok ? null : verdict.denial.error;
}

export async function isSignedIn(): Promise<boolean> {
  const cookieStore = await cookies();
  return isValidCookieValue(cookieValueFrom((name) => cookieStore.get(name)?.value));
}

/** For pages: a visitor without a valid login goes to the login page, and comes back after. */
export async function requirePageAuth(returnTo: string): Promise<void> {
  const request = await currentRequest('GET');
  const site = checkSite(request);
  if (site && !site.ok) throw new Error(site.denial.error);
  if (!isValidCookieValue(cookieValueFrom(request.cookie))) {
    redirect(`/login?next=${encodeURIComponent(returnTo)}`);
  }
}

/** Whether the page was requested over HTTPS (directly, or behind a TLS-terminating proxy). */
export async function isSecureRequest(): Promise<boolean> {
  const headerList = await headers();
  return headerList.get('x-forwarded-proto')?.split(',')[0].trim() === 'https';
}
