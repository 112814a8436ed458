import type { Statement } from 'better-sqlite3';
import { asc, eq, sql } from 'drizzle-orm';
import { getDb, type Db } from './index';
import { resourceSamples, sessions } from './schema';

/** What the session host read of one session's process tree at one moment. */
export type ResourceReading = {
  sessionId: string;
  at: Date;
  cpuPercent: number;
  rssBytes: number;
  processes: number;
  ports: number[];
  cpuSeconds: number;
  /** Whether the reading also goes into the session's history (which is thinned out as it grows). */
  keep: boolean;
};

// Prepared once per connection: with 50 sessions sampled every 2 s, building each statement anew
// would cost more than the writes.
const prepared = new WeakMap<Db['$client'], { latest: Statement; sample: Statement }>();

function statements(client: Db['$client']) {
  let found = prepared.get(client);
  if (!found) {
    found = {
      latest: client.prepare(
        `UPDATE sessions SET cpu_percent = ?, rss_bytes = ?, process_count = ?, ports = ?, sampled_at = ?, cpu_seconds = ?,
           peak_rss_bytes = max(coalesce(peak_rss_bytes, 0), ?)
         WHERE id = ? AND status = 'running'`,
      ),
      sample: client.prepare('INSERT INTO session_resource_samples (session_id, at, cpu_percent, rss_bytes, processes) VALUES (?, ?, ?, ?, ?)'),
    };
    prepared.set(client, found);
  }
  return found;
}

/**
 * The readings of one sampling, all sessions in one transaction: each running session's latest
 * figures and peak memory, and the history's new points. A session that has ended meanwhile is
 * left as its end wrote it.
 */
export function recordResourceReadings(readings: ResourceReading[]): void {
  const client = getDb().$client;
  const { latest, sample } = statements(client);
  client.transaction(() => {
    for (const r of readings) {
      const at = r.at.getTime();
      const updated = latest.run(r.cpuPercent, r.rssBytes, r.processes, JSON.stringify(r.ports), at, r.cpuSeconds, r.rssBytes, r.sessionId);
      if (r.keep && updated.changes > 0) sample.run(r.sessionId, at, r.cpuPercent, r.rssBytes, r.processes);
    }
  })();
}

/** The running sessions and their main processes (which lead their process groups). */
export function runningSessionPids(): { id: string; pid: number | null }[] {
  return getDb().select({ id: sessions.id, pid: sessions.pid }).from(sessions).where(eq(sessions.status, 'running')).all();
}

export type HistorySpan = { count: number; first: number; last: number };

/** How many points a session's history holds, and the times (ms) of its first and last. */
export function historySpan(sessionId: string): HistorySpan {
  const row = getDb()
    .select({ count: sql<number>`count(*)`, first: sql<number | null>`min(${resourceSamples.at})`, last: sql<number | null>`max(${resourceSamples.at})` })
    .from(resourceSamples)
    .where(eq(resourceSamples.sessionId, sessionId))
    .get();
  return { count: row?.count ?? 0, first: row?.first ?? 0, last: row?.last ?? 0 };
}

/** Halves a session's history, keeping every other point from the first: the same span at half the density. */
export function thinHistory(sessionId: string): void {
  getDb().run(sql`
    DELETE FROM ${resourceSamples} WHERE ${resourceSamples.id} IN (
      SELECT id FROM (
        SELECT ${resourceSamples.id} AS id, row_number() OVER (ORDER BY ${resourceSamples.at}, ${resourceSamples.id}) AS n
        FROM ${resourceSamples} WHERE ${resourceSamples.sessionId} = ${sessionId}
      ) WHERE n % 2 = 0
    )`);
}

/** A session's history, oldest first. */
export function resourceHistory(sessionId: string) {
  return getDb()
    .select({ at: resourceSamples.at, cpuPercent: resourceSamples.cpuPercent, rssBytes: resourceSamples.rssBytes, processes: resourceSamples.processes })
    .from(resourceSamples)
    .where(eq(resourceSamples.sessionId, sessionId))
    .orderBy(asc(resourceSamples.at), asc(resourceSamples.id))
    .all();
}
