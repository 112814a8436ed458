'use client';

import { useCallback, useSyncExternalStore } from 'react';

// Other tabs' changes arrive as `storage` events; this tab's own as this one.
const LOCAL_CHANGE = 'active-sessions:stored-toggle';

function subscribe(onChange: () => void) {
  window.addEventListener('storage', onChange);
  window.addEventListener(LOCAL_CHANGE, onChange);
  return () => {
    window.removeEventListener('storage', onChange);
    window.removeEventListener(LOCAL_CHANGE, onChange);
  };
}

// Where a choice is kept when storage is refused (private mode, quota): for as long as the page.
const unstored = new Map<string, boolean>();

function read(key: string): boolean {
  try {
    return unstored.get(key) ?? window.localStorage.getItem(key) === '1';
  } catch {
    return false;
  }
}

/** An on/off choice the browser remembers (localStorage), the same in every tab; off until chosen. */
export function useStoredToggle(key: string): [boolean, (on: boolean) => void] {
  const on = useSyncExternalStore(subscribe, () => read(key), () => false);
  const set = useCallback(
    (value: boolean) => {
      try {
        window.localStorage.setItem(key, value ? '1' : '0');
      } catch {
        unstored.set(key, value);
      }
      window.dispatchEvent(new Event(LOCAL_CHANGE));
    },
    [key],
  );
  return [on, set];
}
