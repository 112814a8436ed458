'use client';

import type { SessionJson } from '@/core/contract';
import { formatBytes } from '@/lib/format';
import { formatCpu, formatCpuTime, MEMORY_CAVEAT } from './figures';
import { ListeningPorts } from './listening-ports';
import { Sparkline } from './sparkline';
import { useResourceHistory } from './use-resource-history';

function Figure({ label, value, detail, title, children }: { label: string; value: string; detail?: string; title?: string; children: React.ReactNode }) {
  return (
    <div className="flex min-w-0 flex-col gap-1 rounded-md border px-2.5 py-1.5" title={title}>
      {/* On a narrow card the detail goes to a line of its own rather than being cut. */}
      <div className="flex flex-wrap items-baseline gap-x-1.5 text-xs tabular-nums">
        <span className="text-muted-foreground mr-auto">{label}</span>
        <span className="text-sm font-medium">{value}</span>
        {detail && <span className="text-muted-foreground">{detail}</span>}
      </div>
      {children}
    </div>
  );
}

/**
 * What the session's process tree uses: CPU and memory over its life as sparklines, with the
 * latest figures while it runs (or the CPU time and the peak once it has ended), its processes and
 * the ports it listens on. Nothing for an ended session never sampled (one that lasted under ~2 s).
 */
export function SessionResources({ session }: { session: SessionJson }) {
  const running = session.status === 'running';
  const { data } = useResourceHistory(session.id, running);
  const latest = running ? session.resources : null;
  const samples = data?.samples ?? [];
  const peak = session.peakRssBytes ?? data?.peakRssBytes ?? null;
  const cpuSeconds = session.cpuSeconds ?? data?.cpuSeconds ?? null;
  // A running session keeps its place from the start, so the terminal does not jump at the first sample.
  if (!running && samples.length === 0 && peak === null) return null;

  const cpu = samples.map((sample) => ({ at: Date.parse(sample.at), value: sample.cpuPercent }));
  const memory = samples.map((sample) => ({ at: Date.parse(sample.at), value: sample.rssBytes }));
  const cpuTime = cpuSeconds === null ? undefined : `${formatCpuTime(cpuSeconds)} total`;
  const peakText = peak === null ? undefined : `peak ${formatBytes(peak)}`;
  return (
    <section aria-label="Resources" data-testid="session-resources" className="grid grid-cols-2 gap-2 text-xs sm:grid-cols-[minmax(0,1fr)_minmax(0,1fr)_auto]">
      <Figure label="CPU" value={latest ? formatCpu(latest.cpuPercent) : (cpuTime ?? '—')} detail={latest ? cpuTime : undefined}>
        <Sparkline
          points={cpu}
          max={Math.max(100, ...cpu.map((point) => point.value))}
          label={`CPU over the session's life, 100% being one core`}
          className="text-sky-600 dark:text-sky-400"
        />
      </Figure>
      <Figure label="Memory" value={latest ? formatBytes(latest.rssBytes) : (peakText ?? '—')} detail={latest ? peakText : undefined} title={MEMORY_CAVEAT}>
        <Sparkline
          points={memory}
          max={Math.max(peak ?? 0, ...memory.map((point) => point.value))}
          label={`Resident memory over the session's life${peakText ? `, ${peakText}` : ''}`}
          className="text-violet-600 dark:text-violet-400"
        />
      </Figure>
      {running && (
        <div className="col-span-2 flex min-w-0 flex-col justify-center gap-1 sm:col-span-1" data-testid="session-processes">
          {latest ? (
            <>
              <span className="tabular-nums">
                {latest.processes} process{latest.processes === 1 ? '' : 'es'}
              </span>
              <ListeningPorts ports={latest.ports} />
            </>
          ) : (
            <span className="text-muted-foreground">sampling…</span>
          )}
        </div>
      )}
    </section>
  );
}
