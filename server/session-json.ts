import type { SessionJson, SessionResourcesJson } from '@/core/contract';
import type { ListedSession } from '@/store/queries';
import { sessionUrl } from './links';

/** A session as the public JSON API, the browser, the CLI and the MCP tools see it. */
export function toSessionJson(session: ListedSession): SessionJson {
  return {
    id: session.id,
    name: session.name,
    command: session.command,
    cwd: session.cwd,
    status: session.status,
    endReason: session.endReason,
    pid: session.pid,
    exitCode: session.exitCode,
    signal: session.signal,
    error: session.error,
    createdAt: session.createdAt.toISOString(),
    startedAt: session.startedAt?.toISOString() ?? null,
    endedAt: session.endedAt?.toISOString() ?? null,
    outputBytes: session.outputBytes,
    source: session.source,
    client: session.client,
    timeout: session.timeoutSeconds,
    host: session.host,
    envNames: envNames(session.env),
    pinned: session.pinned,
    rerunOf: session.rerunOf,
    latestRerun: session.latestRerun,
    url: sessionUrl(session.id),
    tty: session.tty,
    cols: session.tty ? session.cols : null,
    rows: session.tty ? session.rows : null,
    waitingForInput: session.status === 'running' && session.waitingForInput,
    lastOutputAt: session.lastOutputAt?.toISOString() ?? null,
    resources: resources(session),
    peakRssBytes: session.peakRssBytes,
    cpuSeconds: session.cpuSeconds,
  };
}

/** The session host's latest sample of a running session; an ended one uses nothing any more. */
function resources(session: ListedSession): SessionResourcesJson | null {
  const { status, cpuPercent, rssBytes, processCount, ports, sampledAt } = session;
  if (status !== 'running' || cpuPercent === null || rssBytes === null || processCount === null || sampledAt === null) return null;
  return { cpuPercent, rssBytes, processes: processCount, ports: ports ?? [], sampledAt: sampledAt.toISOString() };
}

/** The names of a session's own variables: their values may be secrets and never leave the store. */
function envNames(env: string | null): string[] {
  return env ? Object.keys(JSON.parse(env) as Record<string, string>).sort() : [];
}
