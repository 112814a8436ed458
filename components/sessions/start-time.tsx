'use client';

import { useSyncExternalStore } from 'react';
import { formatStartTime } from '@/lib/format';

const noSubscription = () => () => {};

/**
 * When a session started, in the browser's time zone: the time alone today, with the date on
 * another day, the full timestamp on hover. The server knows neither the zone nor the locale, so
 * the text is written once the page runs in the browser rather than hydrated from a guess.
 */
export function StartTime({ iso }: { iso: string }) {
  const inBrowser = useSyncExternalStore(noSubscription, () => true, () => false);
  return (
    <time dateTime={iso} title={inBrowser ? new Date(iso).toString() : undefined} className="tabular-nums">
      {inBrowser ? formatStartTime(iso) : ''}
    </time>
  );
}
