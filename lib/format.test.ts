import { describe, expect, it } from 'vitest';
import { formatBytes, formatDuration, sessionRuntimeMs } from './format';

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
