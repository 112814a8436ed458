import { execFile } from 'node:child_process';
import { segmentFile } from '@/store/output-files';
import type { FileRange } from '@/store/output-write';

let warned = false;

/**
 * Gives the disk space of a dropped stretch of an output file back, keeping every offset after it
 * (util-linux `fallocate --punch-hole`: the file becomes sparse). The command may still be
 * appending to the file, which is why it cannot be cut or rewritten. A file system that cannot
 * punch holes keeps the bytes: said once, as the cap then holds for what is shown, not for the disk.
 */
export function punchHole(sessionId: string, range: FileRange): void {
  const args = ['--punch-hole', '--offset', String(range.offset), '--length', String(range.bytes), segmentFile(sessionId, range.segment)];
  execFile('fallocate', args, (error) => {
    if (!error || warned) return;
    warned = true;
    console.error(`[active-sessions] cannot give back the disk space of output dropped over MAX_OUTPUT_BYTES (${error.message.trim()}): its files keep it`);
  });
}
