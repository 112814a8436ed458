import { writeOrRefuse } from '@/store/health';
import { clearFinishedSessions, reclaimFreePages } from '@/store/queries';

/**
 * Clear completed: deletes every finished session with its output in one transaction, then hands
 * the freed pages back to the file system a slice at a time, so a huge clear never stalls requests.
 */
export function clearFinished(): number {
  const cleared = writeOrRefuse('clearing finished sessions', 'nothing was cleared', clearFinishedSessions);
  if (cleared > 0) reclaimSpaceInSlices();
  return cleared;
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
