import { closeSync, openSync, readSync, rmSync } from 'node:fs';
import path from 'node:path';
import { databasePath } from './path';
import { ensurePrivateFolder } from './private-files';

/**
 * A session's output, as the command wrote it: its stdout and its stderr, each an append-only file
 * beside the database that the command writes itself (the way pueue keeps a task's output), so
 * that what it wrote is on disk whatever happens to the console. The store's index rows say which
 * file (`segment`: 0 stdout, 1 stderr), which byte range, and where its lines start.
 */
export function outputFolder(sessionId: string): string {
  return path.join(path.dirname(databasePath()), 'output', sessionId);
}

export const OUTPUT_FILES = { stdout: 0, stderr: 1 } as const;

export function segmentFile(sessionId: string, segment: number): string {
  return path.join(outputFolder(sessionId), `${segment}.out`);
}

/** Opens (creating) the session's two output files for appending: the descriptors to hand the command. */
export function openOutputFiles(sessionId: string): { stdout: number; stderr: number } {
  ensurePrivateFolder(outputFolder(sessionId));
  const open = (segment: number) => openSync(segmentFile(sessionId, segment), 'a', 0o600);
  const stdout = open(OUTPUT_FILES.stdout);
  try {
    return { stdout, stderr: open(OUTPUT_FILES.stderr) };
  } catch (error) {
    closeSync(stdout);
    throw error;
  }
}

/** The bytes [offset, offset + bytes) of a segment; fewer if the file is shorter (or gone). */
export function readSegment(sessionId: string, segment: number, offset: number, bytes: number): Buffer {
  let fd: number;
  try {
    fd = openSync(segmentFile(sessionId, segment), 'r');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return Buffer.alloc(0);
    throw error;
  }
  try {
    const buffer = Buffer.allocUnsafe(bytes);
    let filled = 0;
    while (filled < bytes) {
      const read = readSync(fd, buffer, filled, bytes - filled, offset + filled);
      if (read === 0) break;
      filled += read;
    }
    return filled === bytes ? buffer : buffer.subarray(0, filled);
  } finally {
    closeSync(fd);
  }
}

export function removeOutputFolders(sessionIds: string[]): void {
  for (const id of sessionIds) rmSync(outputFolder(id), { recursive: true, force: true });
}
