import { closeSync, fstatSync, openSync, readSync, watch, type FSWatcher } from 'node:fs';
import type { LineScreenOptions } from '@/core/terminal/line-screen';
import { OUTPUT_FILES, outputFolder, segmentFile } from '@/store/output-files';
import { shownTail } from '@/store/output-read';
import type { OutputEntry } from '@/store/output-write';
import { LineWindow } from './line-window';
import { countingBuffer, countNewlines } from './newline-count';

/** written; busy: the store asks to wait a moment; failed: the write went wrong. */
export type PersistResult = 'written' | 'busy' | 'failed';

type Stream = 'stdout' | 'stderr';

// The store says busy for a few milliseconds at a time: look again soon.
const BUSY_RETRY_MS = 5;
// A store that refused a write (a full disk) is asked again less and less often, down to this.
const MAX_FAILED_RETRY_MS = 2000;
// An index row covers at most this much of a file: reading a line reads its rows.
const MAX_ROW_BYTES = 64 * 1024;
// What one read of a file takes at most.
const READ_BYTES = 1024 * 1024;
// A file that grows is read at most this often: a firehose's thousands of writes a second become a
// few hundred reads of up to a MiB, and a quiet command's line is read the moment it is heard.
const MIN_READ_INTERVAL_MS = 5;
// Growth is heard through inotify at once; this look, in case an event was lost (a queue overflow).
const SAFETY_POLL_MS = 1000;
// Every write a command makes is an inotify event while its folder is watched, and the events cost
// more than the writes: watching alone slowed a 500 MB firehose by 40% and took 0.4 s of this
// process's CPU for its 56,000 events. So output that streams (this many events heard between two
// reads) is read on a timer instead, unwatched, until a look finds nothing new.
const STREAMING_EVENTS = 16;
const STREAMING_READ_MS = 10;
// Streaming output is indexed at most this often: its rows go into the store in a few transactions
// a second, and the web server is told of new output as often, not forty times.
const STREAMING_FLUSH_MS = 100;
// Without inotify (its limit reached), files are looked at this often.
const FALLBACK_POLL_MS = 50;

// One buffer for every session's reads (the host is one thread, and nothing keeps a read), where
// newlines are counted fastest.
const readBuffer = countingBuffer.subarray(0, READ_BYTES);

export type OutputCaptureOptions = {
  sessionId: string;
  /** Indexes a batch; anything but written means it was not, and is kept for the next try. */
  persist: (entries: OutputEntry[]) => PersistResult;
  /** Each stretch of stdout as it is indexed (a terminal session's screen is fed from it). */
  onStdout?: (bytes: Buffer) => void;
  /** The least time between two index writes while output streams; quiet output is indexed at once. */
  flushIntervalMs?: number;
  /** The screen the lines are shown as on: a terminal session's rows. */
  lines?: LineScreenOptions;
};

/**
 * Indexes a session's output. The command writes its stdout and stderr straight to its two files
 * (see store/output-files.ts): nothing it writes waits in this process, and nothing is lost if
 * this process dies. This follows the files as they grow (inotify tells), in the order the growth
 * is heard, and writes the index rows that say which stream each range is and where its lines
 * start. Nothing is decoded here: a character still unfinished at the end of a file waits for its
 * last bytes, so that a row never ends inside one.
 */
export class OutputCapture {
  private readonly readers = new Map<Stream, { fd: number; offset: number }>();
  private watcher: FSWatcher | undefined;
  private poller: NodeJS.Timeout | undefined;
  private entries: OutputEntry[] = [];
  // Which lines the output leaves as shown, where it moves the cursor between them.
  private window: LineWindow;
  private lastFlushAt = 0;
  private timer: NodeJS.Timeout | undefined;
  private failures = 0;
  private held = false;
  private lastReadAt = 0;
  // The files heard growing since the last read, first heard first: the order they are read in.
  private heardOrder: Stream[] = [];
  private eventsSinceRead = 0;
  private streaming = false;
  private following = true;
  private readTimer: NodeJS.Timeout | undefined;
  private readonly flushIntervalMs: number;

  constructor(private readonly options: OutputCaptureOptions) {
    this.flushIntervalMs = options.flushIntervalMs ?? 25;
    this.window = new LineWindow(options.sessionId, options.lines);
  }

  /**
   * Starts following the session's files, which the command has been given to write; from
   * `indexed` on (file → offset) when another host indexed their beginning.
   */
  start(indexed = new Map<number, number>()): void {
    for (const stream of ['stdout', 'stderr'] as const) {
      const segment = OUTPUT_FILES[stream];
      this.readers.set(stream, { fd: openSync(segmentFile(this.options.sessionId, segment), 'r'), offset: indexed.get(segment) ?? 0 });
    }
    if (indexed.size > 0) this.window = new LineWindow(this.options.sessionId, this.options.lines, shownTail(this.options.sessionId));
    this.poller = setInterval(() => this.readAll(false), this.watch() ? SAFETY_POLL_MS : FALLBACK_POLL_MS);
    this.poller.unref();
    // Whatever was written before the watch began.
    this.readAll(false);
  }

  /** While held, nothing more is read (a terminal's emulator is behind); the command writes on. */
  hold(held: boolean): void {
    this.held = held;
    if (!held) this.readAll(false);
  }

  /** A terminal session was resized: the lines are shown as on a screen of its new height. */
  resize(rows: number): void {
    this.window.resize(rows);
  }

  /** A line of the console's own, such as how the session ended. */
  system(line: string): void {
    this.entries.push({ stream: 'system', text: `${line}\n`, at: new Date() });
    this.window.system(`${line}\n`);
    this.schedule();
  }

  /**
   * The session has ended: indexes what is left in both files, an unfinished character at the very
   * end as it is, and stops following them. What a process left behind writes later is not its output.
   */
  finish(): void {
    this.stopFollowing();
    this.readAll(true);
  }

  /** Indexes what is pending now; if it cannot, keeps it and tries again later. */
  flush(): void {
    this.clearTimer();
    this.lastFlushAt = performance.now();
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

  /** Hands the rest over, for the final write together with the end. */
  takePending(): OutputEntry[] {
    this.clearTimer();
    const entries = this.entries;
    this.entries = [];
    return entries;
  }

  dispose(): void {
    this.clearTimer();
    this.stopFollowing();
    for (const reader of this.readers.values()) closeSync(reader.fd);
    this.readers.clear();
  }

  /** How growth is noticed now: inotify while output is quiet, a timer while it streams. */
  get noticing(): 'inotify' | 'timer' {
    return this.streaming ? 'timer' : 'inotify';
  }

  /** Whether the output so far ends with a newline (or is empty): where a console line may start. */
  get atLineStart(): boolean {
    return this.window.atLineStart;
  }

  /** Hears the files grow through inotify; false when it cannot (its limit reached). */
  private watch(): boolean {
    const names: Record<string, Stream> = { [`${OUTPUT_FILES.stdout}.out`]: 'stdout', [`${OUTPUT_FILES.stderr}.out`]: 'stderr' };
    try {
      this.watcher = watch(outputFolder(this.options.sessionId), { persistent: false }, (_event, name) => {
        const stream = name ? names[String(name)] : undefined;
        if (stream) this.heard(stream);
      });
      this.watcher.on('error', () => this.unwatch());
      return true;
    } catch {
      return false;
    }
  }

  private unwatch(): void {
    this.watcher?.close();
    this.watcher = undefined;
  }

  /** A file grew: read now, or at the next read interval if the last read was a moment ago. */
  private heard(stream: Stream): void {
    this.eventsSinceRead++;
    if (!this.heardOrder.includes(stream)) this.heardOrder.push(stream);
    this.readIn(this.lastReadAt + MIN_READ_INTERVAL_MS - performance.now());
  }

  private readIn(wait: number): void {
    if (this.readTimer) return;
    if (wait <= 0) return this.readAll(false);
    this.readTimer = setTimeout(() => {
      this.readTimer = undefined;
      this.readAll(false);
    }, wait);
  }

  /** Reads both files: those heard growing in the order heard, so that rows follow what was written. */
  private readAll(final: boolean): void {
    this.lastReadAt = performance.now();
    const order = [...this.heardOrder, ...(['stdout', 'stderr'] as const).filter((stream) => !this.heardOrder.includes(stream))];
    this.heardOrder = [];
    const events = this.eventsSinceRead;
    this.eventsSinceRead = 0;
    let read = 0;
    for (const stream of order) read += this.readAvailable(stream, final);
    if (!final) this.pace(events, read);
  }

  /** Streaming output is read on a timer, unwatched; the first look that finds nothing watches again. */
  private pace(events: number, read: number): void {
    if (!this.following) return;
    if (this.streaming && read > 0) return this.readIn(STREAMING_READ_MS);
    if (this.streaming) {
      this.streaming = false;
      // What was written between that look and the watch.
      if (this.watch()) this.readAll(false);
    } else if (events >= STREAMING_EVENTS && this.watcher) {
      this.streaming = true;
      this.unwatch();
      this.readIn(STREAMING_READ_MS);
    }
  }

  /** Indexes what the file holds past what is indexed; the number of bytes it indexed. */
  private readAvailable(stream: Stream, final: boolean): number {
    const reader = this.readers.get(stream);
    if (!reader) return 0;
    let total = 0;
    // A look reads what the file held when it began: chasing a writer that never pauses (the
    // command, or at the end a process it left behind) would read on in slivers for as long as it
    // wrote, and hold up everything else this process does.
    const size = fstatSync(reader.fd).size;
    while (final || !this.held) {
      if (size <= reader.offset) break;
      const read = readSync(reader.fd, readBuffer, 0, Math.min(size - reader.offset, READ_BYTES), reader.offset);
      if (read === 0) break;
      // The end of a finished file: an unfinished character is kept as it is.
      const complete = final && reader.offset + read >= size ? read : completeLength(readBuffer.subarray(0, read));
      if (complete === 0) break;
      const bytes = readBuffer.subarray(0, complete);
      this.index(stream, reader.offset, bytes);
      // At the end the screen is done with: an ended session's is rebuilt from its file.
      if (stream === 'stdout' && !final) this.options.onStdout?.(Buffer.from(bytes));
      reader.offset += complete;
      total += complete;
      this.schedule();
    }
    return total;
  }

  /** Adds a stretch of a file to the index: to the last row if it fits, else in rows of at most ~64 KiB. */
  private index(stream: Stream, offset: number, data: Buffer): void {
    const segment = OUTPUT_FILES[stream];
    const last = this.entries[this.entries.length - 1];
    if (
      last &&
      'segment' in last &&
      !last.shown &&
      last.stream === stream &&
      last.offset + last.bytes === offset &&
      last.bytes + data.length <= MAX_ROW_BYTES
    ) {
      const newlines = countNewlines(data);
      const shown = this.window.take(segment, offset, data, newlines);
      if (shown) this.entries.push({ stream, at: new Date(), segment, offset, bytes: data.length, newlines, shown });
      else {
        last.bytes += data.length;
        last.newlines += newlines;
      }
      return;
    }
    const at = new Date();
    for (let from = 0; from < data.length; ) {
      let bytes = Math.min(MAX_ROW_BYTES, data.length - from);
      // Rows end between characters, so that each decodes on its own.
      if (from + bytes < data.length) bytes = completeLength(data.subarray(from, from + bytes)) || bytes;
      const row = data.subarray(from, from + bytes);
      const newlines = countNewlines(row);
      const shown = this.window.take(segment, offset + from, row, newlines);
      this.entries.push({ stream, at, segment, offset: offset + from, bytes, newlines, ...(shown && { shown }) });
      from += bytes;
    }
  }

  private stopFollowing(): void {
    this.following = false;
    this.unwatch();
    clearTimeout(this.readTimer);
    this.readTimer = undefined;
    clearInterval(this.poller);
    this.poller = undefined;
  }

  private schedule(delayMs = Math.max(0, this.lastFlushAt + this.flushGap() - performance.now())): void {
    this.timer ??= setTimeout(() => {
      this.timer = undefined;
      this.flush();
    }, delayMs);
  }

  private flushGap(): number {
    return this.streaming ? Math.max(this.flushIntervalMs, STREAMING_FLUSH_MS) : this.flushIntervalMs;
  }

  private clearTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
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
