import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { LoginForm } from '@/components/login-form';
import { safeReturnPath } from '@/lib/auth/return-path';
import { isSignedIn } from '@/lib/auth/server';
import { LOGIN_ERRORS } from '@/lib/auth/login-errors';

export const metadata: Metadata = { title: 'Log in' };

type Props = { searchParams: Promise<{ next?: string | string[]; error?: string | string[] }> };

export default async function LoginPage({ searchParams }: Props) {
  const { next, error } = await searchParams;
  const returnTo = safeReturnPath(Array.isArray(next) ? next[0] : next);
  if (await isSignedIn()) redirect(returnTo);
  const initialError = error === 'limited' || error === 'store' ? LOGIN_ERRORS[error] : error ? LOGIN_ERRORS.invalid : undefined;
  return (
    <main className="bg-muted/40 flex min-h-dvh items-center justify-center p-4">
      <LoginForm returnTo={returnTo} initialError={initialError} />
    </main>
  );
}
