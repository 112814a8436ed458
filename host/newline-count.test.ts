import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { countingBuffer, countNewlines } from './newline-count';

const reference = (bytes: Uint8Array) => bytes.reduce((sum, byte) => sum + (byte === 0x0a ? 1 : 0), 0);

describe('countNewlines', () => {
  it('counts every newline in the counting buffer, whatever the range, in steps of 16 or not', () => {
    const noise = randomBytes(countingBuffer.length);
    // Dense newlines too: more than 255 in a lane must not wrap its counter.
    noise.fill(0x0a, 100_000, 200_000);
    noise.copy(countingBuffer);
    for (const [start, end] of [[0, countingBuffer.length], [0, 0], [3, 4], [1, 17], [15, 33], [7, 100_003], [99_990, 200_017], [countingBuffer.length - 5, countingBuffer.length]]) {
      const slice = countingBuffer.subarray(start, end);
      expect(countNewlines(slice), `[${start}, ${end})`).toBe(reference(slice));
    }
  });

  it('counts bytes that are not in its buffer the slow way, to the same answer', () => {
    const bytes = Buffer.from('a\nb\n\nc');
    expect(countNewlines(bytes)).toBe(3);
    expect(countNewlines(new Uint8Array(0))).toBe(0);
  });
});
