/**
 * Two tabs of the console see the same events: the first to claim one shows it. Claims are kept in
 * localStorage for a day, and taken under a Web Lock so that two tabs looking at the same moment
 * cannot both win; without Web Locks (or storage) a claim is this tab's own, at worst a duplicate.
 */
const KEY = 'active-sessions:notified';
const LOCK = 'active-sessions:notify';
const KEEP_MS = 24 * 60 * 60 * 1000;
const MAX_KEPT = 1000;

function takeClaim(key: string, now: number): boolean {
  let claims: Record<string, number>;
  try {
    claims = JSON.parse(window.localStorage.getItem(KEY) ?? '{}') as Record<string, number>;
  } catch {
    claims = {};
  }
  if (claims[key] !== undefined) return false;
  const kept = Object.entries(claims)
    .filter(([, at]) => now - at < KEEP_MS)
    .slice(-(MAX_KEPT - 1));
  try {
    window.localStorage.setItem(KEY, JSON.stringify(Object.fromEntries([...kept, [key, now]])));
  } catch {
    // Storage refused: this tab shows it; another tab may too.
  }
  return true;
}

/** True when this tab is the one to show the event named `key`. */
export async function claimEvent(key: string): Promise<boolean> {
  const now = Date.now();
  if (typeof navigator !== 'undefined' && navigator.locks) return navigator.locks.request(LOCK, () => takeClaim(key, now));
  return takeClaim(key, now);
}
