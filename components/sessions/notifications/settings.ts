'use client';

import { useCallback, useSyncExternalStore } from 'react';

/** What this browser wants to be told: chosen once, kept in localStorage, the same in every tab. */
export type NotificationSettings = { enabled: boolean; silentMinutes: number | null };

export const SILENT_MINUTES_CHOICES = [5, 10, 15, 30, 60] as const;

const KEY = 'active-sessions:notifications';
const OFF: NotificationSettings = { enabled: false, silentMinutes: null };

/** Something to subscribe to: changes this tab makes (`changed`), and the window events that say another did. */
function changes(windowEvents: string[]) {
  const listeners = new Set<() => void>();
  return {
    changed: () => listeners.forEach((listener) => listener()),
    subscribe: (onChange: () => void) => {
      listeners.add(onChange);
      for (const event of windowEvents) window.addEventListener(event, onChange);
      return () => {
        listeners.delete(onChange);
        for (const event of windowEvents) window.removeEventListener(event, onChange);
      };
    },
  };
}

// Other tabs' changes arrive as `storage` events.
const settingsChanges = changes(['storage']);

function parse(raw: string | null): NotificationSettings {
  try {
    const value = JSON.parse(raw ?? 'null') as Partial<NotificationSettings> | null;
    const minutes = value?.silentMinutes;
    return {
      enabled: value?.enabled === true,
      silentMinutes: typeof minutes === 'number' && (SILENT_MINUTES_CHOICES as readonly number[]).includes(minutes) ? minutes : null,
    };
  } catch {
    return OFF;
  }
}

// A snapshot must stay the same object while the stored text does (useSyncExternalStore).
let last: { raw: string | null; value: NotificationSettings } = { raw: null, value: OFF };
// Kept for the page's life when storage is refused (private mode, quota).
let unstored: string | undefined;

function read(): NotificationSettings {
  let raw: string | null;
  try {
    raw = unstored ?? window.localStorage.getItem(KEY);
  } catch {
    raw = null;
  }
  if (raw !== last.raw) last = { raw, value: parse(raw) };
  return last.value;
}

function useNotificationSettings(): [NotificationSettings, (change: Partial<NotificationSettings>) => void] {
  const settings = useSyncExternalStore(settingsChanges.subscribe, read, () => OFF);
  const update = useCallback((change: Partial<NotificationSettings>) => {
    const raw = JSON.stringify({ ...read(), ...change });
    try {
      window.localStorage.setItem(KEY, raw);
    } catch {
      unstored = raw;
    }
    settingsChanges.changed();
  }, []);
  return [settings, update];
}

/** The browser's answer so far: 'unsupported' where pages cannot show notifications. */
export type Permission = NotificationPermission | 'unsupported';

function currentPermission(): Permission {
  return 'Notification' in window ? Notification.permission : 'unsupported';
}

// A permission changed in the browser's site settings shows once the tab has the focus again.
const permissionChanges = changes(['focus']);

function usePermission(): [Permission, () => Promise<Permission>] {
  const permission = useSyncExternalStore(permissionChanges.subscribe, currentPermission, () => 'default' as const);
  const request = useCallback(async () => {
    if (currentPermission() === 'default') await Notification.requestPermission();
    permissionChanges.changed();
    return currentPermission();
  }, []);
  return [permission, request];
}

/** The choices, the browser's permission, and whether notifications are on: both say yes. */
export function useNotificationPreferences() {
  const [settings, update] = useNotificationSettings();
  const [permission, requestPermission] = usePermission();
  return { settings, update, permission, requestPermission, active: settings.enabled && permission === 'granted' };
}

export type NotificationPreferences = ReturnType<typeof useNotificationPreferences>;
