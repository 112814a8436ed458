import type { ResourceHistoryJson } from '@/core/contract';
import { resourceHistory } from '@/store/resources';
import type { Session } from '@/store/schema';

/** A session's resource figures over its life, for its charts. */
export function toResourceHistoryJson(session: Pick<Session, 'id' | 'peakRssBytes' | 'cpuSeconds'>): ResourceHistoryJson {
  return {
    samples: resourceHistory(session.id).map((sample) => ({ ...sample, at: sample.at.toISOString() })),
    peakRssBytes: session.peakRssBytes,
    cpuSeconds: session.cpuSeconds,
  };
}
