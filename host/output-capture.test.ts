import { appendFileSync, closeSync, readFileSync } from 'node:fs';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { until, useTempDatabase } from '@/lib/testing/helpers';
import { OUTPUT_FILES, openOutputFiles, segmentFile } from '@/store/output-files';
import type { FileEntry, OutputEntry } from '@/store/output-write';
import { completeLength, OutputCapture } from './output-capture';

beforeAll(() => {
  useTempDatabase();
});

let sessions = 0;
const open: OutputCapture[] = [];
afterEach(() => open.splice(0).forEach((capture) => capture.dispose()));

/** A capture of a new session's files, and a way to write into them as its command would. */
function capture(options: { persist?: () => 'written' | 'failed'; onStdout?: (bytes: Buffer) => void } = {}) {
  const id = `capture-${++sessions}`;
  const files = openOutputFiles(id);
  closeSync(files.stdout);
  closeSync(files.stderr);
  const indexed: OutputEntry[] = [];
  const output = new OutputCapture({
    sessionId: id,
    persist: (entries) => {
      const result = options.persist?.() ?? 'written';
      if (result === 'written') indexed.push(...entries.map((entry) => ({ ...entry })));
      return result;
    },
    onStdout: options.onStdout,
    flushIntervalMs: 5,
  });
  open.push(output);
  const write = (stream: 'stdout' | 'stderr', bytes: Uint8Array | string) => appendFileSync(segmentFile(id, OUTPUT_FILES[stream]), bytes);
  /** The bytes of every indexed file range, in index order. */
  const bytesOf = (stream?: string) =>
    Buffer.concat(
      indexed
        .filter((entry): entry is FileEntry => 'segment' in entry && (stream === undefined || entry.stream === stream))
        .map((entry) => readFileSync(segmentFile(id, entry.segment)).subarray(entry.offset, entry.offset + entry.bytes)),
    );
  return { id, output, indexed, write, bytesOf };
}

describe('completeLength', () => {
  it('holds back only an unfinished character', () => {
    const euro = Buffer.from('€');
    expect(completeLength(Buffer.from('abc'))).toBe(3);
    expect(completeLength(euro)).toBe(3);
    expect(completeLength(euro.subarray(0, 2))).toBe(0);
    expect(completeLength(Buffer.concat([Buffer.from('a'), Buffer.from('🙂').subarray(0, 3)]))).toBe(1);
    // Bytes that can never start a character are indexed as they are.
    expect(completeLength(Buffer.from([0x61, 0xff]))).toBe(2);
    expect(completeLength(Buffer.from([0x80, 0x80]))).toBe(2);
  });
});

describe('OutputCapture', () => {
  it('indexes what the command writes to its files as it lands, each stream apart, in the order heard', async () => {
    const { output, indexed, write } = capture();
    output.start();
    write('stdout', 'first\n');
    await until(() => indexed.length === 1, 5000, 'the first write to be indexed');
    write('stderr', 'oops\n');
    await until(() => indexed.length === 2, 5000, 'the second write to be indexed');
    write('stdout', 'second\n');
    await until(() => indexed.length === 3, 5000, 'the third write to be indexed');
    expect(indexed).toMatchObject([
      { stream: 'stdout', segment: 0, offset: 0, bytes: 6, newlines: 1 },
      { stream: 'stderr', segment: 1, offset: 0, bytes: 5, newlines: 1 },
      { stream: 'stdout', segment: 0, offset: 6, bytes: 7, newlines: 1 },
    ]);
  });

  it('reads the files in the order they were heard growing, even when both grew since the last read', async () => {
    const { output, indexed, write } = capture();
    output.start();
    write('stdout', 'first\n');
    await until(() => indexed.length === 1, 5000, 'the first write to be indexed');
    // Both within the read interval of the one before: one read of both, stderr heard first.
    write('stderr', 'then this\n');
    write('stdout', 'and this\n');
    await until(() => indexed.length === 3, 5000, 'both writes to be indexed');
    expect(indexed.map((entry) => entry.stream)).toEqual(['stdout', 'stderr', 'stdout']);
  });

  it('indexes what was written before it started', () => {
    const { output, indexed, write } = capture();
    write('stdout', 'early\n');
    output.start();
    output.flush();
    expect(indexed).toMatchObject([{ stream: 'stdout', offset: 0, bytes: 6 }]);
  });

  it('never ends a row inside a character; at the end an unfinished one is kept as it is', async () => {
    const { output, indexed, write, bytesOf } = capture();
    output.start();
    const euro = Buffer.from('€\n');
    write('stdout', euro.subarray(0, 2));
    write('stderr', 'X');
    await until(() => indexed.length === 1, 5000, 'stderr to be indexed');
    expect(indexed).toMatchObject([{ stream: 'stderr', bytes: 1 }]);
    write('stdout', euro.subarray(2));
    await until(() => indexed.length === 2, 5000, 'the whole character to be indexed');
    expect(bytesOf('stdout').toString()).toBe('€\n');
    write('stdout', euro.subarray(0, 1));
    output.finish();
    output.flush();
    expect(bytesOf('stdout')).toEqual(Buffer.concat([euro, euro.subarray(0, 1)]));
  });

  it('keeps rows to about 64 KiB, cut between characters', () => {
    const { id, output, indexed, write, bytesOf } = capture();
    const text = Buffer.from('€'.repeat(100_000));
    write('stdout', text);
    output.start();
    output.finish();
    output.flush();
    const rows = indexed as FileEntry[];
    expect(rows.length).toBeGreaterThan(4);
    for (const row of rows) {
      expect(row.bytes).toBeLessThanOrEqual(64 * 1024);
      expect(readFileSync(segmentFile(id, row.segment)).subarray(row.offset, row.offset + row.bytes).toString()).toMatch(/^€+$/);
    }
    expect(bytesOf().equals(text)).toBe(true);
  });

  it('keeps the batch when the store refuses it and indexes it once it accepts', () => {
    let accept = false;
    const { output, write, bytesOf } = capture({ persist: () => (accept ? 'written' : 'failed') });
    write('stdout', 'one\n');
    output.start();
    output.flush();
    write('stdout', 'two\n');
    output.finish();
    expect(bytesOf()).toHaveLength(0);
    accept = true;
    output.flush();
    expect(bytesOf().toString()).toBe('one\ntwo\n');
  });

  it('reads nothing while held (a screen behind), everything once released, and feeds stdout on', async () => {
    const fed: Buffer[] = [];
    const { output, indexed, write } = capture({ onStdout: (bytes) => fed.push(bytes) });
    output.start();
    output.hold(true);
    write('stdout', 'while held\n');
    write('stderr', 'also\n');
    // Held: a look at the files finds nothing to read.
    (output as unknown as { readAll: (final: boolean) => void }).readAll(false);
    output.flush();
    expect(indexed).toHaveLength(0);
    output.hold(false);
    output.flush();
    expect(indexed.map((entry) => entry.stream)).toEqual(['stdout', 'stderr']);
    expect(Buffer.concat(fed).toString()).toBe('while held\n');
  });

  it('reads in one look what the file held when the look began, however fast it grows meanwhile', () => {
    let appends = 0;
    // Each stretch read makes the file grow again, as a writer that never pauses would.
    const { output, write, bytesOf } = capture({ onStdout: () => appends++ < 50 && write('stdout', 'more\n') });
    write('stdout', 'first\n');
    output.start();
    output.flush();
    expect(bytesOf('stdout').toString()).toBe('first\n');
    (output as unknown as { readAll: (final: boolean) => void }).readAll(false);
    output.flush();
    expect(bytesOf('stdout').toString()).toBe('first\nmore\n');
  });

  it('indexes streaming output at most every 100 ms, and quiet output at its usual pace again after', async () => {
    const flushes: { at: number; noticing: string }[] = [];
    const made = capture({
      persist: () => {
        flushes.push({ at: performance.now(), noticing: made.output.noticing });
        return 'written';
      },
    });
    const { output } = made;
    output.start();
    // Lines to the two files in turn: the kernel merges only repeated events.
    const writer = setInterval(() => {
      for (let i = 0; i < 20; i++) made.write(i % 2 ? 'stderr' : 'stdout', 'streaming line\n');
    }, 1);
    try {
      await until(() => flushes.filter((flush) => flush.noticing === 'timer').length >= 5, 20_000, 'five flushes while streaming');
    } finally {
      clearInterval(writer);
    }
    // The first flush on the timer may have been set before the output streamed.
    const streaming = flushes.filter((flush) => flush.noticing === 'timer').slice(1);
    // 100 ms apart, give or take the event loop's cached clock; unpaced, they came every read (10 ms).
    for (let i = 1; i < streaming.length; i++) expect(streaming[i].at - streaming[i - 1].at).toBeGreaterThanOrEqual(80);
    await until(() => output.noticing === 'inotify', 10_000, 'the capture to watch again once quiet');
    expect((output as unknown as { flushGap: () => number }).flushGap()).toBe(5);
  });

  it('reads streaming output on a timer instead of hearing each write, and hears quiet output again after', async () => {
    const { output, write, bytesOf } = capture();
    output.start();
    const expected = { stdout: '', stderr: '' };
    let written = 0;
    // A stream: lines to the two files in turn (the kernel merges only repeated events), all along.
    const writer = setInterval(() => {
      for (let i = 0; i < 20; i++, written++) {
        const stream = written % 2 ? 'stderr' : 'stdout';
        write(stream, `${stream} ${written}\n`);
        expected[stream] += `${stream} ${written}\n`;
      }
    }, 1);
    try {
      await until(() => output.noticing === 'timer', 10_000, 'the capture to read on a timer');
    } finally {
      clearInterval(writer);
    }
    await until(() => output.noticing === 'inotify', 10_000, 'the capture to watch again once quiet');
    write('stdout', 'late\n');
    expected.stdout += 'late\n';
    await until(() => bytesOf('stdout').toString() === expected.stdout, 10_000, 'the late line');
    expect(bytesOf('stderr').toString()).toBe(expected.stderr);
  });
});
