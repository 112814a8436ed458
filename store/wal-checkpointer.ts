import type Database from 'better-sqlite3';
import path from 'node:path';
import { Worker } from 'node:worker_threads';

type Progress = { walFrames: number; checkpointedFrames: number };
type WorkerMessage = (Progress & { answers?: number }) | { error: string };

// Past this much log, writers wait for the copy to catch up: the next write then starts the log
// over, so it stays bounded even under a firehose that never pauses.
const WAL_LIMIT_BYTES = 64 * 1024 * 1024;
// A reader holding an old snapshot (a sqlite3 shell in a transaction, a backup tool) or a very slow
// disk can keep the log from being copied: writers wait this long at most, then write on for a
// while and let the log grow, as SQLite itself would.
const MAX_WAIT_MS = 3000;
const WRITE_ON_MS = 60_000;
// Without the worker, the connection checkpoints by itself, in these steps.
const AUTOCHECKPOINT_BYTES = 4 * 1024 * 1024;

/**
 * Keeps the WAL of one database file short from a worker thread. The server's connection no longer
 * checkpoints when it commits; if the worker cannot run, it goes back to doing so.
 */
export class WalCheckpointer {
  private progress: Progress = { walFrames: 0, checkpointedFrames: 0 };
  private worker: Worker | undefined;
  private readonly limitFrames: number;
  private closing = false;
  private fellBack = false;
  private asks = 0;
  private asked: number | undefined;
  private answered = false;
  private waitingSince: number | undefined;
  private writeOnUntil = 0;
  private lastError: string | undefined;

  constructor(
    file: string,
    private readonly client: Database.Database,
  ) {
    const pageSize = client.pragma('page_size', { simple: true }) as number;
    this.limitFrames = Math.ceil(WAL_LIMIT_BYTES / pageSize);
    try {
      const script = path.join(/* turbopackIgnore: true */ process.cwd(), 'store', 'wal-checkpointer.worker.cjs');
      this.worker = new Worker(script, { workerData: { file } });
    } catch (error) {
      this.fallBack(error);
      return;
    }
    client.pragma('wal_autocheckpoint = 0');
    // Never what keeps a process alive.
    this.worker.unref();
    this.worker.on('message', (message: WorkerMessage) => {
      if ('error' in message) {
        // Once per new error: the worker retries every second.
        if (message.error !== this.lastError) console.error('[active-sessions] WAL checkpoint failed, will retry:', message.error);
        this.lastError = message.error;
      } else {
        this.lastError = undefined;
        this.progress = message;
        if (message.answers !== undefined && message.answers === this.asked) this.answered = true;
      }
    });
    this.worker.on('error', (error) => this.fallBack(error));
    this.worker.on('exit', (code) => this.closing || this.fallBack(new Error(`the checkpoint thread exited with code ${code}`)));
  }

  /**
   * Whether writers should hold back. The log only starts over when a write begins with all of it
   * copied, which a firehose never leaves time for: past the bound, writers wait until the worker,
   * asked after they stopped, answers that it has copied everything.
   */
  get backlogged(): boolean {
    const { walFrames, checkpointedFrames } = this.progress;
    const now = Date.now();
    if (this.worker === undefined || walFrames <= this.limitFrames || now < this.writeOnUntil) {
      this.waitingSince = undefined;
      return false;
    }
    this.waitingSince ??= now;
    if (now - this.waitingSince > MAX_WAIT_MS) {
      console.warn(`[active-sessions] the WAL could not be copied back within ${MAX_WAIT_MS} ms (a long read elsewhere, or a slow disk); writing on while it grows`);
      this.asked = undefined;
      this.writeOnUntil = now + WRITE_ON_MS;
      return false;
    }
    if (this.asked === undefined) {
      this.asked = ++this.asks;
      this.answered = false;
      this.worker.postMessage(this.asked);
      return true;
    }
    if (!this.answered) return true;
    this.asked = undefined;
    if (checkpointedFrames < walFrames) return this.backlogged;
    // All copied: go on, the next write starts the log over.
    this.waitingSince = undefined;
    this.progress = { walFrames: 0, checkpointedFrames: 0 };
    return false;
  }

  async close(): Promise<void> {
    this.closing = true;
    await this.worker?.terminate();
  }

  private fallBack(error: unknown): void {
    if (this.fellBack || this.closing) return;
    this.fellBack = true;
    console.error('[active-sessions] the WAL checkpoint thread is not running; the server thread checkpoints instead:', error);
    this.worker = undefined;
    this.progress = { walFrames: 0, checkpointedFrames: 0 };
    if (!this.client.open) return;
    const pageSize = this.client.pragma('page_size', { simple: true }) as number;
    this.client.pragma(`wal_autocheckpoint = ${Math.ceil(AUTOCHECKPOINT_BYTES / pageSize)}`);
  }
}
