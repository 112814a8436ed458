import { describe, expect, it } from 'vitest';
import { DAY_MS, planRetention, type RetentionCandidate } from './retention';

const NOW = Date.parse('2026-06-01T00:00:00Z');
const ended = (id: string, daysAgo: number, bytes: number): RetentionCandidate => ({ id, name: `job ${id}`, endedAt: NOW - daysAgo * DAY_MS, bytes });
// Oldest end first, as the store hands them over.
const candidates = [ended('a', 10, 300), ended('b', 5, 200), ended('c', 1, 100)];

describe('planRetention', () => {
  it('removes nothing and names nothing without a rule', () => {
    expect(planRetention(candidates, 10_000, {}, NOW)).toEqual({ remove: [], next: null });
  });

  it('RETAIN_DAYS: removes those that ended before the cutoff; the next is due when it passes', () => {
    expect(planRetention(candidates, 600, { days: 3 }, NOW)).toEqual({
      remove: ['a', 'b'],
      next: { id: 'a', name: 'job a', dueAt: NOW - 7 * DAY_MS },
    });
    expect(planRetention(candidates, 600, { days: 30 }, NOW)).toEqual({ remove: [], next: { id: 'a', name: 'job a', dueAt: NOW + 20 * DAY_MS } });
  });

  it('RETAIN_BYTES: removes the oldest until the stored output fits, counting what cannot be removed', () => {
    // 1000 stored, 400 of it running or pinned: a and b must go to get to 500.
    expect(planRetention(candidates, 1000, { bytes: 500 }, NOW).remove).toEqual(['a', 'b']);
    expect(planRetention(candidates, 1000, { bytes: 700 }, NOW).remove).toEqual(['a']);
    // Within the limit: nothing goes, and the oldest goes only once more output arrives.
    expect(planRetention(candidates, 600, { bytes: 700 }, NOW)).toEqual({ remove: [], next: { id: 'a', name: 'job a', dueAt: null } });
  });

  it('removes every candidate when what cannot be removed is over the limit on its own', () => {
    expect(planRetention(candidates, 5000, { bytes: 100 }, NOW)).toEqual({ remove: ['a', 'b', 'c'], next: { id: 'a', name: 'job a', dueAt: NOW } });
  });

  it('with both rules, a session goes when either says so', () => {
    expect(planRetention(candidates, 600, { days: 7, bytes: 250 }, NOW).remove).toEqual(['a', 'b']);
    expect(planRetention(candidates, 600, { days: 7, bytes: 10_000 }, NOW).remove).toEqual(['a']);
  });

  it('reads no further than the first session it keeps', () => {
    let read = 0;
    function* counted() {
      for (const candidate of candidates) {
        read++;
        yield candidate;
      }
    }
    planRetention(counted(), 600, { days: 7 }, NOW);
    expect(read).toBe(2);
  });
});
