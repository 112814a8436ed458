import type { PendingChunk } from '@/store/queries';
import type { OutputStream } from '@/store/schema';
import { Utf8StreamDecoder } from './utf8-stream-decoder';

/** written; busy: the store asks to wait a moment; failed: the write went wrong. */
export type PersistResult = 'written' | 'busy' | 'failed';

// The store says busy for a few milliseconds at a time: look again soon, not a whole interval later.
const BUSY_RETRY_MS = 5;
// A store that refused a write (a full disk) is asked again less and less often, down to this.
const MAX_FAILED_RETRY_MS = 2000;

export type OutputWriterOptions = {
  /** Persists a batch; anything but written means it was not, and is kept for the next try. */
  persist: (chunks: PendingChunk[]) => PersistResult;
  /** Called with true when pending output passed the bound, and false once it drained. */
  onBackpressure: (paused: boolean) => void;
  flushIntervalMs?: number;
  /** Write at once when this much is pending (one transaction, split into rows of ~64 KiB). */
  flushBytes?: number;
  maxPendingBytes?: number;
};

/**
 * A run of output from one stream. Its text is kept as rows of at most ~MAX_ROW_CHARS: reads are
 * gathered into a row as they arrive, so a flush never has to join a whole megabyte and cut it up.
 */
type Segment = { stream: OutputStream; rows: string[]; parts: string[]; partsLength: number; at: Date };

const MAX_ROW_CHARS = 64 * 1024;

/**
 * Turns a session's raw output into ordered, stream-tagged text chunks and writes them in batches:
 * bounded in time (flushIntervalMs) and size (flushBytes), never one write per read and never the
 * whole output in memory.
 */
export class OutputWriter {
  private readonly decoders = { stdout: new Utf8StreamDecoder(), stderr: new Utf8StreamDecoder() };
  private segments: Segment[] = [];
  private lastChar = '\n';
  private pendingBytes = 0;
  private timer: NodeJS.Timeout | undefined;
  private paused = false;
  // After a write that did not happen, retry on the timer only: never once per read.
  private retrying = false;
  // Writes refused in a row, for the backoff.
  private failures = 0;
  private readonly flushIntervalMs: number;
  private readonly flushBytes: number;
  private readonly maxPendingBytes: number;

  constructor(private readonly options: OutputWriterOptions) {
    this.flushIntervalMs = options.flushIntervalMs ?? 50;
    this.flushBytes = options.flushBytes ?? 1024 * 1024;
    this.maxPendingBytes = options.maxPendingBytes ?? 4 * 1024 * 1024;
  }

  /** Raw bytes from the child; a character split across two reads is decoded whole. */
  write(stream: 'stdout' | 'stderr', bytes: Uint8Array): void {
    this.pendingBytes += bytes.byteLength;
    this.append(stream, this.decoders[stream].decode(bytes));
  }

  /** A line of the console's own, such as how the session ended. */
  system(line: string): void {
    this.append('system', `${line}\n`);
  }

  /** Ends decoding: an incomplete character at the very end becomes U+FFFD. */
  endStreams(): void {
    for (const stream of ['stdout', 'stderr'] as const) this.append(stream, this.decoders[stream].end());
  }

  /** Writes what is pending now; if it cannot, keeps it, pauses the pipes and tries again later. */
  flush(): void {
    this.clearTimer();
    if (this.segments.length === 0) return;
    const chunks = this.toChunks();
    const result = this.options.persist(chunks);
    if (result !== 'written') {
      this.retrying = true;
      this.setPaused(true);
      if (result === 'failed') this.failures++;
      const failedDelay = Math.min(MAX_FAILED_RETRY_MS, this.flushIntervalMs * 2 ** (this.failures - 1));
      this.schedule(result === 'busy' ? BUSY_RETRY_MS : failedDelay);
      return;
    }
    this.retrying = false;
    this.failures = 0;
    this.segments = [];
    this.pendingBytes = 0;
    this.setPaused(false);
  }

  /** Hands the remaining output over (for the final write together with the end state). */
  takePending(): PendingChunk[] {
    this.clearTimer();
    const chunks = this.toChunks();
    this.segments = [];
    this.pendingBytes = 0;
    return chunks;
  }

  dispose(): void {
    this.clearTimer();
  }

  /** Whether the output so far ends with a newline (or is empty): where a console line may start. */
  get atLineStart(): boolean {
    return this.lastChar === '\n';
  }

  private append(stream: OutputStream, text: string): void {
    if (text.length === 0) return;
    this.lastChar = text[text.length - 1];
    let last = this.segments[this.segments.length - 1];
    if (!last || last.stream !== stream) {
      last = { stream, rows: [], parts: [], partsLength: 0, at: new Date() };
      this.segments.push(last);
    }
    if (last.partsLength + text.length > MAX_ROW_CHARS) closeRow(last);
    last.parts.push(text);
    last.partsLength += text.length;
    if (this.pendingBytes >= this.flushBytes && !this.retrying) this.flush();
    else this.schedule();
    if (this.pendingBytes > this.maxPendingBytes) this.setPaused(true);
  }

  /** One transaction per flush, but rows of at most ~64 KiB, so that any read stays small. */
  private toChunks(): PendingChunk[] {
    const chunks: PendingChunk[] = [];
    for (const segment of this.segments) {
      closeRow(segment);
      for (const row of segment.rows) {
        for (const text of splitRow(row)) chunks.push({ stream: segment.stream, text, at: segment.at });
      }
    }
    return chunks;
  }

  private schedule(delayMs = this.flushIntervalMs): void {
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

function closeRow(segment: Segment): void {
  if (segment.parts.length === 0) return;
  segment.rows.push(segment.parts.length === 1 ? segment.parts[0] : segment.parts.join(''));
  segment.parts = [];
  segment.partsLength = 0;
}

/** A single read longer than a row is cut, never between the two halves of a surrogate pair. */
function splitRow(text: string): string[] {
  if (text.length <= MAX_ROW_CHARS) return [text];
  const pieces: string[] = [];
  for (let start = 0; start < text.length; ) {
    let end = Math.min(text.length, start + MAX_ROW_CHARS);
    const last = text.charCodeAt(end - 1);
    if (end < text.length && last >= 0xd800 && last <= 0xdbff) end--;
    pieces.push(text.slice(start, end));
    start = end;
  }
  return pieces;
}
