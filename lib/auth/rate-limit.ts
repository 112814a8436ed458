/**
 * Slows down guessing: after a few wrong tokens from one client, it must wait, and the wait doubles
 * with each further failure. A right token clears that client's slate.
 *
 * A client is known by X-Forwarded-For, which one that reaches the server directly can set to
 * anything. So all clients together are limited too, more loosely: a guesser that changes the
 * header with every try still runs into that limit.
 */
type Limit = { freeFailures: number; maxWaitMs: number };

const PER_CLIENT: Limit = { freeFailures: 5, maxWaitMs: 5 * 60 * 1000 };
const ALL_CLIENTS: Limit = { freeFailures: 100, maxWaitMs: 60 * 1000 };
// Not a possible header value (no NUL in headers), so no client can be taken for everyone.
const EVERYONE = '\0everyone';
const WINDOW_MS = 15 * 60 * 1000;
const MAX_CLIENTS = 10_000;

type Failures = { failures: number; first: number; blockedUntil: number };

const globalForLimiter = globalThis as unknown as { activeSessionsLimiter?: Map<string, Failures> };
const clients = (globalForLimiter.activeSessionsLimiter ??= new Map());

/** Milliseconds this client must still wait before its next try, 0 if it may try now. */
export function retryAfterMs(client: string, now = Date.now()): number {
  const waits = [client, EVERYONE].map((key) => (clients.get(key)?.blockedUntil ?? 0) - now);
  return Math.max(0, ...waits);
}

export function recordFailure(client: string, now = Date.now()): void {
  count(client, PER_CLIENT, now);
  count(EVERYONE, ALL_CLIENTS, now);
}

export function recordSuccess(client: string): void {
  clients.delete(client);
}

function count(key: string, limit: Limit, now: number): void {
  let record = clients.get(key);
  if (!record || now - record.first > WINDOW_MS) {
    record = { failures: 0, first: now, blockedUntil: 0 };
    clients.delete(key);
    if (clients.size >= MAX_CLIENTS) evictOldestClient();
    clients.set(key, record);
  }
  record.failures++;
  if (record.failures >= limit.freeFailures) {
    record.blockedUntil = now + Math.min(limit.maxWaitMs, 1000 * 2 ** (record.failures - limit.freeFailures));
  }
}

// The oldest record goes first, but never the one that counts everyone.
function evictOldestClient(): void {
  for (const key of clients.keys()) {
    if (key === EVERYONE) continue;
    clients.delete(key);
    return;
  }
}

/** Who is asking: the nearest hop in X-Forwarded-For (set by Next.js or a reverse proxy). */
export function clientKey(headers: Headers): string {
  const forwarded = headers.get('x-forwarded-for');
  const hops = forwarded?.split(',').map((hop) => hop.trim()).filter(Boolean) ?? [];
  return hops.at(-1) ?? 'unknown';
}
