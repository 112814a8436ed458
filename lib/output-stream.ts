import { readOutput } from '@/store/output-read';
import { onOutput } from './output-events';

const PAGE = 200;
const HEARTBEAT_MS = 15_000;

/**
 * A session's output from `cursor` on, as Server-Sent Events: a `chunk` event per stored chunk
 * (its `id` the chunk's seq, for Last-Event-ID), heartbeats while quiet, and an `end` event once
 * the session has ended and all was sent. Woken by the runner's notifications, never polling; a
 * slow reader is sent more only when it has room.
 */
export function outputEventStream(id: string, cursor: number, signal: AbortSignal): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let controller!: ReadableStreamDefaultController<Uint8Array>;
  let closed = false;
  let queued = false;

  const write = (text: string) => controller.enqueue(encoder.encode(text));
  const close = () => {
    if (closed) return;
    closed = true;
    unsubscribe();
    clearInterval(heartbeat);
    signal.removeEventListener('abort', close);
    try {
      controller.close();
    } catch {
      // Already cancelled by the reader: nothing left to close.
    }
  };
  const sendPages = () => {
    while (!closed && (controller.desiredSize ?? 1) > 0) {
      const page = readOutput({ id, after: cursor, limit: PAGE });
      if (!page) return close();
      for (const chunk of page.chunks) {
        // Room is checked per chunk (in bytes): a slow reader never has more than ~1 MiB queued.
        if ((controller.desiredSize ?? 1) <= 0) return;
        const data = JSON.stringify({ ...chunk, at: chunk.at.toISOString() });
        write(`id: ${chunk.seq}\nevent: chunk\ndata: ${data}\n\n`);
        cursor = chunk.seq;
      }
      if (page.done && page.chunks.every((chunk) => chunk.seq <= cursor)) {
        write('event: end\ndata: {}\n\n');
        return close();
      }
      if (page.chunks.length < PAGE) return;
    }
  };
  const send = () => {
    queued = false;
    try {
      sendPages();
    } catch (error) {
      // A failed read ends this stream (the browser reconnects, or polls), never the server.
      console.error(`[active-sessions] output stream of session ${id} failed:`, error);
      close();
    }
  };
  const schedule = () => {
    if (closed || queued) return;
    queued = true;
    setImmediate(send);
  };
  const unsubscribe = onOutput(id, schedule);
  const heartbeat = setInterval(() => !closed && write(': heartbeat\n\n'), HEARTBEAT_MS);
  signal.addEventListener('abort', close);

  return new ReadableStream<Uint8Array>(
    {
      start(c) {
        controller = c;
        if (signal.aborted) return close();
        write('retry: 2000\n\n');
        send();
      },
      pull: schedule,
      cancel: close,
    },
    { highWaterMark: 1024 * 1024, size: (chunk) => chunk.byteLength },
  );
}
