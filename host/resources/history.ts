import { historySpan, thinHistory, type HistorySpan } from '@/store/resources';

/** The most points a session's history keeps: an hour at full density, then ever sparser. */
export const MAX_HISTORY_POINTS = 1800;

/**
 * Keeps each session's history within its cap (MAX_HISTORY_POINTS) and evenly spread over its whole life: when
 * full, it is halved (every other point), and from then on a reading is kept only once as much time
 * has passed as lies between the points already kept. What it knows of each history is read from
 * the store once, so a restarted host carries on with the same spacing.
 */
export class HistoryKeeper {
  private spans = new Map<string, HistorySpan>();

  constructor(private readonly maxPoints = MAX_HISTORY_POINTS) {}

  /** Whether a reading taken at `at` (ms) goes into the session's history. */
  wants(sessionId: string, at: number): boolean {
    const span = this.span(sessionId);
    if (span.count < 2) return true;
    const spacing = (span.last - span.first) / (span.count - 1);
    // A sampling tick comes a little early or late: a point is due from three quarters of the spacing.
    return at - span.last >= spacing * 0.75;
  }

  /** The store has taken the reading wanted at `at`: thins the history once it is over the cap. */
  kept(sessionId: string, at: number): void {
    const span = this.span(sessionId);
    span.count++;
    if (span.count === 1) span.first = at;
    span.last = at;
    if (span.count <= this.maxPoints) return;
    thinHistory(sessionId);
    this.spans.set(sessionId, historySpan(sessionId));
  }

  /** Lets go of sessions no longer sampled. */
  keepOnly(sessionIds: Set<string>): void {
    for (const id of this.spans.keys()) if (!sessionIds.has(id)) this.spans.delete(id);
  }

  private span(sessionId: string): HistorySpan {
    let span = this.spans.get(sessionId);
    if (!span) this.spans.set(sessionId, (span = historySpan(sessionId)));
    return span;
  }
}
