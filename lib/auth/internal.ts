import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * A credential for the requests the server makes to its own route handlers on behalf of a caller it
 * has already authenticated (the MCP route's in-process fetch). Checking the caller's token again
 * would count against its address in the guessing limit, and a limited address would see a tool
 * call fail after its session had started. Random per process, it never leaves the process's memory.
 */
const INTERNAL_HEADER = 'x-active-sessions-internal';

const globalForInternal = globalThis as unknown as { activeSessionsInternalSecret?: string };

function secret(): string {
  return (globalForInternal.activeSessionsInternalSecret ??= randomBytes(32).toString('base64url'));
}

const digest = (text: string) => createHash('sha256').update(text).digest();

/** Marks a request as made by this server for a caller already authenticated. */
export function vouchFor(headers: Headers): void {
  headers.set(INTERNAL_HEADER, secret());
}

export function isVouchedFor(headers: Headers): boolean {
  const offered = headers.get(INTERNAL_HEADER);
  return offered !== null && timingSafeEqual(digest(offered), digest(secret()));
}
