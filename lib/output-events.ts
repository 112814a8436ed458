import { EventEmitter } from 'node:events';

// One emitter per server process (globalThis: route handlers and the runner may be bundled apart).
const globalForEvents = globalThis as unknown as { activeSessionsOutputEvents?: EventEmitter };
const events = (globalForEvents.activeSessionsOutputEvents ??= new EventEmitter().setMaxListeners(0));

/** Tells live readers that a session has new output (or has ended) in the store. */
export function notifyOutput(sessionId: string): void {
  events.emit(sessionId);
}

/** Calls `listener` whenever the session has news; returns the unsubscribe function. */
export function onOutput(sessionId: string, listener: () => void): () => void {
  events.on(sessionId, listener);
  return () => events.off(sessionId, listener);
}
