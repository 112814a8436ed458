import Database from 'better-sqlite3';
import { mkdtempSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { launchSession, stopAllSessionsSync } from '@/host/runner';
import { until, useTempDatabase, waitForEnd } from '@/lib/testing/helpers';
import { getDb } from './index';
import { readOutput } from './output-read';
import { WalCheckpointer } from './wal-checkpointer';

beforeAll(() => {
  useTempDatabase();
});
afterAll(() => stopAllSessionsSync(100));

const walBytes = () => {
  try {
    return statSync(`${process.env.DATABASE_PATH}-wal`).size;
  } catch {
    return 0;
  }
};

describe('the WAL', () => {
  it('stays bounded under a firehose while a reader polls, and is truncated once writes stop', async () => {
    const client = getDb().$client;
    // The server's connection leaves the copying to the thread.
    expect(client.pragma('wal_autocheckpoint', { simple: true })).toBe(0);
    const session = launchSession({ command: "yes 'a log line of a firehose' | head -c 300000000" });
    let largest = 0;
    let after = 0;
    const poll = setInterval(() => {
      largest = Math.max(largest, walBytes());
      after = readOutput({ id: session.id, after, limit: 50 })?.next ?? after;
    }, 5);
    const ended = await waitForEnd(session.id, 60_000);
    clearInterval(poll);
    expect(ended.outputBytes).toBe(300_000_000);
    // The bound is 64 MiB; the copy may be one pass behind it.
    expect(largest).toBeLessThan(128 * 1024 * 1024);
    await until(() => walBytes() === 0, 10_000, 'the WAL to be truncated');
  }, 90_000);

  it('never holds capture back while another connection holds an old snapshot', async () => {
    const reader = new Database(process.env.DATABASE_PATH!);
    // A sqlite3 shell left in a transaction, a backup tool: the log cannot be copied past its snapshot.
    reader.exec('BEGIN');
    reader.prepare('SELECT count(*) FROM sessions').get();
    try {
      const session = launchSession({ command: "yes 'a log line of a firehose' | head -c 150000000" });
      const ended = await waitForEnd(session.id, 30_000);
      expect(ended.outputBytes).toBe(150_000_000);
    } finally {
      reader.exec('COMMIT');
      reader.close();
    }
  }, 60_000);

  it('makes writers wait for the copy past the bound, and not forever for a reader that holds it back', async () => {
    const warnings = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const dir = mkdtempSync(path.join(os.tmpdir(), 'active-sessions-wal-'));
    const file = path.join(dir, 'wal.db');
    const client = new Database(file);
    client.pragma('journal_mode = WAL');
    client.exec('CREATE TABLE t (x BLOB)');
    const checkpointer = new WalCheckpointer(file, client);
    const reader = new Database(file);
    reader.exec('BEGIN');
    reader.prepare('SELECT count(*) FROM t').get();
    try {
      const insert = client.prepare('INSERT INTO t VALUES (?)');
      const blob = Buffer.alloc(1024 * 1024);
      // Past 64 MiB of log the writer is asked to wait; the reader keeps the copy from catching up.
      for (let i = 0; i < 80 && !checkpointer.backlogged; i++) insert.run(blob);
      await until(() => checkpointer.backlogged, 10_000, 'the writer to be asked to wait');
      await until(() => !checkpointer.backlogged, 10_000, 'the wait to end although the reader still holds the log');
      expect(String(warnings.mock.calls[0]?.[0])).toMatch(/could not be copied back/);
    } finally {
      reader.exec('COMMIT');
      reader.close();
      await checkpointer.close();
      client.close();
      warnings.mockRestore();
    }
  }, 60_000);

  it('goes back to checkpointing on the connection when the thread cannot start', async () => {
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
    const dir = mkdtempSync(path.join(os.tmpdir(), 'active-sessions-nowal-'));
    const client = new Database(path.join(dir, 'other.db'));
    client.pragma('journal_mode = WAL');
    const cwd = process.cwd();
    // The thread's script is found from the working directory: from here, it is not.
    process.chdir(dir);
    let checkpointer: WalCheckpointer;
    try {
      checkpointer = new WalCheckpointer(path.join(dir, 'other.db'), client);
    } finally {
      process.chdir(cwd);
    }
    await until(() => (client.pragma('wal_autocheckpoint', { simple: true }) as number) > 0, 5000, 'the fallback');
    expect(checkpointer.backlogged).toBe(false);
    expect(String(errors.mock.calls[0]?.[0])).toMatch(/checkpoint thread is not running/);
    await checkpointer.close();
    client.close();
    errors.mockRestore();
  });
});
