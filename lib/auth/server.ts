import 'server-only';
import { cookies, headers } from 'next/headers';
import { redirect } from 'next/navigation';
import { cookieValueFrom } from './cookie';
import { authorize, checkSite, type RequestFacts } from './guard';
import { requestScheme } from './hosts';
import { isLiveLogin } from './logins';

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
  const verdict = await authorize(await currentRequest('POST'));
  return verdict.ok ? null : verdict.denial.error;
}

/** The login cookie's value, whichever of its two names the browser sent. */
export async function currentCookieValue(): Promise<string | undefined> {
  const cookieStore = await cookies();
  return cookieValueFrom((name) => cookieStore.get(name)?.value);
}

export async function isSignedIn(): Promise<boolean> {
  return isLiveLogin(await currentCookieValue());
}

/** For pages: a visitor without a valid login goes to the login page, and comes back after. */
export async function requirePageAuth(returnTo: string): Promise<void> {
  const request = await currentRequest('GET');
  const site = checkSite(request);
  if (site && !site.ok) throw new Error(site.denial.error);
  if (!isLiveLogin(cookieValueFrom(request.cookie))) {
    redirect(`/login?next=${encodeURIComponent(returnTo)}`);
  }
}

/** Whether the page was requested over HTTPS (directly, or behind a TLS-terminating proxy). */
export async function isSecureRequest(): Promise<boolean> {
  return requestScheme(new Headers(await headers())) === 'https';
}
