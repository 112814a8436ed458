import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { cookies } from 'next/headers';
import { LoginForm } from '@/components/login-form';
import { cookieValueFrom, isValidCookieValue } from '@/lib/auth/cookie';
import { safeReturnPath } from '@/lib/auth/return-path';
import { tokenFilePath, accessToken } from '@/lib/auth/token';

export const metadata: Metadata = { title: 'Log in' };

type Props = { searchParams: Promise<{ next?: string | string[]; error?: string | string[] }> };

export default async function LoginPage({ searchParams }: Props) {
  const { next, error } = await searchParams;
  const returnTo = safeReturnPath(Array.isArray(next) ? next[0] : next);
  const store = await cookies();
  if (isValidCookieValue(cookieValueFrom((name) => store.get(name)?.value))) redirect(returnTo);
  const where =
    accessToken().source === 'env' ? 'the ACTIVE_SESSIONS_TOKEN variable the server was started with' : tokenFilePath();
  return (
    <main className="bg-muted/40 flex min-h-dvh items-center justify-center p-4">
      <LoginForm returnTo={returnTo} tokenLocation={where} initialError={error ? 'That token is not right.' : undefined} />
    </main>
  );
}
