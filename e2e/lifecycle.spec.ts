import { expect, test } from '@playwright/test';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { authHeader, TOKEN } from './support/fixtures';

// A second production server of our own (the build exists once the shared webServer is up), so
// that it can be stopped and crashed without disturbing the other tests. Started as people start it:
// `npm start`, whose pid is the one Docker, systemd and supervisors signal.
function startServer(port: number, databasePath: string, token = TOKEN): ChildProcess {
  const server = spawn('npm', ['start'], {
    env: {
      ...process.env,
      HOST: '127.0.0.1',
      PORT: String(port),
      DATABASE_PATH: databasePath,
      KILL_GRACE_MS: '1000',
      ACTIVE_SESSIONS_TOKEN: token,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  // Read, so that a chatty server never blocks on a full pipe; listeners added now still hear it.
  server.stdout?.resume();
  server.stderr?.resume();
  return server;
}

function parentOf(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  } catch {
    return undefined;
  }
}

/** The processes `npm start` runs under it (the web server, and a shell if one stays between). */
function processesUnder(pid: number): number[] {
  const parents = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const parent = parentOf(Number(entry));
    // Gone meanwhile when undefined.
    if (parent !== undefined) parents.set(Number(entry), parent);
  }
  const found = [pid];
  for (let grew = true; grew; ) {
    grew = false;
    for (const [child, parent] of parents) {
      if (found.includes(parent) && !found.includes(child)) {
        found.push(child);
        grew = true;
      }
    }
  }
  return found.slice(1);
}

const newDatabasePath = () => path.join(mkdtempSync(path.join(os.tmpdir(), 'active-sessions-life-')), 'sessions.db');

async function ready(base: string) {
  const probe = () => fetch(`${base}/api/sessions`, { headers: authHeader }).catch(() => undefined);
  await expect.poll(async () => (await probe())?.status, { timeout: 30_000 }).toBe(200);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return !/^[ZX]$/.test(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[0]);
  } catch {
    return false;
  }
}

async function launch(base: string, command: string) {
  const response = await fetch(`${base}/api/sessions`, { method: 'POST', headers: authHeader, body: JSON.stringify({ command }) });
  return (await response.json()) as { id: string; pid: number };
}

async function session(base: string, id: string) {
  return (await (await fetch(`${base}/api/sessions/${id}`, { headers: authHeader })).json()) as Record<string, unknown>;
}

test('SIGTERM to npm start stops the server and its sessions; after kill -9, restart marks them interrupted and ends their processes', async () => {
  const port = Number(process.env.E2E_PORT) + 1;
  const base = `http://127.0.0.1:${port}`;
  const db = newDatabasePath();

  let server = startServer(port, db);
  await ready(base);
  const graceful = await launch(base, "trap '' TERM; while :; do sleep 0.1; done");
  await expect.poll(() => isAlive(graceful.pid)).toBe(true);
  const underNpm = processesUnder(server.pid!);
  expect(underNpm.length).toBeGreaterThan(0);
  // What Docker and most supervisors do: SIGTERM to the main pid, here npm's.
  server.kill('SIGTERM');
  await new Promise((resolve) => server.once('exit', resolve));
  await expect.poll(() => underNpm.filter(isAlive), { timeout: 15_000 }).toEqual([]);
  expect(isAlive(graceful.pid)).toBe(false);

  server = startServer(port, db);
  await ready(base);
  expect(await session(base, graceful.id)).toMatchObject({
    status: 'failed',
    endReason: 'interrupted',
    error: 'interrupted: server stopped',
  });
  const crashed = await launch(base, 'sleep 100');
  await expect.poll(() => isAlive(crashed.pid)).toBe(true);
  // A crash of the web server itself, not of npm above it.
  // npm execs the server through its shell: the web server is npm's own child.
  const webServer = processesUnder(server.pid!).find((pid) => parentOf(pid) === server.pid)!;
  expect(webServer).toBeGreaterThan(0);
  process.kill(webServer, 'SIGKILL');
  await new Promise((resolve) => server.once('exit', resolve));
  // The server is gone without a word; its child lives on, orphaned, and its row says "running".
  expect(isAlive(crashed.pid)).toBe(true);

  server = startServer(port, db);
  try {
    await ready(base);
    expect(await session(base, crashed.id)).toMatchObject({
      status: 'failed',
      endReason: 'interrupted',
      error: 'interrupted: server restarted',
    });
    await expect.poll(() => isAlive(crashed.pid), { timeout: 5000 }).toBe(false);
  } finally {
    server.kill('SIGTERM');
  }
});

test('a server that could only answer 500s does not start, and says why', async () => {
  const port = Number(process.env.E2E_PORT) + 2;
  const server = startServer(port, newDatabasePath(), 'too-short');
  let output = '';
  server.stdout?.on('data', (data) => (output += data));
  server.stderr?.on('data', (data) => (output += data));
  const code = await new Promise((resolve) => server.once('exit', resolve));
  expect(code).toBe(1);
  expect(output).toContain('[active-sessions] cannot start: ACTIVE_SESSIONS_TOKEN must be at least 16 characters long');
});
