import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { lineReader } from './protocol';
import { hostSocketPath } from './socket-path';

export type HostProcess = { child: ChildProcess; exited: Promise<number | null>; socketPath: string; dir: string; log: () => string };

export function tempDataDir(): string {
  return mkdtempSync(path.join(os.tmpdir(), 'active-sessions-host-test-'));
}

/** Starts a session host for `dir` as the web server would, but with its output kept here. */
export function startHost(dir: string, env: Record<string, string> = {}): HostProcess {
  const child = spawn(process.execPath, ['bin/active-sessions-host.mjs'], {
    env: { ...process.env, DATABASE_PATH: path.join(dir, 'sessions.db'), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let output = '';
  child.stdout?.on('data', (bytes) => (output += bytes));
  child.stderr?.on('data', (bytes) => (output += bytes));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, exited, socketPath: hostSocketPath(dir), dir, log: () => output };
}

/** A raw connection that speaks the protocol line by line, as a test sees it. */
export type RawClient = {
  socket: net.Socket;
  lines: unknown[];
  send(line: string): void;
  request(method: string, params?: unknown): Promise<{ ok: boolean; value?: unknown; error?: { code: string; message: string } }>;
};

let nextId = 1;

export async function connectRaw(socketPath: string, timeoutMs = 20_000): Promise<RawClient> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const socket = await new Promise<net.Socket | undefined>((resolve) => {
      const attempt = net.connect(socketPath);
      attempt.once('connect', () => resolve(attempt));
      attempt.once('error', () => resolve(undefined));
    });
    if (socket) return rawClient(socket);
    if (Date.now() > deadline) throw new Error(`no session host answered on ${socketPath}`);
    await delay(50);
  }
}

function rawClient(socket: net.Socket): RawClient {
  const lines: unknown[] = [];
  const waiters: (() => void)[] = [];
  socket.on(
    'data',
    lineReader(
      (line) => {
        lines.push(JSON.parse(line));
        for (const wake of waiters.splice(0)) wake();
      },
      () => socket.destroy(),
    ),
  );
  socket.on('error', () => undefined);
  const send = (line: string) => socket.write(line);
  return {
    socket,
    lines,
    send,
    async request(method, params) {
      const id = nextId++;
      send(`${JSON.stringify({ id, method, params })}\n`);
      for (;;) {
        const answer = lines.find((line) => (line as { id?: unknown }).id === id);
        if (answer) return answer as Awaited<ReturnType<RawClient['request']>>;
        await new Promise<void>((resolve) => waiters.push(resolve));
      }
    },
  };
}
