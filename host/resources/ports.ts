import { readdirSync, readFileSync, readlinkSync } from 'node:fs';

// /proc/net/tcp's state column: 0A is TCP_LISTEN.
const LISTEN = '0A';

/**
 * Every listening TCP socket of this network namespace, IPv4 and IPv6: its inode → its port.
 * Reading these files walks every socket of the machine, which costs more than the rest of a
 * sampling together: it is done only when a session holds a socket at all.
 */
function listeningSockets(): Map<string, number> {
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
      if (fields[3] !== LISTEN || fields[9] === '0') continue;
      sockets.set(fields[9], Number.parseInt(fields[1].slice(fields[1].lastIndexOf(':') + 1), 16));
    }
  }
  return sockets;
}

/** The inodes of the sockets these processes hold open ("socket:[12345]" in /proc/<pid>/fd). */
export function socketInodes(pids: number[]): string[] {
  const inodes: string[] = [];
  for (const pid of pids) {
    let fds: string[];
    try {
      fds = readdirSync(`/proc/${pid}/fd`);
    } catch {
      continue; // gone, or another user's
    }
    for (const fd of fds) {
      try {
        const target = readlinkSync(`/proc/${pid}/fd/${fd}`);
        if (target.startsWith('socket:[')) inodes.push(target.slice(8, -1));
      } catch {
        // closed meanwhile
      }
    }
  }
  return inodes;
}

// However little changes, the table is read again this often while sessions hold sockets.
const REREAD_MS = 10_000;

/**
 * Which sockets listen on which TCP port, kept between samplings: the table is read again only
 * when a session holds a socket it has not seen (a new listener shows at the next sampling), or
 * after REREAD_MS. A socket that is not a TCP listener (a pipe-like unix socket, a connection) is
 * remembered as such until the next reading, so it does not make every sampling read the table.
 */
export class ListeningPorts {
  private listening = new Map<string, number>();
  private notListening = new Set<string>();
  private readAt = -Infinity;

  /** Brings the table up to date for the sockets the sessions hold now (all of them, inodes). */
  update(inodes: string[], now = Date.now()): void {
    if (inodes.length === 0) return;
    const unknown = inodes.some((inode) => !this.listening.has(inode) && !this.notListening.has(inode));
    if (!unknown && now - this.readAt < REREAD_MS) return;
    this.listening = listeningSockets();
    this.notListening = new Set(inodes.filter((inode) => !this.listening.has(inode)));
    this.readAt = now;
  }

  /** The ports of these listening sockets (inodes), ascending, each once. */
  of(inodes: string[]): number[] {
    const ports = new Set(inodes.flatMap((inode) => this.listening.get(inode) ?? []));
    return [...ports].sort((a, b) => a - b);
  }
}
