import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { readOutput } from '@/store/output-read';
import { getSession } from '@/store/queries';
import type { OutputStream, Session } from '@/store/schema';

/** Points the store at a new, empty SQLite file for the calling test file. */
export function useTempDatabase(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'active-sessions-test-'));
  process.env.DATABASE_PATH = path.join(dir, 'sessions.db');
  return dir;
}

export async function until<T>(probe: () => T | undefined | false, timeoutMs = 10_000, what = 'condition'): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

export function waitForEnd(id: string, timeoutMs = 10_000): Promise<Session> {
  return until(
    () => {
      const session = getSession(id);
      return session && session.status !== 'running' ? session : undefined;
    },
    timeoutMs,
    `session ${id} to end`,
  );
}

export function allChunks(id: string) {
  const chunks: { seq: number; stream: OutputStream; text: string }[] = [];
  for (let after = 0; ; ) {
    const page = readOutput({ id, after, limit: 1000 });
    if (!page || page.chunks.length === 0) return chunks;
    chunks.push(...page.chunks);
    after = page.next;
  }
}

export function textOf(id: string, stream?: OutputStream): string {
  return allChunks(id)
    .filter((chunk) => stream === undefined || chunk.stream === stream)
    .map((chunk) => chunk.text)
    .join('');
}

/**
 * `kill -0`, except that a zombie counts as dead: it has exited, and on machines whose PID 1 does
 * not reap orphans it would answer `kill -0` forever.
 */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return !/^[ZX]$/.test(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[0]);
  } catch {
    return false;
  }
}
