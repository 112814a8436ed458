import { Cpu, MemoryStick } from 'lucide-react';
import type { SessionJson } from '@/core/contract';
import { formatBytes } from '@/lib/format';
import { formatCpu, MEMORY_CAVEAT } from './figures';

/** A running row's CPU and memory, compact: ` · ⌁ 98% · ▤ 212 MiB`. */
export function RowResources({ session }: { session: Pick<SessionJson, 'resources'> }) {
  const resources = session.resources;
  if (!resources) return null;
  return (
    <span data-testid="row-resources" className="tabular-nums" title={`CPU ${formatCpu(resources.cpuPercent)} · memory ${formatBytes(resources.rssBytes)} (${MEMORY_CAVEAT})`}>
      {' · '}
      <Cpu className="inline size-3 align-[-2px]" aria-hidden />
      <span className="sr-only">CPU</span>
      {` ${formatCpu(resources.cpuPercent)} · `}
      <MemoryStick className="inline size-3 align-[-2px]" aria-hidden />
      <span className="sr-only">memory</span>
      {` ${formatBytes(resources.rssBytes)}`}
    </span>
  );
}
