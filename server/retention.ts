import { config } from '@/config';
import type { RetentionJson } from '@/core/contract';
import { planRetention, type RetentionRules } from '@/core/retention';
import { onAnyOutput } from '@/lib/output-events';
import { expireSessions } from '@/lib/sessions';
import { retentionCandidates, storedOutputBytes } from '@/store/retention';

/**
 * RETAIN_DAYS and RETAIN_BYTES at work: finished, unpinned sessions go oldest first, through the
 * same removal as Clear Completed. The web server runs a pass at start, every minute (sessions age
 * while nothing happens), and shortly after news of output or an end (sessions grow and finish).
 */

const PERIOD_MS = 60_000;
// News of output comes many times a second from a busy session: one pass per this much at most.
const AFTER_NEWS_MS = 5_000;

function rules(): RetentionRules {
  return { days: config.retainDays, bytes: config.retainBytes };
}

/** One pass: removes what the rules say should go now; how many went. */
export function applyRetention(now = Date.now()): number {
  const current = rules();
  if (current.days === undefined && current.bytes === undefined) return 0;
  return expireSessions(planRetention(retentionCandidates(), storedOutputBytes(), current, now).remove);
}

/** The space used, the rules, and the session they remove first. */
export function retentionStatus(now = Date.now()): RetentionJson {
  const current = rules();
  const usedBytes = storedOutputBytes();
  const { next } = planRetention(retentionCandidates(), usedBytes, current, now);
  return {
    usedBytes,
    retainDays: current.days ?? null,
    retainBytes: current.bytes ?? null,
    next: next && { id: next.id, name: next.name, dueAt: next.dueAt === null ? null : new Date(next.dueAt).toISOString() },
  };
}

const globalForRetention = globalThis as unknown as { activeSessionsRetention?: boolean };

/** Starts the passes, once per process; reads the rules now, so a bad value stops the server at start. */
export function startRetention(): void {
  const current = rules();
  if (globalForRetention.activeSessionsRetention || (current.days === undefined && current.bytes === undefined)) return;
  globalForRetention.activeSessionsRetention = true;
  const pass = () => {
    try {
      const removed = applyRetention();
      if (removed > 0) console.log(`[active-sessions] retention removed ${removed} finished session(s)`);
    } catch (error) {
      // The store refused (a full disk, which is when retention matters most): the next pass tries again.
      console.error(`[active-sessions] retention pass failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  };
  pass();
  setInterval(pass, PERIOD_MS).unref();
  let scheduled: NodeJS.Timeout | undefined;
  onAnyOutput(() => {
    scheduled ??= setTimeout(() => {
      scheduled = undefined;
      pass();
    }, AFTER_NEWS_MS).unref();
  });
}
