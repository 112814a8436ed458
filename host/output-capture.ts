import type { SegmentAppender } from '@/store/output-files';
import type { OutputEntry } from '@/store/output-write';

/** written; busy: the store asks to wait a moment; failed: the write went wrong. */
export type PersistResult = 'written' | 'busy' | 'failed';

// The store says busy for a few milliseconds at a time: look again soon.
const BUSY_RETRY_MS = 5;
// A store or disk that refused a write (a full disk) is asked again less and less often, down to this.
const MAX_FAILED_RETRY_MS = 2000;
// An index row covers at most this much of the file (or one read): reading a line reads its rows.
const MAX_ROW_BYTES = 64 * 1024;
// Reads gathered in one turn are written at once past this much, without waiting for its end.
const MAX_INCOMING_BYTES = 1024 * 1024;

export type OutputCaptureOptions = {
  file: SegmentAppender;
  /** Indexes a batch; anything but written means it was not, and is kept for the next try. */
  persist: (entries: OutputEntry[]) => PersistResult;
  /** Called with true when bytes the disk refused pile up past the bound, and false once written. */
  onBackpressure: (paused: boolean) => void;
  /** Past this size the next read starts a new segment file (what MAX_OUTPUT_BYTES drops whole). */
  segmentBytes: number;
  /** The least time between two index writes while output streams; quiet output is indexed at once. */
  flushIntervalMs?: number;
  maxUnwrittenBytes?: number;
};

/**
 * Takes a session's raw output: every read goes to the session's file in the turn of the event loop
 * it arrived in, before anything else happens to it, and the index rows that say where it is (which stream, which lines) follow in
 * batches. Nothing is decoded here: a character split across two reads is only held back (at most
 * three bytes) so that a row never ends inside one.
 */
export class OutputCapture {
  private readonly held: Record<'stdout' | 'stderr', Buffer | undefined> = { stdout: undefined, stderr: undefined };
  // Reads of this turn of the event loop, written together at its end: one write instead of dozens.
  private incoming: { stream: 'stdout' | 'stderr'; data: Buffer }[] = [];
  private incomingBytes = 0;
  private drainScheduled = false;
  private entries: OutputEntry[] = [];
  // What the disk refused (full), waiting in order to be written.
  private unwritten: { stream: 'stdout' | 'stderr'; bytes: Buffer }[] = [];
  private unwrittenBytes = 0;
  private lastByte = 0x0a;
  private lastFlushAt = 0;
  private timer: NodeJS.Timeout | undefined;
  private paused = false;
  private failures = 0;
  private diskFailures = 0;
  private diskRefused = false;
  private readonly flushIntervalMs: number;
  private readonly maxUnwrittenBytes: number;

  constructor(private readonly options: OutputCaptureOptions) {
    this.flushIntervalMs = options.flushIntervalMs ?? 25;
    this.maxUnwrittenBytes = options.maxUnwrittenBytes ?? 4 * 1024 * 1024;
  }

  write(stream: 'stdout' | 'stderr', bytes: Uint8Array): void {
    const held = this.held[stream];
    const data = held ? Buffer.concat([held, bytes]) : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const complete = completeLength(data);
    this.held[stream] = complete < data.length ? Buffer.from(data.subarray(complete)) : undefined;
    if (complete === 0) return;
    this.incoming.push({ stream, data: data.subarray(0, complete) });
    this.incomingBytes += complete;
    if (this.incomingBytes >= MAX_INCOMING_BYTES) this.drainIncoming();
    else if (!this.drainScheduled) {
      this.drainScheduled = true;
      setImmediate(() => this.drainIncoming());
    }
  }

  /** Writes this turn's reads to the file, a run of one stream at a time, in the order they came. */
  private drainIncoming(): void {
    this.drainScheduled = false;
    const reads = this.incoming;
    this.incoming = [];
    this.incomingBytes = 0;
    for (let start = 0; start < reads.length; ) {
      let end = start + 1;
      while (end < reads.length && reads[end].stream === reads[start].stream) end++;
      this.store(reads[start].stream, reads.slice(start, end).map((read) => read.data));
      start = end;
    }
  }

  /** A line of the console's own, such as how the session ended. */
  system(line: string): void {
    this.entries.push({ stream: 'system', text: `${line}\n`, at: new Date() });
    this.lastByte = 0x0a;
    this.schedule();
  }

  /** The pipes are done: an unfinished character at the very end is written as it is. */
  endStreams(): void {
    this.drainIncoming();
    for (const stream of ['stdout', 'stderr'] as const) {
      const held = this.held[stream];
      this.held[stream] = undefined;
      if (held) this.store(stream, [held]);
    }
  }

  /** Indexes what is pending now; if it cannot, keeps it and tries again later. */
  flush(): void {
    this.clearTimer();
    this.lastFlushAt = performance.now();
    this.drainIncoming();
    this.retryUnwritten();
    if (this.unwritten.length > 0) this.schedule(Math.min(MAX_FAILED_RETRY_MS, 50 * 2 ** this.diskFailures++));
    if (this.entries.length === 0) return;
    const result = this.options.persist(this.entries);
    if (result !== 'written') {
      if (result === 'failed') this.failures++;
      this.schedule(result === 'busy' ? BUSY_RETRY_MS : Math.min(MAX_FAILED_RETRY_MS, 50 * 2 ** (this.failures - 1)));
      return;
    }
    this.failures = 0;
    this.entries = [];
  }

  /** Hands the rest over (for the final write together with the end), the disk's refusals last tried. */
  takePending(): OutputEntry[] {
    this.clearTimer();
    this.drainIncoming();
    this.retryUnwritten();
    const entries = this.entries;
    this.entries = [];
    return entries;
  }

  /** Bytes the disk still refuses when the session is over: they cannot be kept any longer. */
  get lostBytes(): number {
    return this.unwrittenBytes;
  }

  dispose(): void {
    this.clearTimer();
    this.options.file.close();
  }

  /** Whether the output so far ends with a newline (or is empty): where a console line may start. */
  get atLineStart(): boolean {
    return this.lastByte === 0x0a;
  }

  /** Writes a run of reads of one stream (each whole characters), or keeps what the disk refuses. */
  private store(stream: 'stdout' | 'stderr', reads: Buffer[]): void {
    const total = reads.reduce((sum, read) => sum + read.length, 0);
    if (total === 0) return;
    let written = 0;
    if (this.unwritten.length === 0) {
      written = this.append(stream, reads);
      if (written === total) return this.schedule();
    }
    this.keepUnwritten(stream, Buffer.concat(reads).subarray(written));
  }

  /** Appends to the file in one write and indexes what was written: all of it, unless the disk refused. */
  private append(stream: 'stdout' | 'stderr', reads: Buffer[]): number {
    const { file } = this.options;
    if (file.position.offset >= this.options.segmentBytes) file.next();
    const start = file.position;
    let refusal: unknown;
    try {
      file.append(reads);
    } catch (error) {
      refusal = error;
    }
    const written = file.position.offset - start.offset;
    let offset = start.offset;
    for (const read of reads) {
      if (offset - start.offset >= written) break;
      const part = read.subarray(0, written - (offset - start.offset));
      this.index(stream, { segment: start.segment, offset }, part);
      offset += part.length;
    }
    if (refusal !== undefined) this.reportDisk(refusal);
    else if (this.diskRefused) this.reportDisk(undefined);
    return written;
  }

  /** Adds one read to the index: to the last row if it fits, else in rows of at most ~64 KiB. */
  private index(stream: 'stdout' | 'stderr', start: { segment: number; offset: number }, data: Buffer): void {
    if (data.length === 0) return;
    this.lastByte = data[data.length - 1];
    const last = this.entries[this.entries.length - 1];
    if (
      last &&
      'segment' in last &&
      last.stream === stream &&
      last.segment === start.segment &&
      last.offset + last.bytes === start.offset &&
      last.bytes + data.length <= MAX_ROW_BYTES
    ) {
      last.bytes += data.length;
      last.newlines += countNewlineBytes(data);
      return;
    }
    const at = new Date();
    for (let from = 0; from < data.length; ) {
      let bytes = Math.min(MAX_ROW_BYTES, data.length - from);
      // Rows end between characters, so that each decodes on its own.
      if (from + bytes < data.length) bytes = completeLength(data.subarray(from, from + bytes)) || bytes;
      const row = data.subarray(from, from + bytes);
      this.entries.push({ stream, at, segment: start.segment, offset: start.offset + from, bytes, newlines: countNewlineBytes(row) });
      from += bytes;
    }
  }

  private keepUnwritten(stream: 'stdout' | 'stderr', bytes: Buffer): void {
    this.unwritten.push({ stream, bytes: Buffer.from(bytes) });
    this.unwrittenBytes += bytes.length;
    if (this.unwrittenBytes > this.maxUnwrittenBytes) this.setPaused(true);
    this.schedule(Math.min(MAX_FAILED_RETRY_MS, 50 * 2 ** this.diskFailures++));
  }

  private retryUnwritten(): void {
    while (this.unwritten.length > 0) {
      const next = this.unwritten[0];
      const written = this.append(next.stream, [next.bytes]);
      this.unwrittenBytes -= written;
      if (written < next.bytes.length) {
        next.bytes = next.bytes.subarray(written);
        return;
      }
      this.unwritten.shift();
    }
    this.diskFailures = 0;
    this.setPaused(false);
  }

  private reportDisk(error: unknown): void {
    if (error === undefined) {
      this.diskRefused = false;
      console.error('[active-sessions] output files are written again');
      return;
    }
    if (this.diskRefused) return;
    this.diskRefused = true;
    console.error(
      `[active-sessions] cannot write output to disk (${error instanceof Error ? error.message : String(error)}): ` +
        `kept in memory and written when it can be; the command is paused past ${this.maxUnwrittenBytes} bytes.`,
    );
  }

  private schedule(delayMs = Math.max(0, this.lastFlushAt + this.flushIntervalMs - performance.now())): void {
    this.timer ??= setTimeout(() => {
      this.timer = undefined;
      this.flush();
    }, delayMs);
  }

  private clearTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  private setPaused(paused: boolean): void {
    if (paused === this.paused) return;
    this.paused = paused;
    this.options.onBackpressure(paused);
  }
}

/** How much of `bytes` is whole characters: all of it but an unfinished UTF-8 sequence at the end. */
export function completeLength(bytes: Uint8Array): number {
  const end = bytes.length;
  for (let i = end - 1; i >= 0 && i >= end - 4; i--) {
    const byte = bytes[i];
    if ((byte & 0xc0) === 0x80) continue;
    const length = byte >= 0xc2 && byte <= 0xdf ? 2 : byte >= 0xe0 && byte <= 0xef ? 3 : byte >= 0xf0 && byte <= 0xf4 ? 4 : 1;
    return i + length > end ? i : end;
  }
  return end;
}

function countNewlineBytes(bytes: Buffer): number {
  let count = 0;
  for (let i = bytes.indexOf(0x0a); i !== -1; i = bytes.indexOf(0x0a, i + 1)) count++;
  return count;
}
