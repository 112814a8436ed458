import { setTimeout as delay } from 'node:timers/promises';
import type { ChunkJson } from '@/core/contract';
import type { Context } from './context';
import { exitCodeOf } from './exit-code';
import { outage } from './outage';

/** A chunk where a terminal user expects it: stdout to stdout, stderr and the console's own lines to stderr; or one JSON line. */
export function writeChunk(context: Context, chunk: ChunkJson, json: boolean): void {
  if (json) context.stdout.write(`${JSON.stringify(chunk)}\n`);
  else (chunk.stream === 'stdout' ? context.stdout : context.stderr).write(chunk.text);
}

/**
 * Writes the session's output after `after` as it arrives, until the session has ended and all of
 * it was written; answers the session's exit code. A stream that closes or breaks before its end
 * (a proxy's idle timeout, a server restart) is opened again from the last chunk written, so
 * nothing is lost or written twice; after a minute without an answer, the error stands.
 * `write` replaces writeChunk for a caller that shows chunks its own way.
 */
export async function followToEnd(
  context: Context,
  id: string,
  {
    after = 0,
    json = false,
    signal,
    write = (chunk) => writeChunk(context, chunk, json),
  }: { after?: number; json?: boolean; signal?: AbortSignal; write?: (chunk: ChunkJson) => void } = {},
): Promise<number> {
  let cursor = after;
  const connection = outage();
  for (;;) {
    const before = cursor;
    let ended = false;
    try {
      // Each time the server answers, an outage is over: a later one is timed from its own start.
      for await (const item of context.client.stream(id, { after: cursor, signal, onOpen: connection.reached })) {
        if (item.type === 'end') {
          ended = true;
          break;
        }
        write(item.chunk);
        cursor = item.chunk.seq;
      }
    } catch (error) {
      if (signal?.aborted) throw error;
      connection.waitOut(error);
    }
    if (ended) break;
    if (cursor === before) await delay(1000, undefined, { signal });
  }
  return exitCodeOf(await context.client.getSession(id));
}
