'use client';

import { useSyncExternalStore } from 'react';

const never = () => () => undefined;

/** The host name the browser reached the console by (`[::1]` brackets included); null on the server. */
export function useConsoleHostname(): string | null {
  return useSyncExternalStore(
    never,
    () => window.location.hostname,
    () => null,
  );
}
