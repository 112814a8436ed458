import type { ActiveSessionsClient } from '@/client';

/** No wait may outlast this: clients give up on a tool call after about 60 s. */
export const MAX_WAIT_MS = 45_000;

// Larger than any chunk's seq: a stream from here carries no output, only the end.
const NO_OUTPUT = 9_000_000_000_000_000;

/**
 * Listens to a session's live stream from `after` until `stop` says so, the stream ends, or `ms`
 * pass; resolves to what `stop` last saw ('end', 'chunk'), or 'timeout'. Woken by the server's own
 * notifications: nothing here polls.
 */
async function listen(
  client: ActiveSessionsClient,
  id: string,
  { after, ms, stopAtChunk, signal }: { after: number; ms: number; stopAtChunk: boolean; signal?: AbortSignal },
): Promise<'end' | 'chunk' | 'timeout'> {
  const controller = new AbortController();
  const abort = () => controller.abort();
  const timer = setTimeout(abort, Math.min(ms, MAX_WAIT_MS));
  signal?.addEventListener('abort', abort);
  try {
    for await (const item of client.stream(id, { after, signal: controller.signal })) {
      if (item.type === 'end') return 'end';
      if (stopAtChunk) return 'chunk';
    }
    return 'timeout';
  } catch (error) {
    if (controller.signal.aborted) return 'timeout';
    throw error;
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener('abort', abort);
    // Ends the stream on the server too.
    controller.abort();
  }
}

/** True once the session has ended, false when `ms` passed first (or `signal` aborted). */
export async function waitForEnd(client: ActiveSessionsClient, id: string, ms: number, signal?: AbortSignal): Promise<boolean> {
  return (await listen(client, id, { after: NO_OUTPUT, ms, stopAtChunk: false, signal })) === 'end';
}

/** Resolves when output after `after` exists, the session ends, or `ms` pass. */
export async function waitForOutput(client: ActiveSessionsClient, id: string, after: number, ms: number): Promise<void> {
  await listen(client, id, { after, ms, stopAtChunk: true });
}

/** Waits until any of the sessions ends, or `ms` pass; the ids of those that ended. */
export async function waitForAny(client: ActiveSessionsClient, ids: readonly string[], ms: number): Promise<string[]> {
  const controller = new AbortController();
  const ended: string[] = [];
  await Promise.all(
    ids.map(async (id) => {
      if (await waitForEnd(client, id, ms, controller.signal)) {
        ended.push(id);
        controller.abort();
      }
    }),
  );
  return ended;
}
