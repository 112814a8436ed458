import { spawn } from 'node:child_process';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { sessionProcesses } from './proc';

afterEach(() => vi.restoreAllMocks());

describe('the process table', () => {
  it('answers a question about this very moment from a fresh read, not the one shared a moment ago', async () => {
    // A process group of its own that lives until its stdin closes.
    const child = spawn('sh', ['-c', 'read line'], { detached: true, stdio: ['pipe', 'ignore', 'ignore'] });
    const pid = child.pid!;
    await new Promise((resolve) => child.once('spawn', resolve));
    // The clock stands still: the table read now would be shared for as long.
    vi.spyOn(performance, 'now').mockReturnValue(performance.now());
    expect(sessionProcesses([pid])).toEqual([pid]);

    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.stdin!.end('\n');
    await exited;
    expect(sessionProcesses([pid]), 'the shared read, taken while it ran').toEqual([pid]);
    expect(sessionProcesses([pid], [], { fresh: true })).toEqual([]);
  });
});
