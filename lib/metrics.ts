import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';

// One histogram per server process, started with it.
const globalForMetrics = globalThis as unknown as { activeSessionsLoopDelay?: IntervalHistogram };
const loopDelay = (globalForMetrics.activeSessionsLoopDelay ??= (() => {
  const histogram = monitorEventLoopDelay({ resolution: 10 });
  histogram.enable();
  return histogram;
})());

const ms = (nanoseconds: number) => Math.round((nanoseconds / 1e6) * 100) / 100;

/** How the server itself is doing: memory and event-loop delay since the last reset. */
export function serverMetrics({ reset }: { reset: boolean }) {
  const memory = process.memoryUsage();
  const metrics = {
    rssBytes: memory.rss,
    heapUsedBytes: memory.heapUsed,
    eventLoopDelayMs: {
      p50: ms(loopDelay.percentile(50)),
      p99: ms(loopDelay.percentile(99)),
      max: ms(loopDelay.max),
    },
  };
  if (reset) loopDelay.reset();
  return metrics;
}
