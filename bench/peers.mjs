// The peers: the same firehose run under PM2 and supervisord, each timed from the start request until
// the process has exited and its log file holds every byte. Each runs with its own home, socket and
// log files in the bench's temporary directory, and is stopped again, also when the bench fails.

import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { hasExited } from './procs.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, '..');
const PM2_CLI = path.join(ROOT, 'node_modules', 'pm2', 'bin', 'pm2');
export const SUPERVISORD_MISSING = 'supervisord: not installed (apt-get install supervisor)';

const fileSize = (file) => (existsSync(file) ? statSync(file).size : 0);

/** After the process has exited, a log that has not grown for this long is taken as final. */
const SETTLED_MS = 2000;

/**
 * Polls (every 10 ms, cheaply: a stat and a /proc read) until the process `pidOf()` names has exited
 * and `file` holds `bytes` bytes, times from `startedAt` (performance.now()). A log that stops short
 * (PM2 closes its log streams on the child's exit and drops what is still in the pipe) ends the wait
 * once it has settled; the time is then the last byte's.
 */
export async function waitForCapture({ pidOf, file, bytes, startedAt, timeoutMs }) {
  const deadline = startedAt + timeoutMs;
  let exitedAt;
  let stored = 0;
  let grewAt = startedAt;
  while (performance.now() < deadline) {
    const pid = pidOf();
    const at = performance.now();
    if (exitedAt === undefined && (pid === 0 || (pid !== undefined && hasExited(pid)))) exitedAt = at;
    const size = fileSize(file);
    if (size !== stored) grewAt = at;
    stored = size;
    if (exitedAt !== undefined && (stored >= bytes || at - Math.max(grewAt, exitedAt) > SETTLED_MS)) break;
    await sleep(10);
  }
  const exited = exitedAt !== undefined;
  const complete = exited && stored === bytes;
  const endedAt = complete ? performance.now() : Math.max(grewAt, exitedAt ?? grewAt);
  const seconds = (endedAt - startedAt) / 1000;
  return { complete, exited, bytes: stored, lostBytes: exited ? bytes - stored : null, seconds, mbPerSecond: stored / 1e6 / seconds };
}

function toolVersion(command, args) {
  const result = spawnSync(command, args, { encoding: 'utf8', timeout: 10_000 });
  return result.status === 0 ? result.stdout.trim().split('\n')[0] : null;
}

export function supervisordInstalled() {
  return toolVersion('supervisord', ['--version']) !== null && spawnSync('sh', ['-c', 'command -v supervisorctl'], { stdio: 'ignore' }).status === 0;
}

// ---------------------------------------------------------------------------------------------
// PM2: driven from a child (bench/pm2-firehose.mjs) so that its client library, which keeps timers
// alive and reads PM2_HOME at load, stays out of the bench's own process.
// ---------------------------------------------------------------------------------------------

const pm2Homes = new Set();

function pm2Env(home) {
  // DISCRETE mode and no version check: PM2 otherwise calls home on its first start.
  return { ...process.env, PM2_HOME: home, PM2_DISCRETE_MODE: 'true', PM2_DISABLE_VERSION_CHECK: 'true' };
}

export async function pm2Firehose({ tmpDir, command, bytes, timeoutMs, run }) {
  const home = path.join(tmpDir, 'pm2');
  mkdirSync(home, { recursive: true });
  pm2Homes.add(home);
  const outFile = path.join(tmpDir, 'pm2-firehose.out');
  const errFile = path.join(tmpDir, 'pm2-firehose.err');
  try {
    const output = await run(process.execPath, [path.join(HERE, 'pm2-firehose.mjs'), outFile, errFile, String(bytes), String(timeoutMs), command], {
      timeoutMs: timeoutMs + 30_000,
      env: pm2Env(home),
    });
    const line = output.trim().split('\n').findLast((l) => l.startsWith('{'));
    if (!line) throw new Error(`the PM2 driver printed no result:\n${output.slice(-2000)}`);
    return { version: JSON.parse(readFileSync(path.join(ROOT, 'node_modules', 'pm2', 'package.json'), 'utf8')).version, ...JSON.parse(line) };
  } finally {
    rmSync(outFile, { force: true });
    rmSync(errFile, { force: true });
  }
}

// ---------------------------------------------------------------------------------------------
// supervisord: its own daemon with a config in the temporary directory, driven over its XML-RPC
// socket (what supervisorctl does, without a Python start-up inside the timing).
// ---------------------------------------------------------------------------------------------

const supervisors = new Set(); // { child, socket }

function xmlRpc(socket, method, params = []) {
  const value = (p) => (typeof p === 'boolean' ? `<boolean>${p ? 1 : 0}</boolean>` : `<string>${p}</string>`);
  const body = `<?xml version="1.0"?><methodCall><methodName>${method}</methodName><params>${params.map((p) => `<param><value>${value(p)}</value></param>`).join('')}</params></methodCall>`;
  return new Promise((resolve, reject) => {
    const request = http.request(
      { socketPath: socket, path: '/RPC2', method: 'POST', headers: { 'Content-Type': 'text/xml', 'Content-Length': Buffer.byteLength(body) }, timeout: 5000 },
      (response) => {
        let text = '';
        response.setEncoding('utf8');
        response.on('data', (data) => (text += data));
        response.on('end', () => {
          if (!text.includes('<fault>')) return resolve(text);
          const reason = /faultString<\/name>\s*<value>(?:<string>)?([^<]*)/.exec(text)?.[1] ?? text.slice(0, 200);
          reject(new Error(`supervisord ${method}: ${reason}`));
        });
      },
    );
    request.on('timeout', () => request.destroy(new Error(`supervisord ${method}: no answer within 5 s`)));
    request.on('error', reject);
    request.end(body);
  });
}

function supervisordConfig({ dir, socket, command, logFile }) {
  return `[unix_http_server]
file=${socket}
chmod=0700

[supervisord]
logfile=${path.join(dir, 'supervisord.log')}
pidfile=${path.join(dir, 'supervisord.pid')}
childlogdir=${dir}
nodaemon=true

[rpcinterface:supervisor]
supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface

[supervisorctl]
serverurl=unix://${socket}

[program:firehose]
command=sh -c "${command}"
autostart=false
autorestart=false
startsecs=0
startretries=0
stdout_logfile=${logFile}
stdout_logfile_maxbytes=0
stdout_logfile_backups=0
; supervisord leaves SIGPIPE ignored in its children, so yes(1) reports the closed pipe on stderr: not in the count
stderr_logfile=${path.join(dir, 'firehose.err')}
stopasgroup=true
killasgroup=true
`;
}

async function waitForSupervisord(socket, child, timeoutMs) {
  const deadline = performance.now() + timeoutMs;
  let last = 'no answer yet';
  while (performance.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`supervisord exited during start-up (${child.signalCode ?? `code ${child.exitCode}`})`);
    try {
      if ((await xmlRpc(socket, 'supervisor.getState')).includes('RUNNING')) return;
    } catch (error) {
      last = error.message;
    }
    await sleep(100);
  }
  throw new Error(`supervisord did not answer within ${timeoutMs} ms (last: ${last})`);
}

export async function supervisordFirehose({ tmpDir, command, bytes, timeoutMs }) {
  const dir = path.join(tmpDir, 'supervisord');
  mkdirSync(dir, { recursive: true });
  const socket = path.join(dir, 'supervisor.sock');
  const logFile = path.join(dir, 'firehose.out');
  const configFile = path.join(dir, 'supervisord.conf');
  if (command.includes('"') || command.includes('%')) throw new Error('the firehose command must hold no " or % for the supervisord config');
  writeFileSync(configFile, supervisordConfig({ dir, socket, command, logFile }));
  const child = spawn('supervisord', ['-c', configFile], { cwd: dir, stdio: 'ignore', detached: true });
  const entry = { child, socket };
  supervisors.add(entry);
  try {
    await waitForSupervisord(socket, child, 15_000);
    const startedAt = performance.now();
    await xmlRpc(socket, 'supervisor.startProcess', ['firehose', false]);
    // A pid of 0 means it has already exited.
    const pid = Number(/<name>pid<\/name>\s*<value><int>(\d+)<\/int>/.exec(await xmlRpc(socket, 'supervisor.getProcessInfo', ['firehose']))?.[1] ?? 0);
    const capture = await waitForCapture({ pidOf: () => pid, file: logFile, bytes, startedAt, timeoutMs });
    return { version: toolVersion('supervisord', ['--version']), ...capture };
  } finally {
    await stopSupervisord(entry);
    rmSync(logFile, { force: true });
  }
}

async function stopSupervisord(entry) {
  supervisors.delete(entry);
  const { child, socket } = entry;
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  await xmlRpc(socket, 'supervisor.shutdown').catch(() => {
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {}
  });
  const timeout = new AbortController();
  const stopped = await Promise.race([exited.then(() => true), sleep(10_000, false, { signal: timeout.signal }).catch(() => false)]);
  timeout.abort();
  if (!stopped) {
    try {
      process.kill(-child.pid, 'SIGKILL');
    } catch {}
  }
}

/** Stops whatever peer daemon is still up: `pm2 kill` per PM2 home, supervisord's shutdown. */
export async function stopPeers() {
  for (const entry of [...supervisors]) await stopSupervisord(entry);
  for (const home of pm2Homes) {
    // Its daemon removes pm2.pid on exit; `pm2 kill` without a daemon would start one first.
    if (!existsSync(path.join(home, 'pm2.pid'))) continue;
    spawnSync(process.execPath, [PM2_CLI, 'kill'], { env: pm2Env(home), stdio: 'ignore', timeout: 15_000 });
  }
  pm2Homes.clear();
}

/** Last resort when the bench exits without its async cleanup. */
export function killPeersSync() {
  for (const { child } of supervisors) {
    try {
      process.kill(-child.pid, 'SIGKILL');
    } catch {}
  }
}
