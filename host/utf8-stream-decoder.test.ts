import { describe, expect, it } from 'vitest';
import { Utf8StreamDecoder } from './utf8-stream-decoder';

const bytes = (...values: number[]) => Uint8Array.from(values);
const decodeAll = (reads: Uint8Array[]) => {
  const decoder = new Utf8StreamDecoder();
  return reads.map((read) => decoder.decode(read)).join('') + decoder.end();
};

describe('Utf8StreamDecoder', () => {
  it('decodes ASCII reads as they are', () => {
    expect(decodeAll([Buffer.from('hello '), Buffer.from('world\n')])).toBe('hello world\n');
  });

  it('joins a character split across reads, even when the next read is otherwise ASCII', () => {
    const euro = Buffer.from('€'); // e2 82 ac
    expect(decodeAll([Buffer.concat([Buffer.from('a'), euro.subarray(0, 2)]), Buffer.concat([euro.subarray(2), Buffer.from('b')])])).toBe('a€b');
    expect(decodeAll([euro.subarray(0, 1), euro.subarray(1, 2), euro.subarray(2)])).toBe('€');
  });

  it('turns a character cut short by ASCII, or by the end, into U+FFFD', () => {
    expect(decodeAll([bytes(0xe2, 0x82), Buffer.from('A')])).toBe('\uFFFDA');
    expect(decodeAll([Buffer.from('x'), bytes(0xe2, 0x82)])).toBe('x\uFFFD');
  });

  it('turns invalid bytes into U+FFFD and goes on with ASCII after them', () => {
    expect(decodeAll([bytes(0x61, 0xff, 0x62), Buffer.from('c\n')])).toBe('a\uFFFDbc\n');
  });

  it('keeps a byte-order mark that comes after the start, and strips one at the start, as TextDecoder does', () => {
    expect(decodeAll([Buffer.from('a'), bytes(0xef, 0xbb, 0xbf, 0x62)])).toBe('a\uFEFFb');
    expect(decodeAll([bytes(0xef, 0xbb, 0xbf, 0x62)])).toBe('b');
  });

  it('keeps a waiting partial character across an empty read', () => {
    expect(decodeAll([bytes(0x26, 0xc3), bytes(), bytes(0x65, 0x46)])).toBe('&\uFFFDeF');
    expect(decodeAll([bytes(0xc3), bytes(), bytes(0xa9)])).toBe('é');
  });

  it('decodes a view into a larger buffer by its own bytes only', () => {
    const backing = Buffer.from('xxHELLOxx');
    expect(decodeAll([backing.subarray(2, 7)])).toBe('HELLO');
  });

  it('gives the same text as a whole-buffer decode for any split of mixed text', () => {
    const whole = Buffer.from('plain ascii, then ünïcödé ✓ 日本語 and 🙂 emoji\nmore ascii\n');
    const expected = new TextDecoder().decode(whole);
    for (let cut = 0; cut <= whole.length; cut++) {
      expect(decodeAll([whole.subarray(0, cut), whole.subarray(cut)])).toBe(expected);
    }
  });
});
