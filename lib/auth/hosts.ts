import { isIP } from 'node:net';
import { config } from '@/config';

const LOOPBACK_NAMES = new Set(['localhost', '127.0.0.1', '::1', '[::1]']);

/** The host name of a Host header or URL authority, without port or IPv6 brackets. */
export function hostName(authority: string): string {
  const lower = authority.trim().toLowerCase();
  if (lower.startsWith('[')) return lower.slice(1, lower.indexOf(']'));
  const colon = lower.lastIndexOf(':');
  return colon === -1 ? lower : lower.slice(0, colon);
}

/**
 * DNS rebinding defence: a browser tricked into sending requests here by a hostile domain name
 * carries that name in Host. Accepted: loopback names, IP literals (no name to rebind),
 * `*.localhost`, the HOST the server binds to, and ALLOWED_HOSTS (names, or `.example.com` for a
 * domain and its subdomains).
 */
export function isAllowedHost(hostHeader: string | null): boolean {
  if (!hostHeader) return false;
  const name = hostName(hostHeader);
  if (LOOPBACK_NAMES.has(name) || name.endsWith('.localhost') || isIP(name) !== 0) return true;
  if (name === hostName(config.listen.host)) return true;
  return config.allowedHosts.some((allowed) =>
    allowed.startsWith('.') ? name === allowed.slice(1) || name.endsWith(allowed) : name === hostName(allowed),
  );
}

/** The scheme the browser used: a TLS-terminating proxy says so in X-Forwarded-Proto, else plain HTTP. */
export function requestScheme(headers: Headers): 'http' | 'https' {
  return headers.get('x-forwarded-proto')?.split(',')[0].trim().toLowerCase() === 'https' ? 'https' : 'http';
}

/**
 * Origins the browser may send state-changing requests from: this host, as the request names it,
 * over the scheme the request came by (a page served over plain HTTP is not this HTTPS site).
 */
export function isSameOrigin(origin: string, headers: Headers): boolean {
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return false;
  }
  const host = headers.get('host');
  return (
    url.protocol === `${requestScheme(headers)}:` && host !== null && url.host.toLowerCase() === host.trim().toLowerCase()
  );
}
