/** `42s`, `3m 07s`, `1h 02m`, `2d 03h`: how long something ran, at a glance. */
export function formatDuration(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const pad = (n: number) => String(n).padStart(2, '0');
  if (total < 60) return `${total}s`;
  const minutes = Math.floor(total / 60);
  if (minutes < 60) return `${minutes}m ${pad(total % 60)}s`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return `${hours}h ${pad(minutes % 60)}m`;
  return `${Math.floor(hours / 24)}d ${pad(hours % 24)}h`;
}

/** How long a session has run: until now while it runs, until its end once it has ended. */
export function sessionRuntimeMs(
  session: { startedAt: string | null; createdAt: string; endedAt: string | null },
  now: number,
): number {
  const start = Date.parse(session.startedAt ?? session.createdAt);
  const end = session.endedAt ? Date.parse(session.endedAt) : now;
  return end - start;
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value < 10 ? value.toFixed(1) : Math.round(value)} ${units[unit]}`;
}

/** A start time, short: the time alone when it is today, with the date otherwise (and the year when not this one). */
export function formatStartTime(iso: string, now = new Date()): string {
  const date = new Date(iso);
  if (date.toDateString() === now.toDateString()) return date.toLocaleTimeString();
  const year = date.getFullYear() === now.getFullYear() ? undefined : 'numeric';
  return date.toLocaleString(undefined, { year, month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', second: '2-digit' });
}

const SOURCE_LABELS = { ui: 'the page', api: 'API', cli: 'CLI', mcp: 'MCP' } as const;

/** Who launched a session, for people: "MCP · claude-code", "CLI", "the page". */
export function describeSource(session: { source: keyof typeof SOURCE_LABELS; client: string | null }): string {
  const label = SOURCE_LABELS[session.source];
  return session.client ? `${label} · ${session.client}` : label;
}
