import type { SessionJson } from '@/core/contract';
import { SessionEventTracker, type SessionEvent } from '@/core/session-events';
import { onAnyOutput } from '@/lib/output-events';
import { getSession, listSessions, type ListedSession } from '@/store/queries';
import { toSessionJson } from '../session-json';

export type WatchOptions = {
  onEvent: (event: SessionEvent<SessionJson>) => void;
  /** Without output this long, a running session is silent; null: never. */
  silentMs: number | null;
  tickMs?: number;
};

// Ends arrive as the host's news at once; a look this often catches waits and silences.
const TICK_MS = 2000;
const RUNNING_LIMIT = 10_000;

/**
 * Looks at the store's sessions every tick and hands on what happened since the last look (see
 * core/session-events): the running ones, plus those the host had news of or that were running
 * last time, which is how an end is seen, even of a session that started and ended in between.
 * Returns the function that stops watching.
 */
export function watchSessions({ onEvent, silentMs, tickMs = TICK_MS }: WatchOptions): () => void {
  const tracker = new SessionEventTracker(Date.now());
  let running = new Set<string>();
  const withNews = new Set<string>();
  const stopNews = onAnyOutput((id) => withNews.add(id));

  const look = () => {
    try {
      const now = listSessions({ status: 'running', limit: RUNNING_LIMIT });
      const ids = new Set(now.map((session) => session.id));
      const others = [...new Set([...running, ...withNews])]
        .filter((id) => !ids.has(id))
        .map((id) => getSession(id))
        .filter((session): session is NonNullable<typeof session> => session !== undefined);
      withNews.clear();
      running = ids;
      const sessions = [...now, ...others].map((session: ListedSession) => toSessionJson(session));
      for (const event of tracker.observe(sessions, Date.now(), silentMs)) onEvent(event);
    } catch (error) {
      // A store busy or refusing for a moment: the next look sees what this one missed.
      console.error('[active-sessions] looking for session events failed:', error);
    }
  };

  look();
  const timer = setInterval(look, tickMs);
  timer.unref();
  return () => {
    clearInterval(timer);
    stopNews();
  };
}
