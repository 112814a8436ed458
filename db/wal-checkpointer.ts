import type Database from 'better-sqlite3';
import path from 'node:path';
import { Worker } from 'node:worker_threads';

type Progress = { walFrames: number; checkpointedFrames: number };
type WorkerMessage = (Progress & { answers?: number }) | { error: string };

// Past this much log, writers wait for the copy to catch up: the next write then starts the log
// over, so it stays bounded even under a firehose that never pauses.
const WAL_LIMIT_BYTES = 64 * 1024 * 1024;
const ANSWER_TIMEOUT_MS = 2000;
const QUIET_AFTER_TIMEOUT_MS = 10_000;
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
  private askedAt = 0;
  private quietUntil = 0;

  constructor(
    file: string,
    private readonly client: Database.Database,
  ) {
    const pageSize = client.pragma('page_size', { simple: true }) as number;
    this.limitFrames = Math.ceil(WAL_LIMIT_BYTES / pageSize);
    try {
      const script = path.join(/* turbopackIgnore: true */ process.cwd(), 'db', 'wal-checkpointer.worker.cjs');
      this.worker = new Worker(script, { workerData: { file } });
    } catch (error) {
      this.fallBack(error);
      return;
    }
    client.pragma('wal_autocheckpoint = 0');
    // Never what keeps a process alive.
    this.worker.unref();
    this.worker.on('message', (message: WorkerMessage) => {
      if ('error' in message) console.error('[active-sessions] WAL checkpoint failed, will retry:', message.error);
      else {
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
    if (this.worker === undefined || walFrames <= this.limitFrames || Date.now() < this.quietUntil) return false;
    if (this.asked === undefined) {
      this.asked = ++this.asks;
      this.askedAt = Date.now();
      this.answered = false;
      this.worker.postMessage(this.asked);
      return true;
    }
    if (!this.answered) {
      if (Date.now() - this.askedAt < ANSWER_TIMEOUT_MS) return true;
      // A stuck copy must not stop every session: let the log grow for a while instead.
      console.error('[active-sessions] the WAL checkpoint thread is not answering; writing on');
      this.asked = undefined;
      this.quietUntil = Date.now() + QUIET_AFTER_TIMEOUT_MS;
      return false;
    }
    this.asked = undefined;
    // All copied: go on, the next write starts the log over. Otherwise ask again.
    return checkpointedFrames < walFrames ? this.backlogged : false;
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
    const pageSize = this.client.pragma('page_size', { simple: true }) as number;
    if (this.client.open) this.client.pragma(`wal_autocheckpoint = ${Math.ceil(AUTOCHECKPOINT_BYTES / pageSize)}`);
  }
}
