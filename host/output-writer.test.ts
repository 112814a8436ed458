import { describe, expect, it, vi } from 'vitest';
import type { PendingChunk } from '@/store/queries';
import { OutputWriter } from './output-writer';

function capture() {
  const written: PendingChunk[] = [];
  const writer = new OutputWriter({ persist: (chunks) => (written.push(...chunks), 'written'), onBackpressure: () => {} });
  return { writer, written };
}

describe('OutputWriter rows', () => {
  it('gathers small reads into rows of at most 64 Ki characters, in order', () => {
    const { writer, written } = capture();
    const reads = Array.from({ length: 2000 }, (_, i) => `read ${String(i).padStart(4, '0')} `.padEnd(100, '.') + '\n');
    for (const read of reads) writer.write('stdout', Buffer.from(read));
    writer.flush();
    expect(written.map((chunk) => chunk.text).join('')).toBe(reads.join(''));
    // Whole reads per row: 648 of 101 characters fit in 64 Ki.
    expect(written.length).toBe(Math.ceil(2000 / Math.floor((64 * 1024) / 101)));
    expect(Math.max(...written.map((chunk) => chunk.text.length))).toBeLessThanOrEqual(64 * 1024);
  });

  it('cuts one long read into rows, never between the halves of a surrogate pair', () => {
    const { writer, written } = capture();
    const text = 'a' + '🙂'.repeat(100_000);
    writer.write('stdout', Buffer.from(text));
    writer.flush();
    expect(written.map((chunk) => chunk.text).join('')).toBe(text);
    for (const chunk of written) {
      expect(chunk.text.length).toBeLessThanOrEqual(64 * 1024);
      expect(chunk.text.codePointAt(0)).not.toBe(0xde42);
    }
  });

  it('keeps stdout and stderr runs apart and in the order they came', () => {
    const { writer, written } = capture();
    writer.write('stdout', Buffer.from('one\n'));
    writer.write('stderr', Buffer.from('two\n'));
    writer.write('stdout', Buffer.from('three\n'));
    writer.flush();
    expect(written.map(({ stream, text }) => [stream, text])).toEqual([
      ['stdout', 'one\n'],
      ['stderr', 'two\n'],
      ['stdout', 'three\n'],
    ]);
  });

  it('keeps a batch the store refused and writes it whole on the next flush', () => {
    const written: PendingChunk[] = [];
    let refuse = true;
    const paused: boolean[] = [];
    const writer = new OutputWriter({
      persist: (chunks) => (refuse ? 'failed' : (written.push(...chunks), 'written')),
      onBackpressure: (value) => paused.push(value),
    });
    writer.write('stdout', Buffer.from('kept\n'));
    writer.flush();
    expect(written).toEqual([]);
    writer.write('stdout', Buffer.from('and more\n'));
    refuse = false;
    writer.flush();
    writer.dispose();
    expect(written.map((chunk) => chunk.text).join('')).toBe('kept\nand more\n');
    expect(paused).toEqual([true, false]);
  });

  it('asks a store that keeps refusing less and less often, down to every 2 s', () => {
    vi.useFakeTimers();
    try {
      let attempts = 0;
      const writer = new OutputWriter({ persist: () => (attempts++, 'failed'), onBackpressure: () => undefined });
      writer.write('stdout', Buffer.from('waiting for room\n'));
      vi.advanceTimersByTime(20_000);
      // 50, 100, 200 … 1600 ms, then every 2000 ms: 5 + 9 tries, not 400.
      expect(attempts).toBeGreaterThanOrEqual(12);
      expect(attempts).toBeLessThanOrEqual(16);
      writer.dispose();
    } finally {
      vi.useRealTimers();
    }
  });
});
