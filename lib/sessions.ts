import { writeOrRefuse } from '@/store/health';
import { deleteFinishedSessions, reclaimFreePages } from '@/store/queries';

/**
 * Clear completed: deletes every finished session (but the pinned ones) with its output in one
 * transaction, then hands the freed pages back to the file system a slice at a time, so a huge
 * clear never stalls requests.
 */
export function clearFinished(): number {
  return removeFinished('clearing finished sessions', 'nothing was cleared', () => deleteFinishedSessions());
}

/** Retention: the same removal, of the finished sessions its rules chose. */
export function expireSessions(ids: string[]): number {
  if (ids.length === 0) return 0;
  return removeFinished('removing sessions past their retention', 'nothing was removed', () => deleteFinishedSessions(ids));
}

function removeFinished(what: string, consequence: string, remove: () => number): number {
  const removed = writeOrRefuse(what, consequence, remove);
  if (removed > 0) reclaimSpaceInSlices();
  return removed;
}

function reclaimSpaceInSlices(): void {
  setImmediate(() => {
    try {
      if (reclaimFreePages()) reclaimSpaceInSlices();
    } catch (error) {
      console.error('[active-sessions] could not reclaim free pages:', error);
    }
  });
}
