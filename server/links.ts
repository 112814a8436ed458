import { config } from '@/config';

/**
 * The console's own address for the links it hands out: PUBLIC_URL when set (behind a proxy), else
 * where the server listens — a wildcard address shown as localhost, which is where a browser on
 * this machine reaches it.
 */
export function consoleBaseUrl(): string {
  if (config.publicUrl) return config.publicUrl;
  const { host, port } = config.listen;
  const shown = host === '0.0.0.0' || host === '::' ? 'localhost' : host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
  return `http://${shown}:${port}`;
}

/** A session's page: its deep link, with a line anchor when given. */
export function sessionUrl(id: string, line?: number): string {
  return `${consoleBaseUrl()}/sessions/${encodeURIComponent(id)}${line ? `#L${line}` : ''}`;
}
