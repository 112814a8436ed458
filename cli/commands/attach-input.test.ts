import { describe, expect, it } from 'vitest';
import { MAX_INPUT_BYTES } from '@/core/contract';
import { headWithin, inputQueue, splitAtDetach } from './attach-input';
import { alternateScreenTracker } from './attach-terminal';

describe('splitAtDetach', () => {
  it('keeps what came before Ctrl-] and drops the rest', () => {
    expect(splitAtDetach('ab\x1dcd')).toEqual({ text: 'ab', detach: true });
    expect(splitAtDetach('\x1d')).toEqual({ text: '', detach: true });
    expect(splitAtDetach('ls -la\r\x03\x1b[A')).toEqual({ text: 'ls -la\r\x03\x1b[A', detach: false });
    expect(splitAtDetach('é€😀\x1d')).toEqual({ text: 'é€😀', detach: true });
  });
});

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
});

describe('alternateScreenTracker', () => {
  it('follows the last switch, also when a sequence is cut between two writes', () => {
    const tracker = alternateScreenTracker();
    tracker.see('vim\x1b[?1049h\x1b[H');
    expect(tracker.on).toBe(true);
    tracker.see('bye\x1b[?10');
    expect(tracker.on).toBe(true);
    tracker.see('49l$ ');
    expect(tracker.on).toBe(false);
    tracker.see('\x1b[?47h');
    expect(tracker.on).toBe(true);
  });
});
