import { describe, expect, it } from 'vitest';
import { formatBytes, formatDuration, formatStartTime, sessionRuntimeMs } from './format';

describe('formatDuration', () => {
  it.each([
    [0, '0s'],
    [999, '0s'],
    [42_000, '42s'],
    [187_000, '3m 07s'],
    [3_720_000, '1h 02m'],
    [3_599_999, '59m 59s'],
    [97_200_000, '1d 03h'],
    [-5, '0s'],
  ])('%d ms → %s', (ms, text) => expect(formatDuration(ms)).toBe(text));
});

describe('sessionRuntimeMs', () => {
  const startedAt = '2026-01-01T00:00:00.000Z';
  it('counts to now while running and to the end once ended', () => {
    expect(sessionRuntimeMs({ startedAt, createdAt: startedAt, endedAt: null }, Date.parse(startedAt) + 5000)).toBe(5000);
    expect(
      sessionRuntimeMs({ startedAt, createdAt: startedAt, endedAt: '2026-01-01T00:01:00.000Z' }, Date.parse(startedAt) + 1e9),
    ).toBe(60_000);
  });
});

describe('formatBytes', () => {
  it.each([
    [12, '12 B'],
    [2048, '2.0 KiB'],
    [50_000_000, '48 MiB'],
  ])('%d → %s', (bytes, text) => expect(formatBytes(bytes)).toBe(text));
});

describe('formatStartTime', () => {
  // Local times, so that the day boundary is the machine's own wherever the test runs.
  const started = new Date(2026, 10, 28, 14, 3, 22);
  const dateOf = (date: Date, year?: 'numeric') => date.toLocaleDateString(undefined, { year, month: 'short', day: 'numeric' });

  it('is the time alone on the same day, up to its last second', () => {
    const text = formatStartTime(started.toISOString(), new Date(2026, 10, 28, 23, 59, 59));
    expect(text).toBe(started.toLocaleTimeString());
    expect(text).not.toContain(dateOf(started));
  });

  it('carries the date from the next day on, and the year once it is another year', () => {
    expect(formatStartTime(started.toISOString(), new Date(2026, 10, 29, 0, 0, 1))).toContain(dateOf(started));
    expect(formatStartTime(started.toISOString(), new Date(2026, 10, 29))).not.toContain('2026');
    expect(formatStartTime(started.toISOString(), new Date(2027, 0, 2))).toContain(dateOf(started, 'numeric'));
  });
});
