import { chmodSync, rmSync, statSync } from 'node:fs';
import net from 'node:net';
import { onAnyOutput } from '@/lib/output-events';
import { answerLine } from './requests';
import { lineReader, type OutputEvent } from './protocol';

export type HostSocket = {
  server: net.Server;
  clients: Set<net.Socket>;
  /** Whether the socket file is still the one this host bound: another host may have replaced it. */
  stillOurs(): boolean;
  /** Removes the socket file, if it is still ours. */
  release(): void;
};

function listen(server: net.Server, socketPath: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    // Bound inside listen(): a socket no other user can connect to, even for a moment, in the
    // temp folder too. Restored at once, as sessions inherit the umask.
    const umask = process.umask(0o077);
    try {
      server.listen(socketPath, () => {
        server.off('error', reject);
        resolve();
      });
    } finally {
      process.umask(umask);
    }
  });
}

/** Whether a host answers on the socket: a connection is accepted. */
function answers(socketPath: string): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = net.connect(socketPath);
    const done = (alive: boolean) => {
      probe.destroy();
      resolve(alive);
    };
    probe.once('connect', () => done(true));
    probe.once('error', () => done(false));
  });
}

/**
 * Listens on the socket, unless another host already answers there (undefined then): one host per
 * data dir. A socket file nobody answers on was left by a host that died, and is replaced.
 */
export async function claimSocket(socketPath: string, onExitRequested: () => void): Promise<HostSocket | undefined> {
  const clients = new Set<net.Socket>();
  for (let attempt = 0; ; attempt++) {
    const server = net.createServer((socket) => serveClient(socket, clients, onExitRequested));
    try {
      await listen(server, socketPath);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE' || attempt >= 2) throw error;
      if (await answers(socketPath)) return undefined;
      rmSync(socketPath, { force: true });
      continue;
    }
    chmodSync(socketPath, 0o600);
    const inode = statSync(socketPath).ino;
    const stillOurs = () => {
      try {
        return statSync(socketPath).ino === inode;
      } catch {
        return false;
      }
    };
    return { server, clients, stillOurs, release: () => stillOurs() && rmSync(socketPath, { force: true }) };
  }
}

const subscribers = new Set<net.Socket>();
// Output arrives in many small batches: each session is told about at most once per turn of the loop.
const pendingNews = new Set<string>();

onAnyOutput((id) => {
  if (subscribers.size === 0) return;
  if (pendingNews.size === 0) setImmediate(flushNews);
  pendingNews.add(id);
});

function flushNews(): void {
  const lines = [...pendingNews].map((id) => `${JSON.stringify({ event: 'output', id } satisfies OutputEvent)}\n`).join('');
  pendingNews.clear();
  for (const socket of subscribers) socket.write(lines);
}

function serveClient(socket: net.Socket, clients: Set<net.Socket>, onExitRequested: () => void): void {
  clients.add(socket);
  socket.once('close', () => {
    clients.delete(socket);
    subscribers.delete(socket);
  });
  // A client that vanishes mid-write is not the host's problem.
  socket.on('error', () => socket.destroy());
  const context = {
    subscribe: () => subscribers.add(socket),
    exitWhenAnswered: () => setImmediate(onExitRequested),
  };
  socket.on(
    'data',
    lineReader(
      (line) => {
        if (line.trim() === '') return;
        void answerLine(line, context).then((answer) => {
          if (!socket.destroyed) socket.write(`${JSON.stringify(answer)}\n`);
        });
      },
      () => {
        socket.end(`${JSON.stringify({ id: null, ok: false, error: { code: 'bad_request', message: 'line too long' } })}\n`);
      },
    ),
  );
}
