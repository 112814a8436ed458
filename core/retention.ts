/**
 * Which finished sessions the retention rules remove, and which one goes next: pure, so that the
 * pass that deletes and the page that says what will be deleted cannot disagree.
 */

export const DAY_MS = 24 * 60 * 60 * 1000;

/** RETAIN_DAYS and RETAIN_BYTES; a rule left undefined removes nothing. */
export type RetentionRules = { days?: number; bytes?: number };

/** A session the rules may remove: finished and not pinned. */
export type RetentionCandidate = { id: string; name: string; endedAt: number; bytes: number };

export type RetentionPlan = {
  /** The ids to remove now. */
  remove: string[];
  /**
   * The candidate the rules reach first: the first of `remove`, or else the first kept. `dueAt`: when
   * they remove it (now or earlier: at the next pass); null when only RETAIN_BYTES can, once more
   * output arrives. Null when no rule is set or there is no candidate.
   */
  next: { id: string; name: string; dueAt: number | null } | null;
};

/**
 * Walks the candidates oldest end first: each goes if it is past RETAIN_DAYS, or while the stored
 * output (`usedBytes`, every session's, running and pinned ones too) is over RETAIN_BYTES. Stops at
 * the first one that stays, since every later one ended later; the walk reads no further than that.
 */
export function planRetention(
  candidates: Iterable<RetentionCandidate>,
  usedBytes: number,
  rules: RetentionRules,
  now: number,
): RetentionPlan {
  const remove: string[] = [];
  let next: RetentionPlan['next'] = null;
  if (rules.days === undefined && rules.bytes === undefined) return { remove, next };
  let used = usedBytes;
  for (const candidate of candidates) {
    const overSize = rules.bytes !== undefined && used > rules.bytes;
    const expiresAt = rules.days === undefined ? null : candidate.endedAt + rules.days * DAY_MS;
    const dueAt = overSize ? now : expiresAt;
    next ??= { id: candidate.id, name: candidate.name, dueAt };
    if (dueAt === null || dueAt > now) break;
    remove.push(candidate.id);
    used -= candidate.bytes;
  }
  return { remove, next };
}
