import { and, asc, eq, sql } from 'drizzle-orm';
import { getDb } from './index';
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

/**
 * The readings of one sampling, all sessions in one transaction: each running session's latest
 * figures and peak memory, and the history's new points. A session that has ended meanwhile is
 * left as its end wrote it.
 */
export function recordResourceReadings(readings: ResourceReading[]): void {
  getDb().transaction((tx) => {
    for (const reading of readings) {
      const updated = tx
        .update(sessions)
        .set({
          cpuPercent: reading.cpuPercent,
          rssBytes: reading.rssBytes,
          processCount: reading.processes,
          ports: reading.ports,
          sampledAt: reading.at,
          cpuSeconds: reading.cpuSeconds,
          peakRssBytes: sql`max(coalesce(${sessions.peakRssBytes}, 0), ${reading.rssBytes})`,
        })
        .where(and(eq(sessions.id, reading.sessionId), eq(sessions.status, 'running')))
        .run();
      if (!reading.keep || updated.changes === 0) continue;
      const { sessionId, at, cpuPercent, rssBytes, processes } = reading;
      tx.insert(resourceSamples).values({ sessionId, at, cpuPercent, rssBytes, processes }).run();
    }
  });
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
