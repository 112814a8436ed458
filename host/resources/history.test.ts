import { beforeAll, describe, expect, it } from 'vitest';
import { insertSession } from '@/store/queries';
import { recordResourceReadings, resourceHistory } from '@/store/resources';
import { useTempDatabase } from '@/lib/testing/helpers';
import { HistoryKeeper } from './history';

const CAP = 20;

beforeAll(() => {
  useTempDatabase();
});

function runningSession(id: string) {
  insertSession({ id, name: id, command: 'true', cwd: '/', status: 'running', createdAt: new Date() });
}

/** Offers the keeper a reading at `at` ms, as the sampler does; true if it was kept. */
function offer(keeper: HistoryKeeper, sessionId: string, at: number): boolean {
  const keep = keeper.wants(sessionId, at);
  recordResourceReadings([{ sessionId, at: new Date(at), cpuPercent: 1, rssBytes: 1, processes: 1, ports: [], cpuSeconds: 0, keep }]);
  if (keep) keeper.kept(sessionId, at);
  return keep;
}

describe("a session's resource history", () => {
  it('stays under its cap, spread evenly over the whole life of the session', () => {
    runningSession('long');
    const keeper = new HistoryKeeper(CAP);
    let at = 0;
    for (let i = 0; i <= CAP; i++) offer(keeper, 'long', (at = i * 2000));
    const thinned = resourceHistory('long');
    expect(thinned.length).toBe(CAP / 2 + 1);
    expect(thinned[0].at.getTime()).toBe(0);
    expect(thinned[1].at.getTime()).toBe(4000);
    // From now on, one reading in two.
    expect(offer(keeper, 'long', (at += 2000))).toBe(false);
    expect(offer(keeper, 'long', (at += 2000))).toBe(true);
  });

  it('carries on with the same spacing after a restart of the host', () => {
    runningSession('restarted');
    const before = new HistoryKeeper(CAP);
    for (let i = 0; i <= CAP; i++) offer(before, 'restarted', i * 2000);
    const after = new HistoryKeeper(CAP);
    const last = CAP * 2000;
    expect(after.wants('restarted', last + 2000)).toBe(false);
    expect(after.wants('restarted', last + 4000)).toBe(true);
  });
});
