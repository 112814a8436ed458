// What /proc says about the bench's own processes: which ones the console runs (and their memory),
// whether a pid has exited, and the sweep that leaves no process of the bench's run behind.

import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

const HOST_DAEMON_TITLE = 'active-sessions-host';

function readText(file) {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}

function pids() {
  return readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .map(Number)
    .filter((pid) => pid !== process.pid);
}

const cmdlineOf = (pid) => readText(`/proc/${pid}/cmdline`).split('\0').filter(Boolean).join(' ');
const environOf = (pid) => readText(`/proc/${pid}/environ`).split('\0');

/** True once the process is gone or a zombie: it has exited, whether or not its parent reaped it. */
export function hasExited(pid) {
  const stat = readText(`/proc/${pid}/stat`);
  if (!stat) return true;
  return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) === 'Z';
}

function rssBytes(pid) {
  const kb = /^VmRSS:\s+(\d+) kB/m.exec(readText(`/proc/${pid}/status`))?.[1];
  return kb ? Number(kb) * 1024 : 0;
}

function isNode(pid) {
  try {
    return /^node/.test(path.basename(readlinkSync(`/proc/${pid}/exe`)));
  } catch {
    return false;
  }
}

/**
 * The Node processes of the console whose database is `databasePath`: the web server (title
 * 'active-sessions'), the session host daemon ('active-sessions-host') and any helper they run, found
 * by the DATABASE_PATH they were started with, so other consoles on the machine do not count.
 */
export function consoleProcesses(databasePath) {
  const wanted = `DATABASE_PATH=${databasePath}`;
  const processes = pids()
    .filter((pid) => isNode(pid) && environOf(pid).includes(wanted))
    .map((pid) => ({ pid, title: cmdlineOf(pid).slice(0, 120), rssBytes: rssBytes(pid) }));
  return { count: processes.length, rssBytes: processes.reduce((sum, p) => sum + p.rssBytes, 0), processes };
}

/** Every process that belongs to this run: its command line or its environment names `tmpDir`. */
function processesOfRun(tmpDir) {
  return pids().flatMap((pid) => {
    const cmdline = cmdlineOf(pid);
    if (!cmdline.includes(tmpDir) && !environOf(pid).some((entry) => entry.includes(tmpDir))) return [];
    return [{ pid, cmdline: cmdline.slice(0, 160), hostDaemon: cmdline.includes(HOST_DAEMON_TITLE) }];
  });
}

function signal(pid, name) {
  try {
    process.kill(pid, name);
  } catch {}
}

async function waitUntilExited(list, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline && list.some((p) => !hasExited(p.pid))) await sleep(50);
  return list.filter((p) => !hasExited(p.pid));
}

/**
 * Ends what survived the orderly stop: the session host daemon first, with SIGTERM so that it stops its
 * sessions as it promises, then everything else of the run (TERM, then KILL). Returns what it found.
 */
export async function sweepProcessesOfRun(tmpDir) {
  const found = processesOfRun(tmpDir).filter((p) => !hasExited(p.pid));
  const daemons = found.filter((p) => p.hostDaemon);
  for (const daemon of daemons) signal(daemon.pid, 'SIGTERM');
  await waitUntilExited(daemons, 15_000);
  const rest = processesOfRun(tmpDir).filter((p) => !hasExited(p.pid));
  for (const p of rest) signal(p.pid, 'SIGTERM');
  const stubborn = await waitUntilExited(rest, 5000);
  for (const p of stubborn) signal(p.pid, 'SIGKILL');
  const survivors = await waitUntilExited(stubborn, 3000);
  return { found, survivors };
}

/** Last resort when the bench exits without its async cleanup. */
export function killProcessesOfRunSync(tmpDir) {
  for (const p of processesOfRun(tmpDir)) signal(p.pid, 'SIGKILL');
}
