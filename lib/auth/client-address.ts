import { BlockList, isIP } from 'node:net';
import { config } from '@/config';

/** Set by the server for every request to the TCP peer's address, overwriting what a client sent. */
export const PEER_HEADER = 'x-active-sessions-peer';

/**
 * Set on globalThis by server/start.mjs. Under `next dev` or a bare `next start` nothing overwrites
 * the header, so a client could write its own and count as a new client with every request.
 */
export const PEER_HEADER_OWNED = Symbol.for('active-sessions.peer-header-owned');

function peerHeaderOwned(): boolean {
  return (globalThis as Record<symbol, unknown>)[PEER_HEADER_OWNED] === true;
}

/** An address as one spelling: no brackets or port, IPv4 seen through IPv6 (`::ffff:1.2.3.4`) as IPv4. */
export function normalizeAddress(raw: string): string | undefined {
  let address = raw.trim().toLowerCase();
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(address);
  if (bracketed) address = bracketed[1];
  else if (/^[\d.]+:\d+$/.test(address)) address = address.slice(0, address.indexOf(':'));
  if (address.startsWith('::ffff:') && isIP(address.slice(7)) === 4) address = address.slice(7);
  return isIP(address) === 0 ? undefined : address;
}

const globalForProxies = globalThis as unknown as { activeSessionsTrusted?: { entries: string[]; list: BlockList } };

function trustedProxies(): BlockList {
  const entries = config.trustedProxies;
  const cached = globalForProxies.activeSessionsTrusted;
  if (cached?.entries === entries) return cached.list;
  const list = new BlockList();
  for (const entry of entries) {
    const [address, bits] = entry.split('/');
    const type = isIP(address) === 4 ? 'ipv4' : 'ipv6';
    if (bits === undefined) list.addAddress(address, type);
    else list.addSubnet(address, Number(bits), type);
  }
  globalForProxies.activeSessionsTrusted = { entries, list };
  return list;
}

function isTrusted(address: string): boolean {
  return trustedProxies().check(address, isIP(address) === 4 ? 'ipv4' : 'ipv6');
}

/**
 * One key per client, for the guessing limit. An IPv6 client is its /64: that is what one
 * subscriber is given, and each of its addresses must not count as a new client.
 */
function keyOf(address: string): string {
  if (isIP(address) !== 6) return address;
  const [head, tail] = address.includes('::') ? address.split('::') : [address, ''];
  // An embedded IPv4 address (`64:ff9b::1.2.3.4`) takes two groups.
  const groups = (part: string) => (part ? part.split(':').flatMap((group) => (group.includes('.') ? ['0', '0'] : [group])) : []);
  const first = groups(head);
  const last = groups(tail);
  const full = [...first, ...Array<string>(8 - first.length - last.length).fill('0'), ...last];
  return `${full.slice(0, 4).map((group) => parseInt(group, 16).toString(16)).join(':')}::/64`;
}

/**
 * Who is asking: the TCP peer, unless the peer is a proxy named in TRUSTED_PROXIES; then the
 * right-most X-Forwarded-For hop that is not itself a trusted proxy (the hops to its left are
 * whatever the client wrote). Without our server in front (`next dev`) everyone is 'unknown'.
 */
export function clientKey(headers: Headers): string {
  if (!peerHeaderOwned()) return 'unknown';
  const peer = normalizeAddress(headers.get(PEER_HEADER) ?? '');
  if (!peer) return 'unknown';
  if (!isTrusted(peer)) return keyOf(peer);
  const hops = (headers.get('x-forwarded-for') ?? '').split(',').reverse();
  let client = peer;
  for (const hop of hops) {
    const address = normalizeAddress(hop);
    // A hop a trusted proxy did not write as an address: nothing further left can be believed.
    if (!address) break;
    client = address;
    if (!isTrusted(address)) break;
  }
  return keyOf(client);
}
