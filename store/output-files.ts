import { closeSync, fstatSync, openSync, readSync, rmSync, unlinkSync, writevSync } from 'node:fs';
import path from 'node:path';
import { databasePath } from './path';
import { ensurePrivateFolder } from './private-files';

/**
 * A session's output, as the command wrote it: raw bytes, stdout and stderr in the order they
 * arrived, appended to numbered segment files beside the database. The store's index rows say
 * which stream each range is and where its lines start; a capped session drops whole middle
 * segments.
 */
export function outputFolder(sessionId: string): string {
  return path.join(path.dirname(databasePath()), 'output', sessionId);
}

export function segmentFile(sessionId: string, segment: number): string {
  return path.join(outputFolder(sessionId), `${segment}.out`);
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

export function removeSegments(sessionId: string, segments: number[]): void {
  for (const segment of segments) {
    try {
      unlinkSync(segmentFile(sessionId, segment));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }
}

export function removeOutputFolders(sessionIds: string[]): void {
  for (const id of sessionIds) rmSync(outputFolder(id), { recursive: true, force: true });
}

/**
 * Appends to a session's current segment, opened once. Writes go straight to the file (the page
 * cache): once `append` returns, the bytes survive the death of every process, this one included.
 */
export class SegmentAppender {
  private fd: number | undefined;
  private size = 0;

  constructor(
    readonly sessionId: string,
    public segment = 0,
  ) {}

  /** Where the next byte goes: this segment, at this offset. */
  get position(): { segment: number; offset: number } {
    this.open();
    return { segment: this.segment, offset: this.size };
  }

  /** Writes all of `parts`, in one system call when it can, or throws (ENOSPC…) having written a prefix that `position` accounts for. */
  append(parts: readonly Uint8Array[]): void {
    this.open();
    const rest = parts.filter((part) => part.byteLength > 0);
    while (rest.length > 0) {
      let n = writevSync(this.fd!, rest);
      this.size += n;
      while (rest.length > 0 && n >= rest[0].byteLength) n -= rest.shift()!.byteLength;
      if (n > 0) rest[0] = rest[0].subarray(n);
    }
  }

  /** Goes on in the next segment file. */
  next(): void {
    this.close();
    this.segment++;
    this.size = 0;
  }

  close(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }

  private open(): void {
    if (this.fd !== undefined) return;
    ensurePrivateFolder(outputFolder(this.sessionId));
    this.fd = openSync(segmentFile(this.sessionId, this.segment), 'a', 0o600);
    // A segment opened again goes on where it ends.
    this.size = fstatSync(this.fd).size;
  }
}
