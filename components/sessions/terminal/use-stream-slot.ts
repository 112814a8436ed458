'use client';

import { useEffect, useState } from 'react';

// Browsers allow six HTTP/1.1 connections per host, shared by all tabs. Live streams hold theirs
// open, so at most three tabs stream at once; the others poll until a slot is free, and the
// remaining connections stay free for ordinary requests: a seventh tab still loads.
const SLOTS = 3;
const slotName = (i: number) => `active-sessions-stream-slot-${i}`;
const RETRY_MS = 1500;

/**
 * Whether this tab may open a live stream now. Coordinated across tabs with the Web Locks API;
 * where it is missing (a plain-HTTP page on a non-local address), every visible tab may stream.
 */
export function useStreamSlot(wanted: boolean): boolean {
  const [granted, setGranted] = useState(false);

  useEffect(() => {
    if (!wanted) return;
    if (!('locks' in navigator)) {
      setGranted(true);
      return () => setGranted(false);
    }
    const controller = new AbortController();
    let release = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    const take = () => {
      if (controller.signal.aborted) return undefined;
      setGranted(true);
      return held;
    };
    const tryFree = (i: number) =>
      new Promise<boolean>((resolve) => {
        navigator.locks
          .request(slotName(i), { ifAvailable: true }, (lock) => {
            resolve(lock !== null);
            return lock ? take() : undefined;
          })
          .catch(() => resolve(false));
      });
    void (async () => {
      // All taken: look again now and then. Queueing on one slot would miss another one freed.
      while (!controller.signal.aborted) {
        for (let i = 0; i < SLOTS; i++) if (await tryFree(i)) return;
        await new Promise((resolve) => setTimeout(resolve, RETRY_MS));
      }
    })();
    return () => {
      controller.abort();
      release();
      setGranted(false);
    };
  }, [wanted]);

  return granted;
}
