import { describe, expect, it } from 'vitest';
import { systemLineFailed } from './system-line';

describe('systemLineFailed', () => {
  it('tells the console lines about a failure from the others', () => {
    for (const text of [
      'exited with code 1',
      'exited with code 127 (command not found)',
      'killed by user (SIGTERM)',
      'killed by SIGSEGV',
      'timed out after 30m 00s (SIGTERM)',
      'interrupted: the session host was stopped',
      'failed to start: no such directory',
      'ended while its session host was not its parent: its exit status is unknown',
    ]) {
      expect(systemLineFailed(text), text).toBe(true);
    }
    for (const text of ['exited with code 0', '[… 2.0 MiB of output dropped here …]', 'background processes still hold the output open (pids 4)']) {
      expect(systemLineFailed(text), text).toBe(false);
    }
  });
});
