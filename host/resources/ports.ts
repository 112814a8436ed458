import { readdirSync, readFileSync, readlinkSync } from 'node:fs';

// /proc/net/tcp's state column: 0A is TCP_LISTEN.
const LISTEN = '0A';

/**
 * Every listening TCP socket of this network namespace, IPv4 and IPv6: its inode → its port. Read
 * once per sampling for all sessions; a session's ports are those whose socket one of its
 * processes holds open.
 */
export function listeningSockets(): Map<string, number> {
  const sockets = new Map<string, number>();
  for (const file of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      continue;
    }
    for (const line of text.split('\n').slice(1)) {
      // sl local_address rem_address st tx_queue:rx_queue tr:tm->when retrnsmt uid timeout inode
      const fields = line.trim().split(/\s+/);
      if (fields[3] !== LISTEN) continue;
      const port = Number.parseInt(fields[1].slice(fields[1].lastIndexOf(':') + 1), 16);
      if (fields[9] !== '0') sockets.set(fields[9], port);
    }
  }
  return sockets;
}

/** The ports of the listening sockets these processes hold, ascending, each once. */
export function listeningPorts(pids: number[], sockets: Map<string, number>): number[] {
  const ports = new Set<number>();
  if (sockets.size === 0) return [];
  for (const pid of pids) {
    let fds: string[];
    try {
      fds = readdirSync(`/proc/${pid}/fd`);
    } catch {
      continue; // gone, or another user's
    }
    for (const fd of fds) {
      let target: string;
      try {
        target = readlinkSync(`/proc/${pid}/fd/${fd}`);
      } catch {
        continue;
      }
      // "socket:[12345]"
      if (!target.startsWith('socket:[')) continue;
      const port = sockets.get(target.slice(8, -1));
      if (port !== undefined) ports.add(port);
    }
  }
  return [...ports].sort((a, b) => a - b);
}
