import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { createClient, type ActiveSessionsClient } from '../../client';
import { test as base, TOKEN } from './fixtures';
import { hostDaemons, processGroup, stopEverythingUnder, until } from './processes';

const START_TIMEOUT_MS = 90_000;
const BUILD_TIMEOUT_MS = 8 * 60_000;
const STOP_TIMEOUT_MS = 15_000;

/** The directory every data directory of this e2e run lives in (playwright.config.ts makes it). */
export const runDir = () => process.env.E2E_RUN_DIR as string;

async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as { port: number };
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

// What a copy of the app leaves out: the dependencies (linked instead), history, test output, and
// Next's build cache, which a rebuild does not need.
const NOT_COPIED = new Set(['node_modules', '.git', 'test-results', 'playwright-report', 'data', '.next/cache', 'bench/tmp']);

/**
 * An installation of Active Sessions of the test's own: a data directory, a port, and `npm start`
 * run as people run it, in a process group of its own (so that it can be killed as a whole, as
 * Ctrl-C in its terminal and systemd's default stop do) — the host daemon it starts is outside it.
 */
export class Deployment {
  readonly api: ActiveSessionsClient;
  readonly base: string;
  appDir = process.cwd();
  /** More environment for `npm start` (and so for the host daemon it starts). */
  env: Record<string, string> = {};
  log = '';
  private server?: { child: ChildProcess; exited: Promise<number | null> };
  private readonly clis = new Set<ChildProcess>();

  constructor(
    readonly port: number,
    readonly dataDir: string,
  ) {
    this.base = `http://127.0.0.1:${port}`;
    this.api = createClient({ baseUrl: this.base, token: TOKEN });
  }

  /**
   * Runs this installation from a copy of the app, built one included, so that a test may rebuild
   * it without touching the build the other tests' server runs from.
   */
  runFromCopyOfApp(): void {
    const source = process.cwd();
    const copy = path.join(this.dataDir, '..', `${path.basename(this.dataDir)}-app`);
    cpSync(source, copy, { recursive: true, verbatimSymlinks: true, filter: (file) => !NOT_COPIED.has(path.relative(source, file)) });
    // Hard links are quick, and Turbopack refuses a node_modules symlinked from outside the app;
    // on another file system, a plain copy.
    const linked = spawnSync('cp', ['-al', path.join(source, 'node_modules'), copy]);
    if (linked.status !== 0) cpSync(path.join(source, 'node_modules'), path.join(copy, 'node_modules'), { recursive: true, verbatimSymlinks: true });
    this.appDir = copy;
  }

  private spawn(command: string[], env: Record<string, string> = {}): { child: ChildProcess; exited: Promise<number | null> } {
    const child = spawn('npm', command, {
      cwd: this.appDir,
      // A new session and process group, led by npm, as a terminal or a service manager gives it.
      detached: true,
      env: {
        ...process.env,
        HOST: '127.0.0.1',
        PORT: String(this.port),
        DATABASE_PATH: path.join(this.dataDir, 'sessions.db'),
        KILL_GRACE_MS: '1000',
        ACTIVE_SESSIONS_TOKEN: TOKEN,
        NEXT_TELEMETRY_DISABLED: '1',
        ...this.env,
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout?.on('data', (data) => (this.log += data));
    child.stderr?.on('data', (data) => (this.log += data));
    // 'exit', not 'close': a process the server starts may keep the pipes open after it.
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    return { child, exited };
  }

  /** `npm start`, until it answers the API. */
  async start(): Promise<void> {
    if (this.server) throw new Error('the server is already running');
    const server = this.spawn(['start']);
    this.server = server;
    let exitCode: number | null | undefined;
    void server.exited.then((code) => (exitCode = code ?? -1));
    const answers = async () => {
      const response = await fetch(`${this.base}/api/sessions`, { headers: { authorization: `Bearer ${TOKEN}` } }).catch(() => undefined);
      return response?.status === 200;
    };
    for (const deadline = Date.now() + START_TIMEOUT_MS; !(await answers()); await new Promise((resolve) => setTimeout(resolve, 100))) {
      if (exitCode !== undefined) throw new Error(`npm start exited (${exitCode}) before it answered:\n${this.log}`);
      if (Date.now() > deadline) throw new Error(`npm start did not answer within ${START_TIMEOUT_MS} ms:\n${this.log}`);
    }
  }

  /** `npm start` with `env`, for a server that should refuse to start: its exit code and output. */
  async startExpectingExit(env: Record<string, string>): Promise<{ code: number | null; output: string }> {
    this.server = this.spawn(['start'], env);
    const code = await this.server.exited;
    this.server = undefined;
    return { code, output: this.log };
  }

  /** kill -9 of the web server's whole process group, and wait until every process in it is gone. */
  async crash(): Promise<void> {
    await this.end((pgid) => process.kill(-pgid, 'SIGKILL'));
  }

  /** SIGTERM to npm's pid, as Docker and systemd (to the main pid) send it: the whole web server stops. */
  async stop(): Promise<void> {
    await this.end((pgid) => process.kill(pgid, 'SIGTERM'));
  }

  private async end(signal: (pgid: number) => void): Promise<void> {
    const server = this.server;
    if (!server) throw new Error('the server is not running');
    const pgid = server.child.pid as number;
    signal(pgid);
    let exited = false;
    void server.exited.then(() => (exited = true));
    if (!(await until(() => exited, STOP_TIMEOUT_MS))) throw new Error(`npm start (pid ${pgid}) did not exit within ${STOP_TIMEOUT_MS} ms`);
    this.server = undefined;
    if (!(await until(() => processGroup(pgid).length === 0, STOP_TIMEOUT_MS))) {
      throw new Error(`processes of the server's group ${pgid} outlived npm: ${processGroup(pgid).join(', ')}`);
    }
  }

  /** `npm run build`, as a redeploy does. */
  async build(): Promise<void> {
    const build = this.spawn(['run', 'build']);
    const timer = setTimeout(() => process.kill(-(build.child.pid as number), 'SIGKILL'), BUILD_TIMEOUT_MS);
    const code = await build.exited.finally(() => clearTimeout(timer));
    if (code !== 0) throw new Error(`npm run build failed (${code}):\n${this.log}`);
  }

  /** The session host daemons serving this data directory: one, once a server has started. */
  daemons(): number[] {
    return hostDaemons(this.dataDir);
  }

  /** What the daemon wrote to disk for the session: its output files, in order, one after the other. */
  outputOnDisk(sessionId: string): string {
    const dir = path.join(this.dataDir, 'output', sessionId);
    let files: string[];
    try {
      files = readdirSync(dir).filter((file) => file.endsWith('.out'));
    } catch {
      return '';
    }
    files.sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
    return files.map((file) => readFileSync(path.join(dir, file), 'utf8')).join('');
  }

  hostLog(): string {
    try {
      return readFileSync(path.join(this.dataDir, 'host.log'), 'utf8');
    } catch {
      return '';
    }
  }

  /** `active-sessions` with these arguments against this installation: its exit code, and its stderr so far. */
  cli(args: string[]): { code: Promise<number | null>; stderr: () => string } {
    const child = spawn(process.execPath, ['bin/active-sessions.mjs', ...args], {
      env: { ...process.env, ACTIVE_SESSIONS_URL: this.base, ACTIVE_SESSIONS_TOKEN: TOKEN },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    this.clis.add(child);
    let stderr = '';
    child.stderr?.on('data', (data) => (stderr += data));
    const code = new Promise<number | null>((resolve) => child.once('close', resolve)).finally(() => this.clis.delete(child));
    return { code, stderr: () => stderr };
  }

  /** Leaves nothing running (the server's group, the daemon, every session of this data directory, a CLI still waiting), and no copy of the app. */
  async dispose(): Promise<void> {
    for (const child of this.clis) child.kill('SIGKILL');
    if (this.server) {
      try {
        process.kill(-(this.server.child.pid as number), 'SIGKILL');
      } catch {
        // Gone already.
      }
    }
    await stopEverythingUnder(this.dataDir);
    if (this.appDir !== process.cwd()) rmSync(this.appDir, { recursive: true, force: true });
  }
}

/** The shared fixtures, and `deployment`: an installation of the test's own, cleaned up whatever happens. */
export const test = base.extend<{ deployment: Deployment }>({
  deployment: async ({}, use, testInfo) => {
    const deployment = new Deployment(await freePort(), mkdtempSync(path.join(runDir(), 'server-')));
    try {
      await use(deployment);
    } finally {
      if (testInfo.status !== testInfo.expectedStatus) {
        await testInfo.attach('server.log', { body: deployment.log, contentType: 'text/plain' });
        await testInfo.attach('host.log', { body: deployment.hostLog(), contentType: 'text/plain' });
      }
      await deployment.dispose();
    }
  },
});

export { expect } from './fixtures';
