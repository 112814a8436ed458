/**
 * Slows down guessing: after a few wrong tokens from one client, it must wait, and the wait doubles
 * with each further failure. A right token clears the slate.
 */
const FREE_FAILURES = 5;
const WINDOW_MS = 15 * 60 * 1000;
const MAX_WAIT_MS = 5 * 60 * 1000;
const MAX_CLIENTS = 10_000;

type Failures = { failures: number; first: number; blockedUntil: number };

const globalForLimiter = globalThis as unknown as { activeSessionsLimiter?: Map<string, Failures> };
const clients = (globalForLimiter.activeSessionsLimiter ??= new Map());

/** Milliseconds this client must still wait before its next try, 0 if it may try now. */
export function retryAfterMs(client: string, now = Date.now()): number {
  const record = clients.get(client);
  if (!record) return 0;
  return Math.max(0, record.blockedUntil - now);
}

export function recordFailure(client: string, now = Date.now()): void {
  let record = clients.get(client);
  if (!record || now - record.first > WINDOW_MS) {
    record = { failures: 0, first: now, blockedUntil: 0 };
    if (clients.size >= MAX_CLIENTS) clients.delete(clients.keys().next().value as string);
    clients.set(client, record);
  }
  record.failures++;
  if (record.failures >= FREE_FAILURES) {
    record.blockedUntil = now + Math.min(MAX_WAIT_MS, 1000 * 2 ** (record.failures - FREE_FAILURES));
  }
}

export function recordSuccess(client: string): void {
  clients.delete(client);
}

/** Who is asking: the nearest hop in X-Forwarded-For (set by Next.js or a reverse proxy). */
export function clientKey(headers: Headers): string {
  const forwarded = headers.get('x-forwarded-for');
  const hops = forwarded?.split(',').map((hop) => hop.trim()).filter(Boolean) ?? [];
  return hops.at(-1) ?? 'unknown';
}
