import { describe, expect, it } from 'vitest';
import { createEscapeHold } from './control';

describe('createEscapeHold', () => {
  function setup() {
    const timers = new Map<number, () => void>();
    let next = 0;
    const events: string[] = [];
    const hold = createEscapeHold({
      sendEscape: () => events.push('ESC'),
      release: () => events.push('release'),
      schedule: (run) => {
        timers.set(++next, run);
        return next;
      },
      cancel: (timer) => timers.delete(timer as number),
    });
    const elapse = () => {
      for (const [id, run] of timers) {
        timers.delete(id);
        run();
      }
    };
    return { hold, events, elapse, timers };
  }

  it('releases on a second Escape within the window, sending neither', () => {
    const { hold, events, timers } = setup();
    expect(hold.keydown('Escape')).toBe(false);
    expect(hold.keydown('Escape')).toBe(false);
    expect(events).toEqual(['release']);
    expect(timers.size).toBe(0);
  });

  it('sends a lone Escape once the window has passed', () => {
    const { hold, events, elapse } = setup();
    hold.keydown('Escape');
    expect(events).toEqual([]);
    elapse();
    expect(events).toEqual(['ESC']);
    expect(hold.keydown('Escape')).toBe(false);
    elapse();
    expect(events).toEqual(['ESC', 'ESC']);
  });

  it('sends a held Escape before the next key, which the terminal then handles', () => {
    const { hold, events, timers } = setup();
    hold.keydown('Escape');
    expect(hold.keydown(':')).toBe(true);
    expect(events).toEqual(['ESC']);
    expect(timers.size).toBe(0);
    expect(hold.keydown('q')).toBe(true);
    expect(events).toEqual(['ESC']);
  });

  it('drops a held Escape when control ends another way', () => {
    const { hold, events, elapse } = setup();
    hold.keydown('Escape');
    hold.reset();
    elapse();
    expect(events).toEqual([]);
  });
});
