import { describe, expect, it } from 'vitest';
import { splitAtDetach } from './attach-input';
import { alternateScreenTracker } from './attach-terminal';

describe('splitAtDetach', () => {
  it('keeps what came before Ctrl-] and drops the rest', () => {
    expect(splitAtDetach('ab\x1dcd')).toEqual({ text: 'ab', detach: true });
    expect(splitAtDetach('\x1d')).toEqual({ text: '', detach: true });
    expect(splitAtDetach('ls -la\r\x03\x1b[A')).toEqual({ text: 'ls -la\r\x03\x1b[A', detach: false });
    expect(splitAtDetach('é€😀\x1d')).toEqual({ text: 'é€😀', detach: true });
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
