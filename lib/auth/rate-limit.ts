/**
 * Slows down guessing, one client at a time (lib/auth/client-address.ts says who a client is).
 *
 * After a few free failures, every try of that client, right or wrong, is answered only after a
 * delay that doubles with its failures up to a few seconds: guessing stays slow, and the owner
 * who shares the address (one NAT, one proxy not named in TRUSTED_PROXIES) still gets in, late
 * but never locked out. A right token clears the client's record.
 *
 * A limited client has one try under way at a time; a try sent alongside it is refused at once,
 * unchecked. Otherwise each parallel connection would be another guess per delay, and the rate
 * would grow with the connections the guesser opens. The price: an owner whose address a guesser
 * keeps busy may be told to retry.
 */

export type Attempt =
  | { outcome: 'right' }
  | { outcome: 'wrong' }
  // Wrong, from a client that is limited: its next try waits retryAfterMs.
  | { outcome: 'limited'; retryAfterMs: number }
  // Not checked: an earlier try of this limited client is still waiting.
  | { outcome: 'busy'; retryAfterMs: number };

export type LimiterOptions = {
  sleep: (ms: number) => Promise<void>;
  now: () => number;
  freeFailures: number;
  firstDelayMs: number;
  maxDelayMs: number;
  /** Records kept at most (the oldest goes first), so a flood of addresses cannot fill the memory. */
  maxClients: number;
  /** A client that has not failed for this long starts afresh. */
  forgetAfterMs: number;
};

const DEFAULTS: LimiterOptions = {
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  now: Date.now,
  freeFailures: 5,
  firstDelayMs: 250,
  maxDelayMs: 4000,
  maxClients: 10_000,
  forgetAfterMs: 15 * 60 * 1000,
};

type Failures = { failures: number; last: number; busy: boolean };

export class GuessLimiter {
  readonly options: LimiterOptions;
  private readonly clients = new Map<string, Failures>();

  constructor(options: Partial<LimiterOptions> = {}) {
    this.options = { ...DEFAULTS, ...options };
  }

  /** How long this client's next try will wait. */
  delayMs(client: string): number {
    const failures = this.record(client)?.failures ?? 0;
    const { freeFailures, firstDelayMs, maxDelayMs } = this.options;
    return failures < freeFailures ? 0 : Math.min(maxDelayMs, firstDelayMs * 2 ** (failures - freeFailures));
  }

  /** Runs `isRight` for this client's try, after the client's delay. */
  async attempt(client: string, isRight: () => boolean): Promise<Attempt> {
    const delay = this.delayMs(client);
    const record = this.record(client);
    if (delay > 0 && record) {
      if (record.busy) return { outcome: 'busy', retryAfterMs: delay };
      record.busy = true;
      try {
        await this.options.sleep(delay);
      } finally {
        record.busy = false;
      }
    }
    if (isRight()) {
      this.clients.delete(client);
      return { outcome: 'right' };
    }
    this.recordFailure(client);
    return delay > 0 ? { outcome: 'limited', retryAfterMs: this.delayMs(client) } : { outcome: 'wrong' };
  }

  private record(client: string): Failures | undefined {
    const record = this.clients.get(client);
    if (record && this.options.now() - record.last > this.options.forgetAfterMs) {
      this.clients.delete(client);
      return undefined;
    }
    return record;
  }

  private recordFailure(client: string): void {
    const record = this.record(client) ?? { failures: 0, last: 0, busy: false };
    record.failures++;
    record.last = this.options.now();
    // Moved to the end: the map's order is the order of last failure, oldest first.
    this.clients.delete(client);
    if (this.clients.size >= this.options.maxClients) this.clients.delete(this.clients.keys().next().value!);
    this.clients.set(client, record);
  }

  get size(): number {
    return this.clients.size;
  }
}

const globalForLimiter = globalThis as unknown as { activeSessionsGuessLimiter?: GuessLimiter };

/** The process's one limiter (kept on globalThis: the proxy and the route handlers are bundled apart). */
export function guessLimiter(): GuessLimiter {
  return (globalForLimiter.activeSessionsGuessLimiter ??= new GuessLimiter());
}

/** For tests: a limiter with a fake sleep or clock, and no record of earlier tests' guesses. */
export function replaceGuessLimiter(limiter: GuessLimiter): GuessLimiter {
  return (globalForLimiter.activeSessionsGuessLimiter = limiter);
}
