import { existsSync } from 'node:fs';
import { isIP } from 'node:net';
import path from 'node:path';

function positiveInt(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) {
    console.warn(`[active-sessions] ignoring ${name}=${JSON.stringify(raw)}: not a whole number`);
    return fallback;
  }
  return value;
}

/** `10.0.0.1`, `::1`, `10.0.0.0/8` or `fd00::/8`: what a proxy entry may be. */
function isAddressOrRange(entry: string): boolean {
  const [address, bits, extra] = entry.split('/');
  if (extra !== undefined || isIP(address) === 0) return false;
  if (bits === undefined) return true;
  const max = isIP(address) === 4 ? 32 : 128;
  return /^\d{1,3}$/.test(bits) && Number(bits) <= max;
}

// Read on every request: parsed (and warned about) once per value.
const parsedLists = new Map<string, string[]>();

function addressList(name: string): string[] {
  const raw = process.env[name] ?? '';
  const cached = parsedLists.get(`${name}=${raw}`);
  if (cached) return cached;
  const entries = raw.split(',').map((entry) => entry.trim()).filter(Boolean);
  const invalid = entries.filter((entry) => !isAddressOrRange(entry));
  if (invalid.length > 0) {
    console.warn(`[active-sessions] ignoring ${name} entries that are not an IP address or CIDR range: ${invalid.join(', ')}`);
  }
  const valid = entries.filter(isAddressOrRange);
  parsedLists.set(`${name}=${raw}`, valid);
  return valid;
}

/**
 * Every setting of the README, read from the environment here and nowhere else. Getters, not
 * values: each is read when it is needed, so a test (or a later `export`) that changes one is seen.
 */
export const config = {
  /** The SQLite file; the output files, the token and the host's socket live beside it. */
  get databasePath() {
    return path.resolve(/* turbopackIgnore: true */ process.env.DATABASE_PATH || './data/sessions.db');
  },
  /** Extra host names the app may be reached by (DNS rebinding defence), lower-cased. */
  get allowedHosts() {
    return (process.env.ALLOWED_HOSTS ?? '')
      .split(',')
      .map((host) => host.trim().toLowerCase())
      .filter(Boolean);
  },
  /** The access token as configured: a file that holds it, or the token itself; neither, one is generated. */
  get token() {
    return { file: process.env.ACTIVE_SESSIONS_TOKEN_FILE || undefined, value: process.env.ACTIVE_SESSIONS_TOKEN || undefined };
  },
  /** `next dev`: React's tooling needs what production refuses (eval). */
  get development() {
    return process.env.NODE_ENV === 'development';
  },
  /** How long a killed session gets between SIGTERM and SIGKILL. */
  get killGraceMs() {
    return positiveInt('KILL_GRACE_MS', 5000);
  },
  /** The shell that runs command lines, as a terminal would: bash where there is one. */
  get shell() {
    return process.env.SESSION_SHELL || (existsSync('/bin/bash') ? '/bin/bash' : '/bin/sh');
  },
  /** Past this much output a session keeps its head and tail and drops the middle. */
  get maxOutputBytes() {
    return positiveInt('MAX_OUTPUT_BYTES', 1024 * 1024 * 1024);
  },
  /** Where a session runs when it names no cwd. */
  get defaultCwd() {
    return process.env.SESSION_CWD || process.cwd();
  },
  /**
   * Reverse proxies whose X-Forwarded-For is believed (addresses or CIDR ranges): from anyone
   * else the header is the client's own word.
   */
  get trustedProxies() {
    return addressList('TRUSTED_PROXIES');
  },
  /** The interface and port `npm start` listens on. */
  get listen() {
    return { host: process.env.HOST || '127.0.0.1', port: process.env.PORT || '3000' };
  },
  /** How long the session host lingers with no running session and no client before it exits. */
  get hostIdleMs() {
    return positiveInt('ACTIVE_SESSIONS_HOST_IDLE_MS', 15_000);
  },
  /** Finished sessions older than this (by their end) are removed; undefined: kept forever. */
  get retainDays() {
    return retention('RETAIN_DAYS', parseDays, 'a number of days above 0, such as 7 or 0.5');
  },
  /** Past this much stored output, the oldest finished sessions are removed; undefined: no limit. */
  get retainBytes() {
    return retention('RETAIN_BYTES', parseBytes, 'a size above 0 in bytes, or with a unit: 500M, 2G, 1.5T (K, M, G, T are powers of 1024)');
  },
  /** Where people reach the console (a proxy's public address), for the links it hands out. */
  get publicUrl() {
    return publicUrl();
  },
  /** Where session events are POSTed as JSON; undefined: nowhere. Not an http(s) URL: the server does not start. */
  get notifyWebhookUrl() {
    return webhookUrl();
  },
  /** Minutes without output after which a running session is reported silent to the webhook; 0: never. */
  get notifySilentMinutes() {
    return positiveInt('NOTIFY_SILENT_MINUTES', 0);
  },
};

function publicUrl(): string | undefined {
  const raw = process.env.PUBLIC_URL?.trim();
  if (!raw) return undefined;
  try {
    const url = new URL(raw);
    if (url.protocol === 'http:' || url.protocol === 'https:') return url.href.replace(/\/+$/, '');
  } catch {
    // Reported below.
  }
  warnOnce(`PUBLIC_URL=${raw}`, `[active-sessions] ignoring PUBLIC_URL=${JSON.stringify(raw)}: not an http(s) URL`);
  return undefined;
}

// The URL may hold a secret (Slack's does, in its path): the error names only what is wrong with it.
function webhookUrl(): string | undefined {
  const raw = process.env.NOTIFY_WEBHOOK_URL?.trim();
  if (!raw) return undefined;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new Error('NOTIFY_WEBHOOK_URL is not a URL: give the full address, such as https://hooks.slack.com/services/…');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new Error(`NOTIFY_WEBHOOK_URL must be an http:// or https:// URL, not ${url.protocol}`);
  }
  return url.href;
}

const warned = new Set<string>();

function warnOnce(key: string, message: string): void {
  if (warned.has(key)) return;
  warned.add(key);
  console.warn(message);
}

/**
 * A retention rule, unset by default. A value that cannot be read stops the server with the reason
 * (it is read at start): ignoring it would keep every session, or worse, a typo in the unit would
 * delete far more than meant.
 */
function retention(name: string, parse: (raw: string) => number | undefined, expected: string): number | undefined {
  const raw = process.env[name]?.trim();
  if (!raw) return undefined;
  const value = parse(raw);
  if (value === undefined) throw new Error(`${name}=${JSON.stringify(raw)} cannot be used: give ${expected}`);
  return value;
}

function parseDays(raw: string): number | undefined {
  if (!/^\d+(\.\d+)?$/.test(raw)) return undefined;
  const days = Number(raw);
  return days > 0 ? days : undefined;
}

const UNITS: Record<string, number> = { '': 1, K: 1024, M: 1024 ** 2, G: 1024 ** 3, T: 1024 ** 4 };

function parseBytes(raw: string): number | undefined {
  const match = /^(\d+(?:\.\d+)?)\s*(?:([KMGT])I?B?|B)?$/i.exec(raw);
  if (!match) return undefined;
  const bytes = Math.floor(Number(match[1]) * UNITS[(match[2] ?? '').toUpperCase()]);
  return bytes > 0 && Number.isSafeInteger(bytes) ? bytes : undefined;
}
