import { setTimeout as delay } from 'node:timers/promises';

/**
 * Delivers JSON bodies to one URL in the background: `send` only queues and returns, so nothing the
 * server does ever waits on the receiver. One delivery at a time, in order; each attempt has a
 * timeout, a failure is tried again after a doubling wait, and what still fails is logged and
 * dropped. Nothing here throws.
 */
export type Webhook = {
  send(body: unknown): void;
  /** Resolves once everything queued has been delivered or given up on. */
  idle(): Promise<void>;
};

export type WebhookOptions = {
  url: string;
  timeoutMs?: number;
  /** Attempts per body, the first included. */
  attempts?: number;
  /** The wait before the second attempt; each later one waits twice the one before. */
  firstRetryMs?: number;
  /** Bodies waiting past this many: the oldest waiting one is dropped, so a dead receiver costs bounded memory. */
  maxQueued?: number;
  log?: (message: string) => void;
};

type Outcome = { ok: true } | { ok: false; retry: boolean; why: string };

async function attempt(url: string, body: string, timeoutMs: number): Promise<Outcome> {
  try {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'user-agent': 'active-sessions' },
      body,
      cache: 'no-store',
      signal: AbortSignal.timeout(timeoutMs),
    });
    // Read to the end, so the connection goes back to the pool.
    await response.arrayBuffer().catch(() => undefined);
    if (response.ok) return { ok: true };
    // A receiver that refuses the request itself (400, 401, 404…) refuses it again: only its
    // trouble (5xx), or being asked to wait (408, 429), is worth another try.
    const retry = response.status >= 500 || response.status === 408 || response.status === 429;
    return { ok: false, retry, why: `HTTP ${response.status}` };
  } catch (error) {
    const why = error instanceof Error && error.name === 'TimeoutError' ? `no answer within ${timeoutMs} ms` : describe(error);
    return { ok: false, retry: true, why };
  }
}

function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = (error as Error & { cause?: unknown }).cause;
  return cause instanceof Error ? `${error.message}: ${cause.message}` : error.message;
}

export function createWebhook({
  url,
  timeoutMs = 5000,
  attempts = 5,
  firstRetryMs = 1000,
  maxQueued = 100,
  log = (message) => console.error(`[active-sessions] ${message}`),
}: WebhookOptions): Webhook {
  const queue: string[] = [];
  let draining: Promise<void> | undefined;
  const where = new URL(url).origin;

  async function deliver(body: string): Promise<void> {
    for (let tried = 1; ; tried++) {
      const outcome = await attempt(url, body, timeoutMs);
      if (outcome.ok) return;
      if (!outcome.retry || tried >= attempts) {
        log(`webhook to ${where} failed (${outcome.why}) after ${tried} attempt(s); this notification is dropped`);
        return;
      }
      // unref: a retry waiting never keeps the process alive.
      await delay(firstRetryMs * 2 ** (tried - 1), undefined, { ref: false });
    }
  }

  async function drain(): Promise<void> {
    for (let body = queue.shift(); body !== undefined; body = queue.shift()) {
      try {
        await deliver(body);
      } catch (error) {
        log(`webhook to ${where} failed: ${describe(error)}`);
      }
    }
    draining = undefined;
  }

  return {
    send(body) {
      let text: string;
      try {
        text = JSON.stringify(body);
      } catch (error) {
        log(`webhook body could not be written as JSON: ${describe(error)}`);
        return;
      }
      queue.push(text);
      if (queue.length > maxQueued) {
        queue.shift();
        log(`webhook to ${where} is behind by more than ${maxQueued} notifications: the oldest waiting one is dropped`);
      }
      draining ??= drain();
    },
    idle: () => draining ?? Promise.resolve(),
  };
}
