import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { isAlive, until } from '@/lib/testing/helpers';
import { SESSION_MARKER, sessionProcessStats } from './proc';
import { terminateSessions } from './terminate';

const started: number[] = [];
afterEach(() => {
  vi.restoreAllMocks();
  for (const pid of started.splice(0)) if (isAlive(pid)) process.kill(pid, 'SIGKILL');
});

describe('terminating a session', () => {
  it('sends each process one SIGTERM: through its group, or on its own when it left the group', async () => {
    const id = `terminate-${randomUUID()}`;
    // A shell with a child in its group and one that left it (setsid), all carrying the marker.
    const shell = spawn('sh', ['-c', 'sleep 30 & setsid sleep 31 & wait'], { detached: true, stdio: 'ignore', env: { ...process.env, [SESSION_MARKER]: id } });
    const pgid = shell.pid!;
    const tree = await until(() => {
      const stats = sessionProcessStats([], [id]);
      return stats.length === 3 && stats.some((stat) => stat.pgrp !== pgid) && stats;
    }, 10_000, 'the shell, its child and the one that left its group');
    started.push(...tree.map((stat) => stat.pid));
    const escapee = tree.find((stat) => stat.pgrp !== pgid)!.pid;

    const kill = vi.spyOn(process, 'kill');
    const result = await terminateSessions({ pgids: [pgid], sessionIds: [id] }, 5_000);

    expect(result).toEqual({ escalated: false, survivors: [] });
    const terms = kill.mock.calls.filter(([, signal]) => signal === 'SIGTERM').map(([pid]) => pid);
    expect(terms).toEqual([-pgid, escapee]);
    expect(tree.filter((stat) => isAlive(stat.pid))).toEqual([]);
  });
});
