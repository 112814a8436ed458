import { isServerUnavailable, type ActiveSessionsClient } from '@/client';

/** No wait may outlast this: clients give up on a tool call after about 60 s. */
export const MAX_WAIT_MS = 45_000;

// Larger than any chunk's seq: a stream from here carries no output, only the end.
const NO_OUTPUT = 9_000_000_000_000_000;

// A stream broken off (the web server restarting) is opened again this long after.
const RECONNECT_MS = 500;

type Heard = 'end' | 'chunk' | 'timeout';

/**
 * Listens to a session's live stream from `after` until `stop` says so, the stream ends, or `ms`
 * pass; resolves to what `stop` last saw ('end', 'chunk'), or 'timeout'. Woken by the server's own
 * notifications: nothing here polls. A stream that breaks off or closes before the end (the web
 * server restarting: the session runs on) is opened again until the deadline. The deadline holds
 * whatever the stream does: each next event is raced against it, for a stream need not notice its
 * abort (an in-process one reading a body whose producer waits for output does not) and would hold
 * the wait until its next event.
 */
async function listen(
  client: ActiveSessionsClient,
  id: string,
  { after, ms, stopAtChunk, signal }: { after: number; ms: number; stopAtChunk: boolean; signal?: AbortSignal },
): Promise<Heard> {
  const controller = new AbortController();
  const abort = () => controller.abort();
  const timer = setTimeout(abort, Math.min(ms, MAX_WAIT_MS));
  signal?.addEventListener('abort', abort);
  if (signal?.aborted) abort();
  const deadline = new Promise<'timeout'>((resolve) => {
    if (controller.signal.aborted) resolve('timeout');
    controller.signal.addEventListener('abort', () => resolve('timeout'));
  });
  try {
    for (;;) {
      const heard = await listenOnce(client, id, { after, stopAtChunk, signal: controller.signal, deadline });
      if (heard !== 'broken') return heard;
      const paused = await Promise.race([new Promise((resolve) => setTimeout(resolve, RECONNECT_MS)), deadline]);
      if (paused === 'timeout') return 'timeout';
    }
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener('abort', abort);
    // Ends the stream on the server too.
    controller.abort();
  }
}

/** One stream, from its opening until `listen` has heard enough, or it broke off ('broken'). */
async function listenOnce(
  client: ActiveSessionsClient,
  id: string,
  { after, stopAtChunk, signal, deadline }: { after: number; stopAtChunk: boolean; signal: AbortSignal; deadline: Promise<'timeout'> },
): Promise<Heard | 'broken'> {
  const events = client.stream(id, { after, signal });
  try {
    for (;;) {
      const next = events.next();
      // Settles after the deadline when the stream does notice the abort: nobody awaits it then.
      next.catch(() => {});
      const item = await Promise.race([next, deadline]);
      if (item === 'timeout') return 'timeout';
      if (item.done) return 'broken';
      if (item.value.type === 'end') return 'end';
      if (stopAtChunk) return 'chunk';
    }
  } catch (error) {
    if (signal.aborted) return 'timeout';
    if (isServerUnavailable(error)) return 'broken';
    throw error;
  } finally {
    // Ends the generator once its pending event settles.
    events.return(undefined).catch(() => {});
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

// How often a wait looks whether a terminal session has come to wait for input (the host judges it
// after 2 s of quiet output, so this adds little).
const INPUT_POLL_MS = 250;

/**
 * Like waitForEnd, but also done once a terminal session waits for input: an interactive program
 * asks its question and would otherwise hold the call for all of `ms`. 'input' then.
 */
export async function waitForEndOrInput(client: ActiveSessionsClient, id: string, ms: number): Promise<'end' | 'input' | 'timeout'> {
  const controller = new AbortController();
  let waiting = false;
  const watch = (async () => {
    while (!controller.signal.aborted) {
      await new Promise((resolve) => setTimeout(resolve, INPUT_POLL_MS));
      if (controller.signal.aborted) return;
      try {
        if ((await client.getSession(id)).waitingForInput) {
          waiting = true;
          controller.abort();
        }
      } catch (error) {
        // The web server restarting: the stream's wait rides it out, and so does this look.
        if (!isServerUnavailable(error)) throw error;
      }
    }
  })().catch(() => undefined);
  const ended = await waitForEnd(client, id, ms, controller.signal);
  controller.abort();
  await watch;
  return ended ? 'end' : waiting ? 'input' : 'timeout';
}
