import type { SessionJson } from './contract';
import { IDLE_BEFORE_WAITING_MS } from './limits';

/**
 * What is worth telling someone who is not watching: a session ended, a terminal session waits for
 * a keystroke, a running session has printed nothing for a while. The page (from its list poll) and
 * the server (for the webhook) find them the same way, here.
 */
export const SESSION_EVENTS = ['session.ended', 'session.waiting_for_input', 'session.silent'] as const;
export type SessionEventKind = (typeof SESSION_EVENTS)[number];

export type WatchedSession = Pick<
  SessionJson,
  'id' | 'name' | 'status' | 'endReason' | 'exitCode' | 'signal' | 'error' | 'timeout' | 'createdAt' | 'startedAt' | 'waitingForInput' | 'lastOutputAt'
>;

/** Killed by its own time limit, not by a person: a person's kill leaves no error, a timeout says so in it. */
export function timedOut(session: Pick<SessionJson, 'endReason' | 'timeout' | 'error'>): boolean {
  return session.endReason === 'killed' && session.timeout !== null && session.error !== null;
}

/** One occurrence: `key` names it (a session waits again after new output: another key), so it is told once. */
export type SessionEvent<S extends WatchedSession = WatchedSession> = { kind: SessionEventKind; key: string; session: S };

/** Silence is measured from the last output, or from the start for a session that has printed nothing. */
function quietSince(session: WatchedSession): string {
  return session.lastOutputAt ?? session.startedAt ?? session.createdAt;
}

/** The events a session is in at `now`: its end, or its waiting and its silence. */
function eventsNow(session: WatchedSession, now: number, silentMs: number | null): { kind: SessionEventKind; key: string }[] {
  if (session.status !== 'running') return [{ kind: 'session.ended', key: `${session.id}:ended` }];
  const since = quietSince(session);
  const events: { kind: SessionEventKind; key: string }[] = [];
  // Output since the host judged it waiting (the echo of an answer, a kill's ^C) is newer than the
  // flag: a wait only counts once that output has been idle as long as the host requires.
  if (session.waitingForInput && now - Date.parse(since) >= IDLE_BEFORE_WAITING_MS) events.push({ kind: 'session.waiting_for_input', key: `${session.id}:waiting:${since}` });
  if (silentMs !== null && now - Date.parse(since) >= silentMs) events.push({ kind: 'session.silent', key: `${session.id}:silent:${since}` });
  return events;
}

// Enough for every session a page or a server watches; the oldest are forgotten past it.
const MAX_REMEMBERED = 10_000;

function remember(set: Set<string>, key: string): void {
  set.add(key);
  if (set.size > MAX_REMEMBERED) set.delete(set.values().next().value as string);
}

/**
 * Turns successive looks at the sessions into events. What is already so at the first look is not
 * news (the page just opened, the server just started), nor is a session seen for the first time
 * that is older than that first look (a list that shows it now, a filter changed); a session
 * created since is news from its first look, so one that starts and ends between two looks is told.
 */
export class SessionEventTracker {
  private readonly seen = new Set<string>();
  private readonly known = new Set<string>();
  private since: number | undefined;
  private primed = false;

  /** `since`: sessions created before it are old news (default: the newest of the first look). */
  constructor(since?: number) {
    this.since = since;
  }

  observe<S extends WatchedSession>(sessions: readonly S[], now: number, silentMs: number | null): SessionEvent<S>[] {
    const first = !this.primed;
    this.primed = true;
    if (first && this.since === undefined) this.since = Math.max(0, ...sessions.map((session) => Date.parse(session.createdAt) + 1));
    const found: SessionEvent<S>[] = [];
    for (const session of sessions) {
      const isNew = !this.known.has(session.id);
      if (isNew) remember(this.known, session.id);
      const news = !first && (!isNew || Date.parse(session.createdAt) >= (this.since ?? 0));
      for (const { kind, key } of eventsNow(session, now, silentMs)) {
        if (this.seen.has(key)) continue;
        remember(this.seen, key);
        if (news) found.push({ kind, key, session });
      }
    }
    return found;
  }
}

/** How a session ended, in a few words: "exit code 3", "killed (SIGTERM)", "timed out (SIGTERM)", "signal SIGSEGV". */
export function endText(session: Pick<WatchedSession, 'endReason' | 'exitCode' | 'signal' | 'error' | 'timeout'>): string {
  switch (session.endReason) {
    case 'exited':
      return session.signal ? `signal ${session.signal}` : `exit code ${session.exitCode}`;
    case 'killed': {
      const how = timedOut(session) ? 'timed out' : 'killed';
      return session.signal ? `${how} (${session.signal})` : how;
    }
    case 'interrupted':
      return 'interrupted';
    case 'spawn_error':
      return session.error ? `did not start: ${session.error}` : 'did not start';
    case null:
      return 'running';
    default: {
      const never: never = session.endReason;
      return never;
    }
  }
}

/** The event in words: a title naming the session and what happened, and a detail line. */
export function describeEvent(event: SessionEvent, silentMs: number | null): { title: string; body: string } {
  const { session } = event;
  switch (event.kind) {
    case 'session.ended':
      return { title: `${session.name} ${session.status}`, body: endText(session) };
    case 'session.waiting_for_input':
      return { title: `${session.name} is waiting for input`, body: 'Its terminal waits for a keystroke.' };
    case 'session.silent': {
      const minutes = Math.round((silentMs ?? 0) / 60_000);
      return { title: `${session.name} has gone quiet`, body: `No output for ${minutes} minute${minutes === 1 ? '' : 's'}.` };
    }
    default: {
      const never: never = event.kind;
      return never;
    }
  }
}
