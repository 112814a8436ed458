#!/usr/bin/env node
// Performance bench of Active Sessions against the production build, with a temporary database.
//
//   npm run bench                      # builds, starts the production server, measures, prints a table
//   BENCH_SKIP_BUILD=1 npm run bench   # reuses .next when .next/BUILD_ID exists
//   BENCH_ONLY=sampling npm run bench  # only the named steps (comma-separated); bench/results.json is left alone
//
// Measures, in one run: the same 500 MB firehose captured by a plain shell redirect, PM2, supervisord
// (when installed) and Active Sessions, each best of two runs with nothing else going on; the floor
// of any capture that indexes (bench/floor.mjs: the firehose read back by a bare reader, written
// directly or through a copier, best of two); API latency
// and event-loop delay during a third firehose through Active Sessions; the cost
// of reading the newest output of a huge session against a small one; listing 10,000 sessions; live
// (SSE) latency; what 200 idle sessions cost the console; what sampling the resources of 50
// running sessions costs the session host; how the time to render a line grows with its length
// (bench/render.mjs); and how fast the browser shows the last line of a 1,000,000-line session.
// Writes bench/results.json.
//
// Every wait has a timeout, every loop a bound in count and time, all traffic goes to 127.0.0.1. At
// the end, also on failure, the bench kills its sessions through the API, stops the peers and the
// server, ends any process of its run that survived (the session host daemon included), and removes
// the temporary directory.

import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { captureFloor } from './floor.mjs';
import { IDLE_COMMAND, IDLE_SESSIONS, idleSessions } from './idle.mjs';
import { renderGrowth } from './render.mjs';
import { SAMPLED_COMMAND, SAMPLED_SESSIONS, samplingCost } from './sampling.mjs';
import { SUPERVISORD_MISSING, killPeersSync, pm2Firehose, stopPeers, supervisordFirehose, supervisordInstalled } from './peers.mjs';
import { killProcessesOfRunSync, sweepProcessesOfRun } from './procs.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const RESULTS_FILE = path.join(ROOT, 'bench', 'results.json');
/** BENCH_ONLY=sampling,live: only these steps (the names in main()). */
const ONLY = process.env.BENCH_ONLY ? process.env.BENCH_ONLY.split(',').map((name) => name.trim()) : undefined;

// ---------------------------------------------------------------------------------------------
// Settings
// ---------------------------------------------------------------------------------------------

/** A realistic log line of exactly 70 characters (`yes` adds the newline: 71 bytes a line). */
const LOG_LINE = '2025-03-14T09:26:53.589Z INFO  [worker-7] GET /api/orders 200 312ms ok';
if (LOG_LINE.length !== 70 || LOG_LINE.includes("'")) throw new Error('LOG_LINE must be 70 characters, without quotes');

const FIREHOSE_BYTES = 500_000_000;
const SMALL_BYTES = 1_000_000;
const MB = 1e6;
const FIREHOSE_COMMAND = `yes '${LOG_LINE}' | head -c ${FIREHOSE_BYTES}`;
const SMALL_COMMAND = `yes '${LOG_LINE}' | head -c ${SMALL_BYTES}`;
const LIVE_LINES = 200;
const LIVE_COMMAND = `sleep 1; for i in $(seq 1 ${LIVE_LINES}); do date +%s%N; sleep 0.02; done`;
const BROWSER_LINES = 1_000_000;
const BROWSER_COMMAND = `seq 1 ${BROWSER_LINES}`;
const LIST_ROWS = 10_000;

const LIMITS = {
  buildMs: 6 * 60_000,
  serverReadyMs: 60_000,
  requestMs: 30_000,
  baselineMs: 60_000,
  peerMs: 120_000, // one run of the firehose under PM2 or supervisord
  idleMs: 60_000, // for 200 idle sessions to be running, and again to have ended after their kill
  samplingMs: 30_000, // for the 50 sessions of the sampling step to have been sampled once
  firehoseMs: 240_000, // past this the firehose is killed and reported as incomplete
  smallSessionMs: 60_000,
  liveMs: 45_000,
  browserSessionMs: 90_000,
  browserLaunchMs: 30_000,
  browserLineMs: 20_000,
  serverStopMs: 15_000,
  sessionsKilledMs: 15_000, // for the sessions killed at the end to have ended, before the server stops
  wholeBenchMs: 20 * 60_000, // watchdog, build included
  firehoseProbeMax: 20_000, // at most this many list calls during the firehose
};

const TARGETS = {
  ingestRatio: { op: '>=', value: 0.6, unit: '×', label: 'capture / plain redirect throughput' },
  captureVsSupervisord: { op: '>=', value: 1, unit: '×', label: 'capture / supervisord throughput' },
  listDuringFirehoseP99: { op: '<', value: 50, unit: 'ms', label: 'GET /api/sessions p99 during firehose' },
  eventLoopP99: { op: '<', value: 50, unit: 'ms', label: 'server event-loop delay p99 during firehose' },
  rssGrowthMb: { op: '<', value: 100, unit: 'MB', label: 'server RSS growth over firehose' },
  readCostRatio: { op: '<=', value: 1.5, unit: '×', label: 'newest-output read: 500 MB / 1 MB session (median)' },
  listDefaultMedian: { op: '<', value: 50, unit: 'ms', label: `GET /api/sessions (limit 1000, ${LIST_ROWS} rows) median` },
  liveP95: { op: '<', value: 50, unit: 'ms', label: 'live SSE line latency p95' },
  idleNodeProcessGrowth: { op: '<=', value: 1, unit: 'processes', label: `console Node processes added by ${IDLE_SESSIONS} idle sessions` },
  samplingCpuPercent: { op: '<', value: 1, unit: '% of a core', label: `resource sampling of ${SAMPLED_SESSIONS} running sessions every 2 s` },
  renderGrowthRatio: { op: '<', value: 35, unit: '×', label: 'rendering a line 10× as long (linear ≈ 10×, quadratic ≈ 100×)' },
  browserLastLineMs: { op: '<', value: 1500, unit: 'ms', label: `browser: goto → line ${BROWSER_LINES} visible` },
};

// ---------------------------------------------------------------------------------------------
// State, cleanup
// ---------------------------------------------------------------------------------------------

const state = {
  tmpDir: undefined,
  server: undefined, // ChildProcess
  serverExited: false,
  serverLog: [], // last lines of the server's output
  baseUrl: undefined,
  token: randomBytes(24).toString('base64url'),
  launched: new Set(), // session ids we started, to kill on the way out
  browser: undefined,
  children: new Set(), // build and baseline processes, killed on the way out
};

const results = {
  machine: machineInfo(),
  startedAt: new Date().toISOString(),
  finishedAt: null,
  durationSeconds: null,
  settings: {
    logLine: LOG_LINE,
    firehoseCommand: FIREHOSE_COMMAND,
    smallCommand: SMALL_COMMAND,
    liveCommand: LIVE_COMMAND,
    idleCommand: IDLE_COMMAND,
    idleSessions: IDLE_SESSIONS,
    sampledCommand: SAMPLED_COMMAND,
    sampledSessions: SAMPLED_SESSIONS,
    browserCommand: BROWSER_COMMAND,
    listRows: LIST_ROWS,
    megabyte: MB,
    limitsMs: LIMITS,
  },
  build: null,
  peers: null,
  ingest: null,
  responsiveness: null,
  readCost: null,
  list: null,
  live: null,
  idle: null,
  sampling: null,
  browser: null,
  targets: {},
  errors: [],
  notes: [],
};

let cleaningUp;
async function cleanup() {
  cleaningUp ??= (async () => {
    for (const child of state.children) {
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {}
    }
    if (state.browser) {
      await withTimeout(state.browser.close(), 10_000, 'closing the browser').catch(() => {});
      state.browser = undefined;
    }
    await stopPeers();
    await stopServer();
    if (state.tmpDir) {
      const { found, survivors } = await sweepProcessesOfRun(state.tmpDir);
      if (found.length) results.notes.push(`cleanup: stopped ${found.length} process(es) of the run left after the server (the session host outlives it by design): ${found.map((p) => p.cmdline).join('; ').slice(0, 500)}`);
      if (survivors.length) console.error(`bench: still alive after SIGKILL: ${survivors.map((p) => `${p.pid} ${p.cmdline}`).join('; ')}`);
      try {
        rmSync(state.tmpDir, { recursive: true, force: true });
      } catch (error) {
        console.error(`bench: could not remove ${state.tmpDir}: ${error.message}`);
      }
      state.tmpDir = undefined;
    }
  })();
  return cleaningUp;
}

// Last resort when the process goes down without the async cleanup having run.
process.on('exit', () => {
  for (const child of state.children) {
    try {
      process.kill(-child.pid, 'SIGKILL');
    } catch {}
  }
  killPeersSync();
  if (state.server && !state.serverExited) {
    try {
      process.kill(-state.server.pid, 'SIGKILL');
    } catch {}
  }
  if (state.tmpDir) {
    killProcessesOfRunSync(state.tmpDir);
    try {
      rmSync(state.tmpDir, { recursive: true, force: true });
    } catch {}
  }
});
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.once(signal, () => {
    console.error(`\nbench: ${signal} received, stopping the server and removing the temporary files…`);
    cleanup().finally(() => process.exit(130));
  });
}

// ---------------------------------------------------------------------------------------------
// Small helpers
// ---------------------------------------------------------------------------------------------

const now = () => performance.now();
function round(value, digits = 2) {
  return value === null || value === undefined || Number.isNaN(value) ? null : Math.round(value * 10 ** digits) / 10 ** digits;
}

function percentile(values, p) {
  if (!values.length) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
  return sorted[rank - 1];
}
const median = (values) => {
  if (!values.length) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};
function summary(samples) {
  return {
    count: samples.length,
    min: round(Math.min(...samples)),
    p50: round(median(samples)),
    p95: round(percentile(samples, 95)),
    p99: round(percentile(samples, 99)),
    max: round(Math.max(...samples)),
  };
}

function withTimeout(promise, ms, what) {
  let timer;
  return Promise.race([
    promise,
    new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms: ${what}`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

function machineInfo() {
  const cpus = os.cpus();
  return {
    cpuModel: cpus[0]?.model ?? 'unknown',
    cpuCount: cpus.length,
    availableParallelism: typeof os.availableParallelism === 'function' ? os.availableParallelism() : cpus.length,
    totalMemoryBytes: os.totalmem(),
    totalMemoryGB: round(os.totalmem() / 1024 ** 3, 1),
    platform: `${os.platform()} ${os.release()} ${os.arch()}`,
    node: process.version,
    date: new Date().toISOString(),
  };
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

function log(message) {
  const seconds = ((Date.now() - Date.parse(results.startedAt)) / 1000).toFixed(1).padStart(6);
  console.log(`[${seconds}s] ${message}`);
}

// ---------------------------------------------------------------------------------------------
// HTTP to the server under test (127.0.0.1 only)
// ---------------------------------------------------------------------------------------------

class HttpError extends Error {}

/** One API call, timed from the request to the whole body read. */
async function api(method, pathname, { body, timeoutMs = LIMITS.requestMs, expect = [200] } = {}) {
  const url = `${state.baseUrl}${pathname}`;
  const headers = { Authorization: `Bearer ${state.token}` };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const started = now();
  let response;
  let text;
  try {
    response = await fetch(url, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(timeoutMs),
    });
    text = await response.text();
  } catch (error) {
    const reason = error.name === 'TimeoutError' ? `no answer within ${timeoutMs} ms` : error.cause?.message ?? error.message;
    throw new HttpError(`${method} ${pathname} failed: ${reason}`);
  }
  const ms = now() - started;
  if (!expect.includes(response.status)) {
    throw new HttpError(`${method} ${pathname} answered ${response.status} (expected ${expect.join('/')}): ${text.slice(0, 300)}`);
  }
  let json;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    throw new HttpError(`${method} ${pathname} answered non-JSON: ${text.slice(0, 200)}`);
  }
  return { ms, json, status: response.status, bytes: text.length };
}

async function launch(command, name) {
  const { json } = await api('POST', '/api/sessions', { body: { command, name }, expect: [201] });
  if (!json?.id) throw new Error(`POST /api/sessions returned no id: ${JSON.stringify(json)}`);
  state.launched.add(json.id);
  return json;
}

/** Polls a session until it is no longer running (or until `done`); on timeout kills it and throws. */
async function waitForEnd(id, { timeoutMs, intervalMs = 100, onPoll, done = (session) => session.status !== 'running' } = {}) {
  const deadline = now() + timeoutMs;
  for (let polls = 0; polls < Math.ceil(timeoutMs / intervalMs) + 10 && now() < deadline; polls++) {
    const { json } = await api('GET', `/api/sessions/${id}`);
    onPoll?.(json);
    if (done(json)) return { session: json, at: now() };
    await sleep(intervalMs);
  }
  await killSession(id);
  throw new Error(`session ${id} still running after ${timeoutMs} ms (killed)`);
}

async function killSession(id) {
  try {
    await api('POST', `/api/sessions/${id}/kill`, { expect: [202, 409, 404], timeoutMs: 5000 });
  } catch {}
}

// ---------------------------------------------------------------------------------------------
// Build, server
// ---------------------------------------------------------------------------------------------

function run(command, args, { timeoutMs, env = process.env, inherit = false }) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: ROOT, env, stdio: inherit ? 'inherit' : ['ignore', 'pipe', 'pipe'], detached: true });
    state.children.add(child);
    let output = '';
    const keep = (data) => {
      output = (output + data).slice(-8000);
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    const timer = setTimeout(() => {
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {}
      reject(new Error(`${command} ${args.join(' ')} did not finish within ${timeoutMs} ms`));
    }, timeoutMs);
    child.on('error', (error) => {
      state.children.delete(child);
      clearTimeout(timer);
      reject(new Error(`could not run ${command}: ${error.message}`));
    });
    child.on('exit', (code, signal) => {
      state.children.delete(child);
      clearTimeout(timer);
      if (code === 0) resolve(output);
      else reject(new Error(`${command} ${args.join(' ')} exited with ${signal ?? `code ${code}`}${output ? `:\n${output}` : ''}`));
    });
  });
}

async function build() {
  const buildId = path.join(ROOT, '.next', 'BUILD_ID');
  if (process.env.BENCH_SKIP_BUILD === '1' && existsSync(buildId)) {
    results.build = { skipped: true, buildId: readFileSync(buildId, 'utf8').trim(), builtAt: statSync(buildId).mtime.toISOString() };
    log(`build skipped (BENCH_SKIP_BUILD=1), using .next build ${results.build.buildId} of ${results.build.builtAt}`);
    return;
  }
  if (process.env.BENCH_SKIP_BUILD === '1') log('BENCH_SKIP_BUILD=1 but .next/BUILD_ID is missing: building');
  log('building the production app (npx next build)…');
  const started = now();
  await run('npx', ['next', 'build'], { timeoutMs: LIMITS.buildMs, env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' }, inherit: true });
  results.build = { skipped: false, seconds: round((now() - started) / 1000, 1), buildId: readFileSync(buildId, 'utf8').trim() };
  log(`built in ${results.build.seconds} s`);
}

async function startServer() {
  state.tmpDir = mkdtempSync(path.join(os.tmpdir(), 'active-sessions-bench-'));
  const port = await freePort();
  state.baseUrl = `http://127.0.0.1:${port}`;
  const env = {
    ...process.env,
    DATABASE_PATH: path.join(state.tmpDir, 'sessions.db'),
    ACTIVE_SESSIONS_TOKEN: state.token,
    NEXT_TELEMETRY_DISABLED: '1',
    HOST: '127.0.0.1',
    PORT: String(port),
  };
  delete env.MAX_OUTPUT_BYTES; // the default, 1 GiB
  if (!existsSync(path.join(ROOT, 'node_modules', 'next'))) throw new Error('next is missing: run npm install');
  log(`starting the server on ${state.baseUrl} (database in ${state.tmpDir})`);
  // What `npm start` execs, without npm between; its own process group, so a last-resort SIGKILL
  // reaches anything it forked.
  const server = spawn(process.execPath, [path.join(ROOT, 'server', 'start.mjs')], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  state.server = server;
  const remember = (data) => {
    for (const line of String(data).split('\n')) if (line.trim()) state.serverLog.push(line.replaceAll(state.token, '<token>'));
    if (state.serverLog.length > 60) state.serverLog.splice(0, state.serverLog.length - 60);
  };
  server.stdout.on('data', remember);
  server.stderr.on('data', remember);
  server.on('exit', (code, signal) => {
    state.serverExited = true;
    state.serverExit = signal ?? `code ${code}`;
  });
  server.on('error', (error) => {
    state.serverExited = true;
    state.serverExit = error.message;
  });

  const started = now();
  let lastProblem = 'no answer yet';
  for (let attempt = 0; attempt < 400 && now() - started < LIMITS.serverReadyMs; attempt++) {
    if (state.serverExited) throw new Error(`the server exited during start-up (${state.serverExit})\n${serverLogTail()}`);
    try {
      const response = await fetch(`${state.baseUrl}/api/sessions`, {
        headers: { Authorization: `Bearer ${state.token}` },
        signal: AbortSignal.timeout(5000),
      });
      await response.arrayBuffer();
      if (response.status === 200) {
        log(`server ready in ${round((now() - started) / 1000, 1)} s`);
        return;
      }
      lastProblem = `GET /api/sessions answered ${response.status}`;
    } catch (error) {
      lastProblem = error.cause?.code ?? error.message;
    }
    await sleep(250);
  }
  throw new Error(`the server did not answer 200 on GET /api/sessions within ${LIMITS.serverReadyMs} ms (last: ${lastProblem})\n${serverLogTail()}`);
}

function serverLogTail() {
  return state.serverLog.length ? `server output (last lines):\n  ${state.serverLog.slice(-25).join('\n  ')}` : '(the server printed nothing)';
}

async function runningLaunchedSessions() {
  const { json } = await api('GET', `/api/sessions?status=running&limit=${state.launched.size + 1000}`, { timeoutMs: 5000 });
  return json.sessions.filter((s) => state.launched.has(s.id));
}

async function killLaunchedSessions() {
  try {
    const running = await runningLaunchedSessions();
    for (const { id } of running) await killSession(id);
    const deadline = now() + LIMITS.sessionsKilledMs;
    while (running.length && now() < deadline) {
      if (!(await runningLaunchedSessions()).length) return;
      await sleep(200);
    }
    if (running.length) console.error(`bench: sessions still running ${LIMITS.sessionsKilledMs} ms after their kill; stopping the server anyway`);
  } catch (error) {
    console.error(`bench: could not kill the sessions through the API: ${error.message}`);
  }
}

async function stopServer() {
  const server = state.server;
  if (!server) return;
  state.server = undefined;
  if (!state.serverExited) {
    // Sessions outlive the web server (they belong to the session host daemon): kill ours through the
    // app and wait for their end before stopping it (best effort; the sweep in cleanup() follows).
    await killLaunchedSessions();
    const exited = new Promise((resolve) => (state.serverExited ? resolve() : server.once('exit', resolve)));
    try {
      process.kill(server.pid, 'SIGTERM');
    } catch {}
    const stopped = await withTimeout(exited, LIMITS.serverStopMs, 'server stop')
      .then(() => true)
      .catch(() => false);
    if (!stopped) {
      console.error(`bench: the server did not stop within ${LIMITS.serverStopMs} ms of SIGTERM: SIGKILL`);
      try {
        process.kill(-server.pid, 'SIGKILL');
      } catch {}
      await withTimeout(exited, 5000, 'server SIGKILL').catch(() => {});
    }
  }
  // Anything left in its process group.
  try {
    process.kill(-server.pid, 'SIGKILL');
  } catch {}
}

// ---------------------------------------------------------------------------------------------
// 1. The peers: the firehose into a file, under PM2, under supervisord
// ---------------------------------------------------------------------------------------------

/**
 * Writes the dirty pages of the runs before to disk, so that no run pays for another's writeback
 * (past the kernel's dirty limit, writers are throttled): each firehose starts on the same footing.
 */
async function settleDisk() {
  await run('sync', [], { timeoutMs: LIMITS.baselineMs });
}

async function baseline() {
  const file = path.join(state.tmpDir, 'baseline.out');
  const runs = [];
  // Two runs, the better one counts: the first may pay for a cold page cache.
  for (let i = 0; i < 2; i++) {
    await settleDisk();
    const started = now();
    await run('sh', ['-c', `${FIREHOSE_COMMAND} > '${file}'`], { timeoutMs: LIMITS.baselineMs });
    const seconds = (now() - started) / 1000;
    const bytes = statSync(file).size;
    rmSync(file, { force: true });
    if (bytes !== FIREHOSE_BYTES) throw new Error(`baseline wrote ${bytes} bytes, expected ${FIREHOSE_BYTES}`);
    runs.push({ seconds: round(seconds, 3), mbPerSecond: round(bytes / MB / seconds, 1) });
  }
  const best = runs.reduce((a, b) => (b.mbPerSecond > a.mbPerSecond ? b : a));
  return { command: `sh -c '${FIREHOSE_COMMAND} > file'`, runs, mbPerSecond: best.mbPerSecond, seconds: best.seconds };
}

/** Two runs under a peer; the better complete one counts, as for the redirect. */
async function peerRuns(name, runOnce) {
  const runs = [];
  let version;
  for (let i = 0; i < 2; i++) {
    await settleDisk();
    const capture = await runOnce();
    version = capture.version;
    runs.push({ complete: capture.complete, bytes: capture.bytes, lostBytes: capture.lostBytes, seconds: round(capture.seconds, 3), mbPerSecond: round(capture.mbPerSecond, 1) });
  }
  const candidates = runs.some((r) => r.complete) ? runs.filter((r) => r.complete) : runs;
  const best = candidates.reduce((a, b) => (b.mbPerSecond > a.mbPerSecond ? b : a));
  for (const r of runs.filter((r) => !r.complete)) {
    results.notes.push(`peers: ${name}'s log held ${r.bytes} of ${FIREHOSE_BYTES} bytes once it had settled (${r.lostBytes} lost); its MB/s counts until its last byte`);
  }
  log(`peers: ${name} ${version}: ${best.mbPerSecond} MB/s (runs: ${runs.map((r) => `${r.mbPerSecond} MB/s${r.complete ? '' : ' incomplete'}`).join(', ')})`);
  return { version, runs, complete: best.complete, mbPerSecond: best.mbPerSecond, seconds: best.seconds };
}

async function peers() {
  log('peers: the firehose into a file (plain redirect)…');
  const redirect = await baseline();
  results.peers = { redirect, pm2: null, supervisord: null };
  log(`peers: redirect ${redirect.mbPerSecond} MB/s (runs: ${redirect.runs.map((r) => `${r.mbPerSecond} MB/s`).join(', ')})`);
  const options = { tmpDir: state.tmpDir, command: FIREHOSE_COMMAND, bytes: FIREHOSE_BYTES, timeoutMs: LIMITS.peerMs };
  try {
    results.peers.pm2 = await peerRuns('PM2', () => pm2Firehose({ ...options, run }));
  } catch (error) {
    results.peers.pm2 = { error: error.message };
    results.notes.push(`peers: PM2 failed: ${error.message}`);
  }
  if (!supervisordInstalled()) {
    results.peers.supervisord = { installed: false };
    results.notes.push(SUPERVISORD_MISSING);
    log(`peers: ${SUPERVISORD_MISSING}`);
    return;
  }
  try {
    results.peers.supervisord = await peerRuns('supervisord', () => supervisordFirehose(options));
  } catch (error) {
    results.peers.supervisord = { error: error.message };
    results.notes.push(`peers: supervisord failed: ${error.message}`);
  }
}

/** The floor (bench/floor.mjs): two rounds of its four variants, best of two as for the peers, each compared with supervisord. */
async function floor() {
  log('floor: the firehose written directly and through cat, each with and without a bare read-back…');
  const variants = await captureFloor({
    rounds: 2,
    settle: settleDisk,
    tmpDir: state.tmpDir,
    command: FIREHOSE_COMMAND,
    bytes: FIREHOSE_BYTES,
    newlines: Math.floor(FIREHOSE_BYTES / (LOG_LINE.length + 1)),
    timeoutMs: LIMITS.baselineMs,
    run,
    children: state.children,
  });
  const supervisord = results.peers?.supervisord?.mbPerSecond;
  results.floor = Object.fromEntries(
    Object.entries(variants).map(([name, v]) => [
      name,
      { ...v, seconds: round(v.seconds, 3), mbPerSecond: round(v.mbPerSecond, 1), runs: v.runs.map((s) => round(s, 3)), ratioToSupervisord: supervisord ? round(v.mbPerSecond / supervisord, 3) : null },
    ]),
  );
  for (const v of Object.values(results.floor)) log(`floor: ${v.label}: ${v.mbPerSecond} MB/s (runs: ${v.runs.map((s) => `${s} s`).join(', ')})`);
}

/** Each peer's ratio to the redirect, and Active Sessions' ratio to each peer. */
function comparePeers() {
  const redirect = results.peers?.redirect?.mbPerSecond;
  const capture = results.ingest?.mbPerSecond;
  for (const peer of [results.peers?.pm2, results.peers?.supervisord]) {
    if (!peer?.mbPerSecond) continue;
    peer.ratioToRedirect = redirect ? round(peer.mbPerSecond / redirect, 3) : null;
    peer.activeSessionsRatio = capture ? round(capture / peer.mbPerSecond, 3) : null;
  }
}

// ---------------------------------------------------------------------------------------------
// 2 + 3. Capture throughput, and responsiveness during the firehose
// ---------------------------------------------------------------------------------------------

// The capture is timed until the session has ended and the API shows every byte; a count that stays
// short for this long after the end is final.
const FIREHOSE_POLL_MS = 25;
const BYTES_SETTLED_MS = 10_000;
// Past any chunk's seq: the event stream from here carries only the session's end.
const NO_OUTPUT = 9_000_000_000_000_000;

/**
 * Resolves at the session's end, learnt as `active-sessions wait` and the MCP server learn it: from
 * its event stream, which the server wakes. Polling the session instead costs the server a request's
 * CPU every few milliseconds, taken from the command being timed (a tenth of the firehose's speed,
 * measured); the peers are watched with a stat.
 */
async function streamEnd(id, timeoutMs) {
  const response = await fetch(`${state.baseUrl}/api/sessions/${id}/stream?after=${NO_OUTPUT}`, {
    headers: { Authorization: `Bearer ${state.token}`, Accept: 'text/event-stream' },
    signal: AbortSignal.timeout(timeoutMs),
  });
  if (response.status !== 200) throw new Error(`GET /api/sessions/${id}/stream answered ${response.status}: ${(await response.text()).slice(0, 200)}`);
  const decoder = new TextDecoder();
  let text = '';
  for await (const bytes of response.body) {
    text += decoder.decode(bytes, { stream: true });
    if (/^event: end$/m.test(text)) return;
  }
  throw new Error('the event stream closed without an end event');
}

/**
 * One firehose session from the launch request until every byte is stored and readable (outputBytes
 * complete). With `probe`, GET /api/sessions is called all along (and memory sampled): how the
 * server answers others during a firehose. Without, nothing else runs, as for the peers.
 */
async function firehose({ probe }) {
  await settleDisk();
  const before = (await api('GET', '/api/metrics')).json;
  const launchStarted = now();
  const session = await launch(FIREHOSE_COMMAND, 'bench: 500 MB firehose');
  const metricsReset = probe ? (await api('GET', '/api/metrics?reset=1')).json : undefined;
  log(`firehose session ${session.id} launched${probe ? '; probing GET /api/sessions until it ends' : ''}…`);

  let ended = false;
  let rssPeak = before.rssBytes;
  const listLatencies = [];
  const listErrors = [];
  const prober = (async () => {
    const stopAt = now() + LIMITS.firehoseMs + 10_000;
    for (let i = 0; probe && i < LIMITS.firehoseProbeMax && !ended && now() < stopAt; i++) {
      try {
        listLatencies.push((await api('GET', '/api/sessions')).ms);
      } catch (error) {
        listErrors.push(error.message);
        if (listErrors.length > 20) break;
      }
      await sleep(20);
    }
  })();
  // Memory peak, once a second (outside the latency samples).
  const sampler = (async () => {
    const stopAt = now() + LIMITS.firehoseMs + 10_000;
    while (probe && !ended && now() < stopAt) {
      await sleep(1000);
      if (ended) break;
      try {
        rssPeak = Math.max(rssPeak, (await api('GET', '/api/metrics')).json.rssBytes);
      } catch {}
    }
  })();

  let lastSeen = session;
  let endSeenAt;
  const captured = (s) => {
    if (s.status === 'running') return false;
    endSeenAt ??= now();
    return (s.outputBytes ?? 0) >= FIREHOSE_BYTES || now() - endSeenAt > BYTES_SETTLED_MS;
  };
  let finished;
  let incomplete = false;
  try {
    await streamEnd(session.id, LIMITS.firehoseMs).catch((error) => results.notes.push(`ingest: no end from the event stream (${error.message}); polled instead`));
    finished = await waitForEnd(session.id, { timeoutMs: LIMITS.firehoseMs, intervalMs: FIREHOSE_POLL_MS, onPoll: (s) => (lastSeen = s), done: captured });
    if (finished.session.outputBytes !== FIREHOSE_BYTES) finished.at = endSeenAt;
  } catch (error) {
    incomplete = true;
    results.notes.push(`ingest: ${error.message}; throughput is computed from the bytes stored by then`);
    finished = { session: lastSeen, at: now() };
  } finally {
    ended = true;
    await Promise.all([prober, sampler]);
  }
  const after = (await api('GET', '/api/metrics')).json;
  const seconds = (finished.at - launchStarted) / 1000;
  const bytes = finished.session.outputBytes ?? FIREHOSE_BYTES;
  if (!incomplete && bytes !== FIREHOSE_BYTES) results.notes.push(`ingest: the session stored ${bytes} bytes, expected ${FIREHOSE_BYTES}`);
  if (finished.session.status !== 'completed') results.notes.push(`ingest: the firehose session ended ${finished.session.status}/${finished.session.endReason}`);
  return { session, finished, incomplete, seconds, bytes, mbPerSecond: bytes / MB / seconds, listLatencies, listErrors, before, after, metricsReset, rssPeak };
}

async function ingestAndResponsiveness() {
  const base = results.peers?.redirect ?? null;
  // As the peers: two runs with nothing else going on, the better one counts.
  const runs = [];
  for (let i = 0; i < 2; i++) {
    const run = await firehose({ probe: false });
    runs.push(run);
    log(`capture: ${round(run.mbPerSecond, 1)} MB/s in ${round(run.seconds, 3)} s`);
  }
  const best = runs.reduce((a, b) => (b.mbPerSecond > a.mbPerSecond ? b : a));
  results.ingest = {
    sessionId: best.session.id,
    complete: !best.incomplete,
    status: best.finished.session.status,
    endReason: best.finished.session.endReason,
    bytes: best.bytes,
    seconds: round(best.seconds, 3),
    mbPerSecond: round(best.mbPerSecond, 1),
    runs: runs.map((run) => ({ seconds: round(run.seconds, 3), mbPerSecond: round(run.mbPerSecond, 1), bytes: run.bytes })),
    baseline: base,
    ratio: base ? round(best.mbPerSecond / base.mbPerSecond, 3) : null,
    pollIntervalMs: FIREHOSE_POLL_MS,
    timedUntil: 'the session has ended (its event stream says so) and GET /api/sessions/:id shows every byte (outputBytes)',
  };

  const probed = await firehose({ probe: true });
  const { listLatencies, listErrors, before, after, rssPeak } = probed;
  results.responsiveness = {
    firehoseMbPerSecond: round(probed.mbPerSecond, 1),
    listDuringFirehose: { ...(listLatencies.length ? summary(listLatencies) : { count: 0 }), errors: listErrors, samplesMs: listLatencies.map((v) => round(v)) },
    metricsBefore: before,
    metricsAtReset: probed.metricsReset,
    metricsAfter: after,
    eventLoopDelayMs: after.eventLoopDelayMs,
    rssBeforeBytes: before.rssBytes,
    rssAfterBytes: after.rssBytes,
    rssPeakBytes: Math.max(rssPeak, after.rssBytes),
    rssGrowthMb: round((after.rssBytes - before.rssBytes) / MB, 1),
    rssPeakGrowthMb: round((Math.max(rssPeak, after.rssBytes) - before.rssBytes) / MB, 1),
  };
  if (listErrors.length) results.notes.push(`responsiveness: ${listErrors.length} list calls failed during the firehose (first: ${listErrors[0]})`);
  log(
    `capture: best ${results.ingest.mbPerSecond} MB/s (ratio ${results.ingest.ratio}); with GET /api/sessions probed: ` +
      `list p50 ${results.responsiveness.listDuringFirehose.p50} ms p99 ${results.responsiveness.listDuringFirehose.p99} ms over ${listLatencies.length} calls; ` +
      `event loop p99 ${after.eventLoopDelayMs?.p99} ms; RSS +${results.responsiveness.rssGrowthMb} MB`,
  );
  return best.session.id;
}

// ---------------------------------------------------------------------------------------------
// 3. Read cost: the newest output of a 500 MB session against a 1 MB one
// ---------------------------------------------------------------------------------------------

async function readCostOf(id) {
  const { json: tail } = await api('GET', `/api/sessions/${id}/lines?tail=1`);
  if (!Number.isInteger(tail?.cursor)) throw new Error(`GET /api/sessions/${id}/lines?tail=1 gave no numeric cursor: ${JSON.stringify(tail).slice(0, 200)}`);
  const after = Math.max(0, tail.cursor - 3);
  const url = `/api/sessions/${id}/output?after=${after}`;
  for (let i = 0; i < 3; i++) await api('GET', url); // warm-up, not counted
  const samples = [];
  let responseBytes = 0;
  let chunks = 0;
  for (let i = 0; i < 50; i++) {
    const { ms, json, bytes } = await api('GET', url);
    samples.push(ms);
    responseBytes = bytes;
    chunks = json.chunks.length;
  }
  return { sessionId: id, cursor: tail.cursor, after, chunksPerResponse: chunks, responseBytes, ...summary(samples), medianMs: round(median(samples)), samplesMs: samples.map((v) => round(v)) };
}

async function readCost(bigId) {
  log('read cost: a 1 MB session…');
  const small = await launch(SMALL_COMMAND, 'bench: 1 MB');
  const { session } = await waitForEnd(small.id, { timeoutMs: LIMITS.smallSessionMs });
  if (session.outputBytes !== SMALL_BYTES) results.notes.push(`read cost: the 1 MB session stored ${session.outputBytes} bytes`);
  const smallCost = await readCostOf(small.id);
  const bigCost = bigId ? await readCostOf(bigId) : null;
  results.readCost = {
    small: smallCost,
    big: bigCost,
    ratio: bigCost ? round(bigCost.medianMs / smallCost.medianMs, 3) : null,
    calls: 50,
    warmupCalls: 3,
  };
  log(`read cost: median 1 MB ${smallCost.medianMs} ms, 500 MB ${bigCost?.medianMs ?? '—'} ms, ratio ${results.readCost.ratio ?? '—'}`);
}

// ---------------------------------------------------------------------------------------------
// 4. List with 10,000 finished sessions
// ---------------------------------------------------------------------------------------------

async function insertSessions() {
  const { default: Database } = await import('better-sqlite3');
  const db = new Database(path.join(state.tmpDir, 'sessions.db'), { timeout: 10_000 });
  try {
    db.pragma('busy_timeout = 10000');
    const columns = db.prepare('PRAGMA table_info(sessions)').all();
    if (!columns.length) throw new Error('the database has no sessions table');
    const names = [
      'nightly backup of the orders database',
      'npm test in the api repository',
      'claude: refactor the billing module',
      'scrape product catalogue',
      'migrate user avatars to object storage',
      'codex: fix flaky integration tests',
      'rebuild search index',
      'export monthly invoices',
    ];
    const commands = ['pg_dump orders | gzip > /backups/orders.sql.gz', 'npm test', 'claude -p "refactor billing"', 'python scrape.py --all', 'node scripts/migrate-avatars.js', 'codex exec "fix flaky tests"', 'bin/reindex --full', 'python export.py --month=2025-02'];
    const nowMs = Date.now();
    const rowFor = (i) => {
      const createdAt = nowMs - 60_000 - (LIST_ROWS - i) * 240_000; // every 4 minutes, going back ~28 days
      const startedAt = createdAt + 15;
      const endedAt = startedAt + 1000 + ((i * 7919) % 3_600_000);
      const k = i % names.length;
      const values = {
        id: `bench${String(i).padStart(6, '0')}${randomBytes(3).toString('hex')}`,
        name: `${names[k]} #${i}`,
        command: commands[k],
        cwd: '/srv/app',
        status: 'completed',
        end_reason: 'exited',
        pid: 10_000 + (i % 50_000),
        pid_start_time: String(100_000 + i),
        boot_id: '00000000-0000-4000-8000-000000000000',
        runner_pid: 1,
        runner_start_time: '1',
        exit_code: 0,
        signal: null,
        error: null,
        created_at: createdAt,
        started_at: startedAt,
        ended_at: endedAt,
        output_bytes: (i * 104_729) % 5_000_000,
        line_count: ((i * 104_729) % 5_000_000) / 71 | 0,
        dropped_bytes: 0,
        drop_marker_seq: null,
      };
      return values;
    };
    // Only the columns the table has; any other required column gets a neutral value.
    const sample = rowFor(0);
    const used = columns.filter((c) => c.name in sample || (c.notnull && c.dflt_value === null && !c.pk));
    const extra = used.filter((c) => !(c.name in sample)).map((c) => c.name);
    if (extra.length) results.notes.push(`list: filled unknown required columns with neutral values: ${extra.join(', ')}`);
    const neutral = (column) => (/INT|REAL|NUM/i.test(column.type) ? 0 : '');
    const insert = db.prepare(`INSERT INTO sessions (${used.map((c) => `"${c.name}"`).join(', ')}) VALUES (${used.map(() => '?').join(', ')})`);
    const started = now();
    db.transaction(() => {
      for (let i = 0; i < LIST_ROWS; i++) {
        const row = rowFor(i);
        insert.run(...used.map((c) => (c.name in row ? row[c.name] : neutral(c))));
      }
    })();
    const total = db.prepare('SELECT count(*) AS n FROM sessions').get().n;
    return { inserted: LIST_ROWS, totalRows: total, insertMs: round(now() - started) };
  } finally {
    db.close();
  }
}

async function list() {
  log(`list: inserting ${LIST_ROWS} finished sessions into the database…`);
  const inserted = await insertSessions();
  const measure = async (pathname, calls) => {
    await api('GET', pathname); // warm-up, not counted
    const samples = [];
    let count = 0;
    let bytes = 0;
    for (let i = 0; i < calls; i++) {
      const { ms, json, bytes: b } = await api('GET', pathname);
      samples.push(ms);
      count = json.sessions.length;
      bytes = b;
    }
    return { path: pathname, sessionsReturned: count, responseBytes: bytes, ...summary(samples), samplesMs: samples.map((v) => round(v)) };
  };
  const byDefault = await measure('/api/sessions', 30);
  const full = await measure('/api/sessions?limit=10000', 10);
  results.list = { ...inserted, default: byDefault, full, warmupCalls: 1 };
  log(`list: default (${byDefault.sessionsReturned}) median ${byDefault.p50} ms p99 ${byDefault.p99} ms; full (${full.sessionsReturned}) median ${full.p50} ms p99 ${full.p99} ms`);
}

// ---------------------------------------------------------------------------------------------
// 5. Live latency over Server-Sent Events
// ---------------------------------------------------------------------------------------------

/** ns since the epoch, as printed by `date +%s%N`, in ms (without losing precision). */
const nsToMs = (text) => Number(text.slice(0, -6)) + Number(text.slice(-6)) / 1e6;

async function live() {
  log(`live: ${LIVE_LINES} timestamped lines over SSE…`);
  const session = await launch(LIVE_COMMAND, 'bench: live latency');
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new Error(`no end event within ${LIMITS.liveMs} ms`)), LIMITS.liveMs);
  const latencies = [];
  const connectStarted = now();
  let connectedMs;
  let firstLineBeforeConnect = false;
  let sawEnd = false;
  let events = 0;
  try {
    const response = await fetch(`${state.baseUrl}/api/sessions/${session.id}/stream?after=0`, {
      headers: { Authorization: `Bearer ${state.token}`, Accept: 'text/event-stream' },
      signal: controller.signal,
    });
    connectedMs = now() - connectStarted;
    if (response.status !== 200) throw new Error(`GET /api/sessions/${session.id}/stream answered ${response.status}: ${(await response.text()).slice(0, 200)}`);
    const decoder = new TextDecoder();
    let buffer = '';
    let partialLine = '';
    const connectedAt = Date.now();
    reading: for await (const bytes of response.body) {
      const arrival = Date.now();
      buffer += decoder.decode(bytes, { stream: true });
      let boundary;
      while ((boundary = buffer.indexOf('\n\n')) !== -1) {
        const block = buffer.slice(0, boundary);
        buffer = buffer.slice(boundary + 2);
        let event = 'message';
        const data = [];
        for (const line of block.split('\n')) {
          if (line.startsWith('event:')) event = line.slice(6).trim();
          else if (line.startsWith('data:')) data.push(line.slice(5).replace(/^ /, ''));
        }
        if (event === 'end') {
          sawEnd = true;
          break reading;
        }
        if (event !== 'chunk') continue;
        events++;
        const chunk = JSON.parse(data.join('\n'));
        if (chunk.stream !== 'stdout') continue;
        const lines = (partialLine + chunk.text).split('\n');
        partialLine = lines.pop();
        for (const line of lines) {
          if (!/^\d{19}$/.test(line.trim())) continue;
          const printed = nsToMs(line.trim());
          if (printed < connectedAt) firstLineBeforeConnect = true;
          latencies.push(arrival - printed);
        }
      }
      if (latencies.length >= LIVE_LINES && sawEnd) break;
    }
  } catch (error) {
    if (!latencies.length) throw new Error(`live: reading the event stream failed: ${controller.signal.reason?.message ?? error.message}`);
    results.notes.push(`live: the stream stopped early (${controller.signal.reason?.message ?? error.message}) after ${latencies.length} lines`);
  } finally {
    clearTimeout(timer);
    controller.abort();
  }
  await waitForEnd(session.id, { timeoutMs: 15_000 }).catch(() => {});
  if (firstLineBeforeConnect) results.notes.push('live: some lines were printed before the stream was connected (their latency includes the connect time)');
  if (latencies.length !== LIVE_LINES) results.notes.push(`live: got ${latencies.length} of ${LIVE_LINES} lines`);
  results.live = {
    sessionId: session.id,
    lines: latencies.length,
    chunkEvents: events,
    sawEnd,
    connectMs: round(connectedMs),
    clock: 'Date.now() at arrival − `date +%s%N` of the child (same system clock)',
    ...(latencies.length ? summary(latencies) : {}),
    samplesMs: latencies.map((v) => round(v)),
  };
  log(`live: ${latencies.length} lines, p50 ${results.live.p50} ms, p95 ${results.live.p95} ms over ${events} chunk events`);
}

// ---------------------------------------------------------------------------------------------
// 6. Idle sessions: Node processes and memory of the console for 200 running sessions
// ---------------------------------------------------------------------------------------------

async function idle() {
  log(`idle: launching ${IDLE_SESSIONS} × \`${IDLE_COMMAND}\`…`);
  const measured = await idleSessions({
    api,
    launch,
    killSession,
    databasePath: path.join(state.tmpDir, 'sessions.db'),
    timeoutMs: LIMITS.idleMs,
    log,
    notes: results.notes,
  });
  results.idle = {
    ...measured,
    launchSeconds: round(measured.launchSeconds, 1),
    killedSeconds: round(measured.killedSeconds, 1),
    rssPerSessionKb: round(measured.rssPerSessionBytes / 1024, 1),
  };
  log(`idle: all ended ${results.idle.killedSeconds} s after the kills; console RSS per running session ${results.idle.rssPerSessionKb} KB`);
}

// ---------------------------------------------------------------------------------------------
// 7. Sampling: the session host's CPU while it samples 50 running sessions
// ---------------------------------------------------------------------------------------------

/** bench/render.mjs: rendering one line stays linear in its length. */
async function render() {
  const { smallMs, largeMs, ratio } = await renderGrowth();
  results.render = { smallMs: round(smallMs, 2), largeMs: round(largeMs, 2), ratio: round(ratio, 1) };
  log(`render: 10,000 characters ${results.render.smallMs} ms, 100,000 characters ${results.render.largeMs} ms: ${results.render.ratio}×`);
}

async function sampling() {
  const measured = await samplingCost({
    api,
    launch,
    killSession,
    databasePath: path.join(state.tmpDir, 'sessions.db'),
    timeoutMs: LIMITS.samplingMs,
    log,
    notes: results.notes,
  });
  results.sampling = {
    ...measured,
    windowSeconds: round(measured.windowSeconds, 1),
    hostCpuPercentIdle: round(measured.hostCpuPercentIdle, 2),
    hostCpuPercent: round(measured.hostCpuPercent, 2),
    addedCpuPercent: round(measured.addedCpuPercent, 2),
    passCpuMs: round(measured.passCpuMs, 2),
    passWallMs: round(measured.passWallMs, 2),
    passCpuPercent: round(measured.passCpuPercent, 2),
  };
  log(
    `sampling: host CPU ${results.sampling.hostCpuPercentIdle}% with no session, ${results.sampling.hostCpuPercent}% with ${SAMPLED_SESSIONS}: ` +
      `+${results.sampling.addedCpuPercent}%; one sampling pass ${results.sampling.passCpuMs} ms of CPU = ${results.sampling.passCpuPercent}% of a core`,
  );
}

// ---------------------------------------------------------------------------------------------
// 8. Browser: the last line of a 1,000,000-line session
// ---------------------------------------------------------------------------------------------

async function browser() {
  log(`browser: a ${BROWSER_LINES}-line session…`);
  const session = await launch(BROWSER_COMMAND, 'bench: one million lines');
  const { session: ended } = await waitForEnd(session.id, { timeoutMs: LIMITS.browserSessionMs, intervalMs: 200 });
  const entry = { sessionId: session.id, sessionBytes: ended.outputBytes, lastLineMs: null, note: null };
  results.browser = entry;

  let playwright;
  try {
    playwright = await import('@playwright/test');
  } catch (error) {
    throw new Error(`could not import @playwright/test: ${error.message}`);
  }
  const { chromium, devices } = playwright;
  const executablePath = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((file) => existsSync(file));
  entry.executablePath = executablePath ?? "Playwright's own";
  const args = ['--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];
  state.browser = await withTimeout(chromium.launch({ executablePath, args, headless: true }), LIMITS.browserLaunchMs, 'launching Chromium');
  entry.browserVersion = state.browser.version();
  const { defaultBrowserType, ...desktop } = devices['Desktop Chrome'];
  const context = await state.browser.newContext({ ...desktop, baseURL: state.baseUrl });
  const page = await context.newPage();
  const pageErrors = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));
  page.on('console', (message) => message.type() === 'error' && pageErrors.push(message.text()));

  await page.goto(`/login?token=${state.token}`, { timeout: LIMITS.requestMs });
  const cookies = await context.cookies();
  if (!cookies.length) throw new Error('browser: logging in with /login?token= set no cookie');

  const lastLine = page.locator(`[data-line="${BROWSER_LINES}"]`);
  const started = now();
  let navigationMs = null;
  try {
    await page.goto(`/sessions/${session.id}`, { timeout: LIMITS.browserLineMs, waitUntil: 'commit' });
    navigationMs = now() - started;
    await lastLine.waitFor({ state: 'visible', timeout: Math.max(1000, LIMITS.browserLineMs - (now() - started)) });
    entry.lastLineMs = round(now() - started, 1);
  } catch (error) {
    const count = await page.locator('[data-line]').count().catch(() => 0);
    entry.note = `[data-line="${BROWSER_LINES}"] did not become visible within ${LIMITS.browserLineMs} ms (${error.message.split('\n')[0]}); elements with data-line on the page: ${count}`;
    results.notes.push(`browser: ${entry.note}`);
  }
  entry.navigationCommitMs = round(navigationMs, 1);

  entry.usedJSHeapSize = await page.evaluate(() => performance.memory?.usedJSHeapSize ?? null).catch(() => null);
  entry.usedJSHeapMb = entry.usedJSHeapSize ? round(entry.usedJSHeapSize / MB, 1) : null;
  try {
    const cdp = await context.newCDPSession(page);
    await cdp.send('Performance.enable');
    const { metrics } = await cdp.send('Performance.getMetrics');
    const metric = (name) => metrics.find((m) => m.name === name)?.value ?? null;
    entry.cdp = { JSHeapUsedSize: metric('JSHeapUsedSize'), JSHeapTotalSize: metric('JSHeapTotalSize'), Nodes: metric('Nodes') };
  } catch (error) {
    entry.cdp = { error: error.message };
  }
  entry.terminalDomElements = await page
    .evaluate(() => {
      const terminal = document.querySelector('[data-testid="terminal"]');
      return terminal ? terminal.querySelectorAll('*').length : null;
    })
    .catch(() => null);
  entry.documentDomElements = await page.evaluate(() => document.getElementsByTagName('*').length).catch(() => null);
  if (entry.terminalDomElements === null) results.notes.push('browser: no [data-testid="terminal"] element on the page');
  entry.pageErrors = pageErrors.slice(0, 10);
  await context.close().catch(() => {});
  await state.browser.close().catch(() => {});
  state.browser = undefined;
  log(
    `browser: last line ${entry.lastLineMs === null ? 'not found' : `${entry.lastLineMs} ms`}, JS heap ${entry.usedJSHeapMb ?? '—'} MB, ` +
      `${entry.terminalDomElements ?? '—'} elements in the terminal`,
  );
}

// ---------------------------------------------------------------------------------------------
// Report
// ---------------------------------------------------------------------------------------------

function judge(key, value) {
  const target = TARGETS[key];
  const ok =
    value === null || value === undefined
      ? null
      : target.op === '<'
        ? value < target.value
        : target.op === '<='
          ? value <= target.value
          : target.op === '>='
            ? value >= target.value
            : value > target.value;
  results.targets[key] = { ...target, actual: value ?? null, pass: ok };
}

function evaluateTargets() {
  comparePeers();
  judge('ingestRatio', results.ingest?.ratio);
  judge('captureVsSupervisord', results.peers?.supervisord?.activeSessionsRatio);
  judge('listDuringFirehoseP99', results.responsiveness?.listDuringFirehose?.p99);
  judge('eventLoopP99', results.responsiveness?.eventLoopDelayMs?.p99);
  judge('rssGrowthMb', results.responsiveness?.rssGrowthMb);
  judge('readCostRatio', results.readCost?.ratio);
  judge('listDefaultMedian', results.list?.default?.p50);
  judge('liveP95', results.live?.p95);
  judge('idleNodeProcessGrowth', results.idle?.nodeProcessGrowth);
  judge('samplingCpuPercent', results.sampling?.passCpuPercent);
  judge('renderGrowthRatio', results.render?.ratio);
  judge('browserLastLineMs', results.browser?.lastLineMs);
}

function printTable() {
  const r = results;
  const fmt = (value, unit = '') => (value === null || value === undefined ? '—' : `${value}${unit ? ` ${unit}` : ''}`);
  const verdict = (key) => {
    const t = r.targets[key];
    return t.pass === null ? 'n/a' : t.pass ? 'pass' : 'MISS';
  };
  const target = (key) => `${TARGETS[key].op} ${TARGETS[key].value} ${TARGETS[key].unit}`;
  const peer = (name, p) => {
    if (p?.installed === false) return [SUPERVISORD_MISSING, '—', '', ''];
    if (!p?.mbPerSecond) return [`peer: ${name}`, p?.error ? 'failed' : '—', '', ''];
    return [`peer: ${name} ${p.version ?? ''}`.trim(), `${p.mbPerSecond} MB/s = ${fmt(p.ratioToRedirect, '×')} redirect${p.complete ? '' : ' (log incomplete)'}`, '', ''];
  };
  const idleCounts = r.idle ? `${r.idle.before.count} → ${r.idle.after.count} (${r.idle.nodeProcessGrowth >= 0 ? '+' : ''}${r.idle.nodeProcessGrowth})` : '—';
  const rows = [
    ['peer: plain redirect (sh > file)', fmt(r.peers?.redirect?.mbPerSecond, 'MB/s'), '', ''],
    peer('PM2', r.peers?.pm2),
    peer('supervisord', r.peers?.supervisord),
    ...Object.values(r.floor ?? {}).map((v) => [`floor: ${v.label}`, `${v.mbPerSecond} MB/s${v.ratioToSupervisord ? ` = ${v.ratioToSupervisord} × supervisord` : ''}`, '', '']),
    ['capture: firehose through Active Sessions', fmt(r.ingest?.mbPerSecond, 'MB/s'), '', ''],
    ['capture / plain redirect', fmt(r.ingest?.ratio, '×'), target('ingestRatio'), verdict('ingestRatio')],
    ['capture / PM2', fmt(r.peers?.pm2?.activeSessionsRatio, '×'), '', ''],
    ['capture / supervisord', fmt(r.peers?.supervisord?.activeSessionsRatio, '×'), target('captureVsSupervisord'), verdict('captureVsSupervisord')],
    ['GET /api/sessions during firehose p50', fmt(r.responsiveness?.listDuringFirehose?.p50, 'ms'), '', ''],
    ['GET /api/sessions during firehose p99', fmt(r.responsiveness?.listDuringFirehose?.p99, 'ms'), target('listDuringFirehoseP99'), verdict('listDuringFirehoseP99')],
    ['event-loop delay p99 (firehose)', fmt(r.responsiveness?.eventLoopDelayMs?.p99, 'ms'), target('eventLoopP99'), verdict('eventLoopP99')],
    ['server RSS before → after', r.responsiveness ? `${round(r.responsiveness.rssBeforeBytes / MB, 0)} → ${round(r.responsiveness.rssAfterBytes / MB, 0)} MB` : '—', '', ''],
    ['server RSS growth', fmt(r.responsiveness?.rssGrowthMb, 'MB'), target('rssGrowthMb'), verdict('rssGrowthMb')],
    ['newest output, 1 MB session (median)', fmt(r.readCost?.small?.medianMs, 'ms'), '', ''],
    ['newest output, 500 MB session (median)', fmt(r.readCost?.big?.medianMs, 'ms'), '', ''],
    ['read cost 500 MB / 1 MB', fmt(r.readCost?.ratio, '×'), target('readCostRatio'), verdict('readCostRatio')],
    [`list default (${r.list?.default?.sessionsReturned ?? 1000}) median`, fmt(r.list?.default?.p50, 'ms'), target('listDefaultMedian'), verdict('listDefaultMedian')],
    ['list default p99', fmt(r.list?.default?.p99, 'ms'), '', ''],
    [`list limit=10000 (${r.list?.full?.sessionsReturned ?? '—'}) median / p99`, r.list ? `${r.list.full.p50} / ${r.list.full.p99} ms` : '—', '', ''],
    ['live SSE latency p50', fmt(r.live?.p50, 'ms'), '', ''],
    ['live SSE latency p95', fmt(r.live?.p95, 'ms'), target('liveP95'), verdict('liveP95')],
    [`idle: console Node processes, ${IDLE_SESSIONS} sessions`, idleCounts, `${TARGETS.idleNodeProcessGrowth.op} +${TARGETS.idleNodeProcessGrowth.value}`, verdict('idleNodeProcessGrowth')],
    ['idle: console RSS per running session', fmt(r.idle?.rssPerSessionKb, 'KB'), '', ''],
    ['sampling: session host CPU, no session', fmt(r.sampling?.hostCpuPercentIdle, '%'), '', ''],
    [`sampling: session host CPU, ${SAMPLED_SESSIONS} sessions`, fmt(r.sampling?.hostCpuPercent, '%'), '', ''],
    [`sampling: host CPU added by ${SAMPLED_SESSIONS} sessions (upper bound)`, fmt(r.sampling?.addedCpuPercent, '%'), '', ''],
    [`sampling: one pass over ${SAMPLED_SESSIONS} sessions, CPU`, fmt(r.sampling?.passCpuMs, 'ms'), '', ''],
    ['sampling: passes every 2 s, of a core', fmt(r.sampling?.passCpuPercent, '%'), target('samplingCpuPercent'), verdict('samplingCpuPercent')],
    ['render: a line of 100,000 / 10,000 characters', r.render ? `${r.render.ratio}× (${r.render.largeMs} / ${r.render.smallMs} ms)` : '—', target('renderGrowthRatio'), verdict('renderGrowthRatio')],
    [`browser: line ${BROWSER_LINES} visible`, fmt(r.browser?.lastLineMs, 'ms'), target('browserLastLineMs'), verdict('browserLastLineMs')],
    ['browser: JS heap (performance.memory)', fmt(r.browser?.usedJSHeapMb, 'MB'), '', ''],
    ['browser: DOM elements in terminal', fmt(r.browser?.terminalDomElements), '', ''],
  ];
  const header = ['metric', 'value', 'target', 'result'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => String(row[i]).length)));
  const line = (cells) => cells.map((cell, i) => String(cell).padEnd(widths[i])).join('  ');
  console.log('');
  console.log(line(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const row of rows) console.log(line(row));
  console.log('');
  const m = r.machine;
  console.log(`machine: ${m.cpuModel} × ${m.cpuCount}, ${m.totalMemoryGB} GB, node ${m.node}, ${m.platform}`);
  for (const note of r.notes) console.log(`note: ${note}`);
  for (const error of r.errors) console.log(`ERROR in ${error.step}: ${error.message}`);
}

function writeResults() {
  results.finishedAt = new Date().toISOString();
  results.durationSeconds = round((Date.parse(results.finishedAt) - Date.parse(results.startedAt)) / 1000, 1);
  const counts = Object.values(results.targets);
  results.summary = {
    passed: counts.filter((t) => t.pass === true).length,
    missed: counts.filter((t) => t.pass === false).length,
    notMeasured: counts.filter((t) => t.pass === null).length,
    errors: results.errors.length,
  };
  writeFileSync(RESULTS_FILE, `${JSON.stringify(results, null, 2)}\n`);
  console.log(`results written to ${path.relative(process.cwd(), RESULTS_FILE) || RESULTS_FILE}`);
}

// ---------------------------------------------------------------------------------------------
// Main
// ---------------------------------------------------------------------------------------------

async function step(name, fn) {
  try {
    return await fn();
  } catch (error) {
    const message = error?.message ?? String(error);
    results.errors.push({ step: name, message });
    console.error(`bench: step "${name}" failed: ${message}`);
    if (state.serverExited) throw new Error(`the server is gone (${state.serverExit})\n${serverLogTail()}`);
    return undefined;
  }
}

async function main() {
  const watchdog = setTimeout(() => {
    console.error(`bench: still running after ${LIMITS.wholeBenchMs / 60_000} minutes: giving up`);
    results.errors.push({ step: 'watchdog', message: `the bench exceeded ${LIMITS.wholeBenchMs} ms` });
    evaluateTargets();
    try {
      if (!ONLY) writeResults();
    } catch {}
    cleanup().finally(() => process.exit(2));
  }, LIMITS.wholeBenchMs);
  watchdog.unref();

  let bigId;
  const steps = [
    ['peers', peers],
    ['floor', floor],
    ['capture', async () => (bigId = await ingestAndResponsiveness())],
    ['read-cost', () => readCost(bigId)],
    ['list', list],
    ['live', live],
    ['idle', idle],
    ['sampling', sampling],
    ['render', render],
    ['browser', browser],
  ];
  const unknown = ONLY?.filter((name) => !steps.some(([known]) => known === name)) ?? [];
  if (unknown.length) throw new Error(`BENCH_ONLY names no step ${unknown.join(', ')}; the steps: ${steps.map(([name]) => name).join(', ')}`);

  let fatal;
  try {
    await build();
    await startServer();
    for (const [name, run] of steps) if (!ONLY || ONLY.includes(name)) await step(name, run);
  } catch (error) {
    fatal = error;
    results.errors.push({ step: 'setup', message: error?.message ?? String(error) });
  } finally {
    await cleanup();
    clearTimeout(watchdog);
  }
  evaluateTargets();
  printTable();
  if (ONLY) console.log(`BENCH_ONLY=${ONLY.join(',')}: a partial run, bench/results.json left as it was`);
  else writeResults();
  if (fatal) {
    console.error(`\nbench failed: ${fatal.message}`);
    process.exitCode = 1;
  } else if (results.errors.length) {
    process.exitCode = 1;
  }
}

await main();
