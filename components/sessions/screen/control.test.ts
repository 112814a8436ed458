import { describe, expect, it } from 'vitest';
import { createInputQueue, createReleaseGesture } from './control';

describe('createReleaseGesture', () => {
  it('releases on two Escapes within the window, forwarding the first', () => {
    const gesture = createReleaseGesture(600);
    expect(gesture.press('Escape', 1000)).toBe('forward');
    expect(gesture.press('Escape', 1500)).toBe('release');
  });

  it('forwards Escapes too far apart, and any Escape after another key', () => {
    const gesture = createReleaseGesture(600);
    expect(gesture.press('Escape', 0)).toBe('forward');
    expect(gesture.press('Escape', 700)).toBe('forward');
    expect(gesture.press('j', 800)).toBe('forward');
    expect(gesture.press('Escape', 900)).toBe('forward');
    expect(gesture.press('Escape', 1000)).toBe('release');
  });

  it('starts over after a release and after a reset', () => {
    const gesture = createReleaseGesture(600);
    gesture.press('Escape', 0);
    expect(gesture.press('Escape', 10)).toBe('release');
    expect(gesture.press('Escape', 20)).toBe('forward');
    gesture.reset();
    expect(gesture.press('Escape', 30)).toBe('forward');
  });
});

describe('createInputQueue', () => {
  it('sends in order, one request at a time, joining what was typed meanwhile', async () => {
    const sent: string[] = [];
    let inFlight = 0;
    let release: () => void = () => {};
    const queue = createInputQueue(
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
    const queue = createInputQueue(
      async (text) => {
        if (text === 'bad') throw new Error('session ended');
        sent.push(text);
      },
      (error) => errors.push(error.message),
    );
    queue.push('bad');
    await expect.poll(() => errors).toEqual(['session ended']);
    queue.push('ok');
    await expect.poll(() => sent).toEqual(['ok']);
  });
});
