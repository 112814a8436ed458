'use client';

import { useEffect, useRef, useState } from 'react';
import type { SessionJson } from '@/core/contract';
import { describeEvent, SessionEventTracker, type SessionEvent } from '@/core/session-events';
import { showBidiControls } from '@/lib/bidi-controls';
import { claimEvent } from './claim';

// Silence grows without the list changing: it is looked for this often as well.
const LOOK_EVERY_MS = 5000;

function show(event: SessionEvent<SessionJson>, silentMs: number | null, open: (id: string) => void): void {
  // Invisible direction controls shown as markers, as in the tab title: a name cannot pass for another.
  const { title, body } = describeEvent({ ...event, session: { ...event.session, name: showBidiControls(event.session.name) } }, silentMs);
  try {
    const notification = new Notification(title, { body, tag: event.key, icon: '/icon.svg' });
    notification.onclick = () => {
      window.focus();
      open(event.session.id);
      notification.close();
    };
  } catch (error) {
    // Some browsers (Chrome on Android) only show notifications through a service worker.
    console.warn('[active-sessions] could not show a notification:', error);
  }
}

/**
 * Shows a browser notification for each session event found in the list the page polls: sessions
 * launched by agents included, and in a background tab (the list keeps polling there while this is
 * on). Clicking one brings the tab forward with the session open.
 */
export function useSessionNotifications({
  sessions,
  active,
  silentMinutes,
  serverNow,
  open,
}: {
  sessions: SessionJson[];
  active: boolean;
  silentMinutes: number | null;
  serverNow: number;
  open: (id: string) => void;
}): void {
  // Times in the list are the server's: this browser's clock, corrected by how far it was off at load.
  const [skew] = useState(() => serverNow - Date.now());
  const latest = useRef({ sessions, open });
  const look = useRef<() => void>(undefined);
  const silentMs = silentMinutes === null ? null : silentMinutes * 60_000;

  useEffect(() => {
    latest.current = { sessions, open };
    look.current?.();
  }, [sessions, open]);

  useEffect(() => {
    if (!active) return;
    // From now: what had already happened when notifications came on is not news.
    const tracker = new SessionEventTracker();
    look.current = () => {
      for (const event of tracker.observe(latest.current.sessions, Date.now() + skew, silentMs)) {
        void claimEvent(event.key).then((mine) => mine && show(event, silentMs, latest.current.open));
      }
    };
    look.current();
    const timer = setInterval(() => look.current?.(), LOOK_EVERY_MS);
    return () => {
      clearInterval(timer);
      look.current = undefined;
    };
  }, [active, silentMs, skew]);
}
