import { formatDuration } from '@/lib/format';

/** `7.5%`, `98%`, `240%` (two cores busy): CPU as htop shows it. */
export function formatCpu(percent: number): string {
  return `${percent < 10 ? percent.toFixed(1) : Math.round(percent)}%`;
}

/** `0.4 s`, `12 s`, `3m 07s`: CPU time used. */
export function formatCpuTime(seconds: number): string {
  if (seconds < 10) return `${seconds.toFixed(1)} s`;
  if (seconds < 60) return `${Math.round(seconds)} s`;
  return formatDuration(seconds * 1000);
}

/** Why the memory figure can be more than the machine lends the session. */
export const MEMORY_CAVEAT = 'resident memory summed over the session’s processes: pages they share (libraries, a forked parent’s) count once per process, so this over-counts';
