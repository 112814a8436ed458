'use client';

import { useEffect, useState } from 'react';

/**
 * The current time, ticking every second. Starts from the server's clock so that the first client
 * render matches the server's HTML exactly (no hydration mismatch).
 */
export function useNow(serverNow: number, active = true): number {
  const [now, setNow] = useState(serverNow);
  useEffect(() => {
    if (!active) return;
    setNow(Date.now());
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [active]);
  return now;
}
