'use client';

import { KeyRound, LoaderCircle, SquareTerminal } from 'lucide-react';
import { useActionState, useEffect, useState } from 'react';
import { login, type LoginState } from '@/app/login/actions';
import { Button } from '@/components/ui/button';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card';
import { Input } from '@/components/ui/input';
import { Label } from '@/components/ui/label';
import { safeFragment } from '@/lib/auth/return-path';

type Props = { returnTo: string; initialError?: string };

export function LoginForm({ returnTo, initialError }: Props) {
  const [state, action, pending] = useActionState<LoginState, FormData>(
    login,
    initialError ? { status: 'error', message: initialError } : { status: 'idle' },
  );

  // A line anchor of the deep link (#L123) came along in the address; it goes on after login.
  const [hash, setHash] = useState('');
  useEffect(() => setHash(window.location.hash), []);

  // The login cookie is SameSite=Strict, so a link followed from another site (a chat) arrives
  // without it. A same-origin request does carry it: if it says we are signed in, go on.
  useEffect(() => {
    const controller = new AbortController();
    fetch('/api/auth/session', { signal: controller.signal })
      .then((response) => {
        if (response.ok) return response.json();
      })
      .then((body?: { authenticated?: boolean }) => {
        if (body?.authenticated) window.location.replace(returnTo + safeFragment(window.location.hash));
      })
      .catch(() => undefined);
    return () => controller.abort();
  }, [returnTo]);

  return (
    <Card className="w-full max-w-sm">
      <CardHeader>
        <span className="bg-primary text-primary-foreground mb-2 grid size-9 place-items-center rounded-md">
          <SquareTerminal className="size-5" aria-hidden />
        </span>
        <CardTitle role="heading" aria-level={1} className="text-xl">
          Log in to Active Sessions
        </CardTitle>
        <CardDescription>
          {/* Where the token is, without the server's paths: this page is shown to anyone. */}
          Enter the access token. The server printed a login link in its log when it started. The token is the one
          it was given (<code className="font-mono text-xs">ACTIVE_SESSIONS_TOKEN</code> or{' '}
          <code className="font-mono text-xs">ACTIVE_SESSIONS_TOKEN_FILE</code>), or else the one in the{' '}
          <code className="font-mono text-xs">token</code> file beside its database.
        </CardDescription>
      </CardHeader>
      <CardContent>
        <form action={action} className="flex flex-col gap-4" aria-label="Log in">
          <input type="hidden" name="next" value={returnTo} />
          <input type="hidden" name="hash" value={hash} />
          <div className="flex flex-col gap-2">
            <Label htmlFor="token">Access token</Label>
            <Input
              id="token"
              name="token"
              type="password"
              autoComplete="current-password"
              autoFocus
              required
              aria-invalid={state.status === 'error' ? true : undefined}
              aria-describedby={state.status === 'error' ? 'token-error' : undefined}
              className="font-mono"
            />
            {state.status === 'error' && (
              <p id="token-error" role="alert" className="text-destructive text-sm">
                {state.message}
              </p>
            )}
          </div>
          <Button type="submit" disabled={pending}>
            {pending ? <LoaderCircle className="animate-spin" aria-hidden /> : <KeyRound aria-hidden />}
            Log in
          </Button>
        </form>
      </CardContent>
    </Card>
  );
}
