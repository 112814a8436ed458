import { describe, expect, it } from 'vitest';
import { describeEvent, SessionEventTracker, type WatchedSession } from './session-events';

const T0 = Date.parse('2026-01-01T00:00:00.000Z');
const iso = (ms: number) => new Date(ms).toISOString();

function session(over: Partial<WatchedSession> & { id: string }): WatchedSession {
  return {
    name: over.id,
    status: 'running',
    endReason: null,
    exitCode: null,
    signal: null,
    error: null,
    timeout: null,
    createdAt: iso(T0),
    startedAt: iso(T0),
    waitingForInput: false,
    lastOutputAt: null,
    ...over,
  };
}

const ended = (over: Partial<WatchedSession> & { id: string }) =>
  session({ status: 'failed', endReason: 'exited', exitCode: 3, ...over });
const kinds = (events: { kind: string; session: { id: string } }[]) => events.map((event) => `${event.session.id} ${event.kind}`);

describe('SessionEventTracker', () => {
  it('tells nothing of the first look: what had ended or waited before is not news', () => {
    const tracker = new SessionEventTracker();
    expect(tracker.observe([ended({ id: 'a' }), session({ id: 'b', waitingForInput: true })], T0 + 5000, null)).toEqual([]);
    expect(tracker.observe([ended({ id: 'a' }), session({ id: 'b', waitingForInput: true })], T0 + 9000, null)).toEqual([]);
  });

  it('tells an end once, and a wait once per stretch of quiet', () => {
    const tracker = new SessionEventTracker();
    tracker.observe([session({ id: 'a' }), session({ id: 'b' })], T0, null);
    expect(kinds(tracker.observe([ended({ id: 'a' }), session({ id: 'b', waitingForInput: true })], T0 + 2000, null))).toEqual([
      'a session.ended',
      'b session.waiting_for_input',
    ]);
    expect(tracker.observe([ended({ id: 'a' }), session({ id: 'b', waitingForInput: true })], T0 + 2001, null)).toEqual([]);
    // Typed into, it printed, and waits again: a new wait.
    const again = session({ id: 'b', waitingForInput: true, lastOutputAt: iso(T0 + 3000) });
    expect(kinds(tracker.observe([ended({ id: 'a' }), again], T0 + 5000, null))).toEqual(['b session.waiting_for_input']);
  });

  it('does not take output newer than the wait (its flag not yet cleared) for a new wait', () => {
    const tracker = new SessionEventTracker();
    tracker.observe([session({ id: 'b', waitingForInput: true })], T0 + 5000, null);
    const killed = session({ id: 'b', waitingForInput: true, lastOutputAt: iso(T0 + 6000) });
    expect(tracker.observe([killed], T0 + 6100, null)).toEqual([]);
    expect(kinds(tracker.observe([ended({ id: 'b', lastOutputAt: iso(T0 + 6000) })], T0 + 6200, null))).toEqual(['b session.ended']);
  });

  it('tells a session created after the first look even if it ended before the next look', () => {
    const tracker = new SessionEventTracker();
    tracker.observe([session({ id: 'old' })], T0, null);
    const events = tracker.observe([ended({ id: 'quick', createdAt: iso(T0 + 10) }), session({ id: 'old' })], T0 + 20, null);
    expect(kinds(events)).toEqual(['quick session.ended']);
  });

  it('does not tell an older session that only now shows up in the list', () => {
    const tracker = new SessionEventTracker();
    tracker.observe([session({ id: 'new', createdAt: iso(T0 + 100) })], T0 + 100, null);
    expect(tracker.observe([ended({ id: 'older', createdAt: iso(T0) })], T0 + 200, null)).toEqual([]);
  });

  it('with a start time given, sessions created after it are news from their first look', () => {
    const tracker = new SessionEventTracker(T0 + 50);
    tracker.observe([], T0 + 50, null);
    expect(kinds(tracker.observe([ended({ id: 'later', createdAt: iso(T0 + 60) }), ended({ id: 'before' })], T0 + 70, null))).toEqual([
      'later session.ended',
    ]);
  });

  it('tells silence once it lasts the given time, from the last output, and again after new output', () => {
    const tracker = new SessionEventTracker();
    const quiet = session({ id: 'q', lastOutputAt: iso(T0) });
    tracker.observe([quiet], T0, 60_000);
    expect(tracker.observe([quiet], T0 + 59_999, 60_000)).toEqual([]);
    expect(kinds(tracker.observe([quiet], T0 + 60_000, 60_000))).toEqual(['q session.silent']);
    expect(tracker.observe([quiet], T0 + 120_000, 60_000)).toEqual([]);
    const spoke = session({ id: 'q', lastOutputAt: iso(T0 + 130_000) });
    expect(tracker.observe([spoke], T0 + 131_000, 60_000)).toEqual([]);
    expect(kinds(tracker.observe([spoke], T0 + 190_000, 60_000))).toEqual(['q session.silent']);
  });

  it('never tells silence when it is off, and measures a session that printed nothing from its start', () => {
    const tracker = new SessionEventTracker();
    tracker.observe([], T0, null);
    const mute = session({ id: 'm', createdAt: iso(T0 + 1), startedAt: iso(T0 + 1) });
    expect(tracker.observe([mute], T0 + 10 * 60_000, null)).toEqual([]);
    expect(kinds(tracker.observe([mute], T0 + 10 * 60_000, 60_000))).toEqual(['m session.silent']);
  });
});

describe('describeEvent', () => {
  it('names the session and how it ended', () => {
    const event = { kind: 'session.ended' as const, key: 'k', session: ended({ id: 'a', name: 'build' }) };
    expect(describeEvent(event, null)).toEqual({ title: 'build failed', body: 'exit code 3' });
    const killed = { ...event, session: ended({ id: 'a', name: 'serve', endReason: 'killed', exitCode: null, signal: 'SIGTERM' }) };
    expect(describeEvent(killed, null).body).toBe('killed (SIGTERM)');
    const limited = { ...killed.session, timeout: 30 };
    expect(describeEvent({ ...event, session: limited }, null).body, 'killed by a person before its limit').toBe('killed (SIGTERM)');
    expect(describeEvent({ ...event, session: { ...limited, error: 'timed out after 30s' } }, null).body).toBe('timed out (SIGTERM)');
    const silent = { kind: 'session.silent' as const, key: 'k', session: session({ id: 'a', name: 'crawl' }) };
    expect(describeEvent(silent, 10 * 60_000)).toEqual({ title: 'crawl has gone quiet', body: 'No output for 10 minutes.' });
  });
});
