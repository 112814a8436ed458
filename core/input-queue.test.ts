import { describe, expect, it } from 'vitest';
import { MAX_INPUT_BYTES } from './contract';
import { headWithin, inputQueue } from './input-queue';

describe('headWithin', () => {
  it('cuts at a number of UTF-8 bytes, never inside a character', () => {
    expect(headWithin('abc', 2)).toBe('ab');
    expect(headWithin('aé', 2)).toBe('a');
    expect(headWithin('aé', 3)).toBe('aé');
    expect(headWithin('😀😀', 7)).toBe('😀');
    expect(headWithin('x'.repeat(MAX_INPUT_BYTES + 5), MAX_INPUT_BYTES)).toHaveLength(MAX_INPUT_BYTES);
  });
});

// Every promise callback that can run has run.
const settled = () => new Promise((resolve) => setImmediate(resolve));

/** A send that answers only when the test says so, recording what it was given. */
function gatedSend() {
  const sent: string[] = [];
  const gates: (() => void)[] = [];
  const send = (text: string) => {
    sent.push(text);
    return new Promise<void>((resolve) => gates.push(resolve));
  };
  return { sent, send, open: () => gates.shift()?.() };
}

describe('inputQueue', () => {
  it('sends one request at a time, in order, and what was typed meanwhile together', async () => {
    const { sent, send, open } = gatedSend();
    const queue = inputQueue(send, (error) => {
      throw error;
    });
    queue.push('a');
    queue.push('b');
    queue.push('c');
    expect(sent).toEqual(['a']);
    open();
    await settled();
    expect(sent).toEqual(['a', 'bc']);
    queue.push('d');
    const flushed = queue.flushed();
    open();
    await settled();
    expect(sent).toEqual(['a', 'bc', 'd']);
    open();
    await flushed;
    queue.push('e');
    expect(sent).toEqual(['a', 'bc', 'd', 'e']);
  });

  it('splits a paste larger than a request may carry', async () => {
    const sent: string[] = [];
    const queue = inputQueue(async (text) => sent.push(text), () => undefined);
    queue.push('y'.repeat(MAX_INPUT_BYTES * 2 + 1));
    await queue.flushed();
    expect(sent.map((text) => text.length)).toEqual([MAX_INPUT_BYTES, MAX_INPUT_BYTES, 1]);
  });

  it('reports a failure once and drops what was waiting behind it', async () => {
    const errors: unknown[] = [];
    const sent: string[] = [];
    const queue = inputQueue(async (text) => {
      sent.push(text);
      throw new Error('refused');
    }, (error) => errors.push(error));
    queue.push('a');
    queue.push('b');
    await queue.flushed();
    expect(sent).toEqual(['a']);
    expect(errors).toHaveLength(1);
  });

  it('sends in order, one request at a time, joining what was typed meanwhile', async () => {
    const sent: string[] = [];
    let inFlight = 0;
    let release: () => void = () => {};
    const queue = inputQueue(
      (text) =>
        new Promise<void>((resolve) => {
          inFlight++;
          expect(inFlight).toBe(1);
          sent.push(text);
          release = () => {
            inFlight--;
            resolve();
          };
        }),
      (error) => {
        throw error;
      },
    );
    queue.push('y');
    queue.push('e');
    queue.push('s');
    expect(sent).toEqual(['y']);
    release();
    await expect.poll(() => sent).toEqual(['y', 'es']);
    queue.push('\r');
    release();
    await expect.poll(() => sent).toEqual(['y', 'es', '\r']);
    release();
  });

  it('reports a failed send and goes on with later input', async () => {
    const errors: string[] = [];
    const sent: string[] = [];
    const queue = inputQueue(
      async (text) => {
        if (text === 'bad') throw new Error('session ended');
        sent.push(text);
      },
      (error) => errors.push((error as Error).message),
    );
    queue.push('bad');
    await expect.poll(() => errors).toEqual(['session ended']);
    queue.push('ok');
    await expect.poll(() => sent).toEqual(['ok']);
  });
});
