import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { useTempDatabase } from '@/lib/testing/helpers';
import { SegmentAppender, segmentFile } from '@/store/output-files';
import type { FileEntry, OutputEntry } from '@/store/output-write';
import { completeLength, OutputCapture } from './output-capture';

beforeAll(() => {
  useTempDatabase();
});

let sessions = 0;

function capture(options: { segmentBytes?: number; file?: SegmentAppender; persist?: () => 'written' | 'failed' } = {}) {
  const id = options.file?.sessionId ?? `capture-${++sessions}`;
  const indexed: OutputEntry[] = [];
  const paused: boolean[] = [];
  const file = options.file ?? new SegmentAppender(id);
  const output = new OutputCapture({
    file,
    segmentBytes: options.segmentBytes ?? 1024 * 1024,
    persist: (entries) => {
      const result = options.persist?.() ?? 'written';
      if (result === 'written') indexed.push(...entries.map((entry) => ({ ...entry })));
      return result;
    },
    onBackpressure: (state) => paused.push(state),
  });
  /** The bytes of every indexed file range, in index order. */
  const bytesOf = (stream?: string) =>
    Buffer.concat(
      indexed
        .filter((entry): entry is FileEntry => 'segment' in entry && (stream === undefined || entry.stream === stream))
        .map((entry) => readFileSync(segmentFile(id, entry.segment)).subarray(entry.offset, entry.offset + entry.bytes)),
    );
  return { id, output, indexed, paused, bytesOf };
}

describe('completeLength', () => {
  it('holds back only an unfinished character', () => {
    const euro = Buffer.from('€');
    expect(completeLength(Buffer.from('abc'))).toBe(3);
    expect(completeLength(euro)).toBe(3);
    expect(completeLength(euro.subarray(0, 2))).toBe(0);
    expect(completeLength(Buffer.concat([Buffer.from('a'), Buffer.from('🙂').subarray(0, 3)]))).toBe(1);
    // Bytes that can never start a character are written as they are.
    expect(completeLength(Buffer.from([0x61, 0xff]))).toBe(2);
    expect(completeLength(Buffer.from([0x80, 0x80]))).toBe(2);
  });
});

describe('OutputCapture', () => {
  it('writes every read to the file in the turn it came, before any index row exists', async () => {
    const { id, output, indexed } = capture();
    output.write('stdout', Buffer.from('first\n'));
    await new Promise((resolve) => setImmediate(resolve));
    expect(readFileSync(segmentFile(id, 0), 'utf8')).toBe('first\n');
    expect(indexed).toHaveLength(0);
    output.flush();
    expect(indexed).toMatchObject([{ stream: 'stdout', segment: 0, offset: 0, bytes: 6, newlines: 1 }]);
    output.dispose();
  });

  it('never ends a row inside a character, even when the other stream writes in between', () => {
    const { output, indexed, bytesOf } = capture();
    const euro = Buffer.from('€\n');
    output.write('stdout', euro.subarray(0, 2));
    output.write('stderr', Buffer.from('X'));
    output.write('stdout', euro.subarray(2));
    output.flush();
    expect(indexed.map((entry) => entry.stream)).toEqual(['stderr', 'stdout']);
    expect(bytesOf('stdout').toString()).toBe('€\n');
    output.dispose();
  });

  it('keeps rows to about 64 KiB and starts a new segment file past the segment size', async () => {
    const { id, output, indexed, bytesOf } = capture({ segmentBytes: 100_000 });
    const read = Buffer.from('y\n'.repeat(10_000));
    for (let i = 0; i < 30; i++) {
      output.write('stdout', read);
      // Each read in a turn of its own: the segment is switched between writes, not inside one.
      await new Promise((resolve) => setImmediate(resolve));
    }
    output.flush();
    const files = indexed as FileEntry[];
    expect(Math.max(...files.map((entry) => entry.bytes))).toBeLessThanOrEqual(64 * 1024);
    expect(new Set(files.map((entry) => entry.segment)).size).toBe(6);
    expect(readFileSync(segmentFile(id, 0)).length).toBe(100_000);
    expect(bytesOf().equals(Buffer.concat(Array(30).fill(read)))).toBe(true);
    expect(files.reduce((sum, entry) => sum + entry.newlines, 0)).toBe(300_000);
    output.dispose();
  });

  it('writes a turn of reads at once, and still cuts its rows between characters', async () => {
    const { id, output, indexed, bytesOf } = capture();
    const read = Buffer.from('€'.repeat(3000));
    for (let i = 0; i < 100; i++) output.write('stdout', read);
    output.flush();
    const rows = indexed as FileEntry[];
    expect(rows.length).toBeGreaterThan(1);
    for (const row of rows) {
      expect(row.bytes).toBeLessThanOrEqual(64 * 1024);
      const text = readFileSync(segmentFile(id, row.segment)).subarray(row.offset, row.offset + row.bytes).toString();
      expect(text).toMatch(/^€+$/);
    }
    expect(bytesOf().equals(Buffer.concat(Array(100).fill(read)))).toBe(true);
    output.dispose();
  });

  it('keeps what a full disk refuses, pauses the command past the bound, and writes it in order later', async () => {
    const errors = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    let room = 10;
    class FullDisk extends SegmentAppender {
      override append(parts: readonly Uint8Array[]): void {
        const bytes = Buffer.concat(parts);
        const fits = Math.min(room, bytes.byteLength);
        room -= fits;
        super.append([bytes.subarray(0, fits)]);
        if (fits < bytes.byteLength) throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
      }
    }
    const file = new FullDisk(`capture-full-${++sessions}`);
    const { output, paused, bytesOf } = capture({ file });
    (output as unknown as { maxUnwrittenBytes: number }).maxUnwrittenBytes = 100;
    const reads = Array.from({ length: 20 }, (_, i) => Buffer.from(`line ${String(i).padStart(2, '0')}\n`));
    for (const read of reads) output.write('stdout', read);
    await new Promise((resolve) => setImmediate(resolve));
    expect(paused).toEqual([true]);
    room = Number.MAX_SAFE_INTEGER;
    await vi.waitFor(() => expect(paused).toEqual([true, false]), { timeout: 5000, interval: 20 });
    output.flush();
    expect(bytesOf().equals(Buffer.concat(reads))).toBe(true);
    expect(errors.mock.calls.map((call) => String(call[0]))).toEqual([
      expect.stringMatching(/cannot write output to disk \(ENOSPC/),
      expect.stringMatching(/written again/),
    ]);
    output.dispose();
  });

  it('keeps the batch when the store refuses it and indexes it once it accepts', () => {
    let accept = false;
    const { output, indexed, bytesOf } = capture({ persist: () => (accept ? 'written' : 'failed') });
    output.write('stdout', Buffer.from('one\n'));
    output.flush();
    output.write('stdout', Buffer.from('two\n'));
    expect(indexed).toHaveLength(0);
    accept = true;
    output.flush();
    expect(bytesOf().toString()).toBe('one\ntwo\n');
    output.dispose();
  });
});
