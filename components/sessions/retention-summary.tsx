'use client';

import { Archive } from 'lucide-react';
import type { RetentionJson } from '@/core/contract';
import { formatBytes, formatDuration } from '@/lib/format';
import { SessionLink } from './session-link';
import { useRetention } from './use-sessions';

function keepRule({ retainDays, retainBytes }: RetentionJson): string {
  const days = retainDays === null ? undefined : `${retainDays} day${retainDays === 1 ? '' : 's'}`;
  const bytes = retainBytes === null ? undefined : formatBytes(retainBytes);
  return `keep ${[days, bytes].filter(Boolean).join(' / ')}`;
}

function when(retention: RetentionJson, now: number): string {
  const dueAt = retention.next?.dueAt;
  if (dueAt === null || dueAt === undefined) return `once output passes ${formatBytes(retention.retainBytes ?? 0)}`;
  const wait = Date.parse(dueAt) - now;
  return wait <= 0 ? 'now' : `in ${formatDuration(wait)}`;
}

/**
 * One line under the counts: the output stored, the rules, and the session they remove first, e.g.
 * "Retention: 1.2 GiB used · keep 7 days / 2.0 GiB · next to go: build (in 3d 04h)".
 */
export function RetentionSummary() {
  const { data: retention } = useRetention();
  if (!retention) return null;
  const ruled = retention.retainDays !== null || retention.retainBytes !== null;
  return (
    <p className="text-muted-foreground flex min-w-0 items-start gap-1.5 text-xs" data-testid="retention-summary">
      <Archive className="mt-px size-3.5 shrink-0" aria-hidden />
      {/* Wraps rather than cuts: on a phone, what goes next is the part that would be cut. */}
      <span className="min-w-0" suppressHydrationWarning>
        {ruled ? 'Retention: ' : ''}
        {formatBytes(retention.usedBytes)} {ruled ? 'used' : 'of output stored'} · {ruled ? keepRule(retention) : 'kept until cleared (no RETAIN_DAYS or RETAIN_BYTES)'}
        {ruled && retention.next && (
          <>
            {' · next to go: '}
            <SessionLink id={retention.next.id}>{retention.next.name}</SessionLink> ({when(retention, Date.now())})
          </>
        )}
        {ruled && !retention.next && ' · nothing to remove'}
      </span>
    </p>
  );
}
