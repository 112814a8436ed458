import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getSession } from '@/store/queries';
import { resourceHistory } from '@/store/resources';
import { textOf, until, useTempDatabase, waitForEnd } from '@/lib/testing/helpers';
import { launchSession, requestKill, stopAllSessionsSync } from '../runner';
import { ResourceSampler } from './sampler';

const MB = 1024 * 1024;

// 200 MB written (so every page is resident), a listening socket on a port the kernel picks, and an
// escapee: a double fork into a session of its own, found only by the marker in its environment.
const BIG_LISTENER = `(setsid sleep 600 &) ; exec python3 -c '
import socket, time
data = b"x" * (200 * 1024 * 1024)
server = socket.socket()
server.bind(("127.0.0.1", 0))
server.listen()
print(server.getsockname()[1], flush=True)
time.sleep(600)
'`;

// Children that each use 50 ms of CPU, print a line and exit.
const SHORT_CHILDREN = `while :; do python3 -c '
import time
start = time.process_time()
while time.process_time() - start < 0.05: pass
print(1, flush=True)
'; done`;

beforeAll(() => {
  useTempDatabase();
});
afterAll(() => {
  stopAllSessionsSync(0);
});

function launch(command: string) {
  const { id, pid } = launchSession({ command });
  if (!pid) throw new Error('the command did not start');
  return { id, pid, sampler: new ResourceSampler(() => [{ id, pgid: pid }]) };
}

/** The nanoseconds a process has run on a CPU, as the scheduler counts them (not in clock ticks, as /proc/<pid>/stat). */
function ranNs(pid: number): number {
  return Number(readFileSync(`/proc/${pid}/schedstat`, 'utf8').split(' ')[0]);
}

async function killAndWait(id: string) {
  requestKill(id, 0);
  return waitForEnd(id);
}

describe('resource sampling of a running session', () => {
  it('finds its memory, its listening port and every process, escapees included', async () => {
    const { id, sampler } = launch(BIG_LISTENER);
    const port = Number(await until(() => textOf(id, 'stdout').trim(), 20_000, 'the port'));
    const sampled = await until(
      () => {
        sampler.sample();
        const session = getSession(id);
        return session?.rssBytes && session.rssBytes >= 200 * MB && session.ports?.includes(port) && session.processCount === 2 ? session : undefined;
      },
      20_000,
      '200 MB, the port and two processes',
    );
    // The interpreter's own memory comes on top, but not another 200 MB.
    expect(sampled.rssBytes).toBeLessThan(300 * MB);
    expect(sampled.peakRssBytes).toBeGreaterThanOrEqual(200 * MB);
    expect(sampled.sampledAt).toBeInstanceOf(Date);
    const ended = await killAndWait(id);
    expect(ended.peakRssBytes).toBeGreaterThanOrEqual(200 * MB);
    expect(resourceHistory(id).some((sample) => sample.rssBytes >= 200 * MB)).toBe(true);
  });

  it('measures a busy loop as the scheduler saw it run: near 100 % when it has a core to itself', async () => {
    const { id, pid, sampler } = launch('while :; do :; done');
    sampler.sample();
    const before = { ran: ranNs(pid), at: performance.now() };
    await until(() => performance.now() - before.at >= 1000, 5000, 'a second of running');
    const [reading] = sampler.sample();
    const ran = ranNs(pid) - before.ran;
    const share = (ran / 1e6 / (performance.now() - before.at)) * 100;
    // On a busy machine the loop gets less than a core: whatever it got, the figure says.
    expect(Math.abs(reading.cpuPercent - share)).toBeLessThanOrEqual(10);
    expect(reading.processes).toBe(1);
    await killAndWait(id);
  });

  it('counts the CPU time of children that have exited', async () => {
    const { id, sampler } = launch(SHORT_CHILDREN);
    const exited = await until(() => {
      const lines = textOf(id, 'stdout').length / 2;
      return lines >= 6 && lines;
    }, 20_000, 'six children to have run');
    // Hardly any child is alive at a sampling: only their parent's children's time holds theirs.
    const [reading] = sampler.sample();
    expect(reading.cpuSeconds).toBeGreaterThanOrEqual(exited * 0.05);
    await killAndWait(id);
  });
});
