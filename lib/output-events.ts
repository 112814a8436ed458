import { EventEmitter } from 'node:events';

// One emitter per process (globalThis: route handlers and the runner may be bundled apart).
const globalForEvents = globalThis as unknown as { activeSessionsOutputEvents?: EventEmitter };
const events = (globalForEvents.activeSessionsOutputEvents ??= new EventEmitter().setMaxListeners(0));

// A symbol cannot collide with a session id, which names every other event.
const ANY_SESSION = Symbol.for('active-sessions.any-session-output');

/** Tells live readers that a session has new output (or has ended) in the store. */
export function notifyOutput(sessionId: string): void {
  events.emit(sessionId);
  events.emit(ANY_SESSION, sessionId);
}

/** Calls `listener` whenever the session has news; returns the unsubscribe function. */
export function onOutput(sessionId: string, listener: () => void): () => void {
  events.on(sessionId, listener);
  return () => events.off(sessionId, listener);
}

/** Calls `listener` with the id of every session that has news; returns the unsubscribe function. */
export function onAnyOutput(listener: (sessionId: string) => void): () => void {
  events.on(ANY_SESSION, listener);
  return () => events.off(ANY_SESSION, listener);
}

/** The sessions someone is listening to: what a reader may have missed while news could not reach it. */
export function listenedSessions(): string[] {
  return events.eventNames().filter((name): name is string => typeof name === 'string');
}
