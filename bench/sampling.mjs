// Resource sampling: what it costs the session host to sample 50 running sessions every 2 s. Two
// figures: the CPU of one sampling pass over those sessions (the host's sampler, timed in a process
// of its own by sampling-pass.mjs) times the passes a second, and the host's own CPU time (utime +
// stime, from /proc) over a window with the sessions running, less the same window with none, an
// upper bound: whatever else the host does for 50 quiet sessions counts there too.

import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { consoleProcesses } from './procs.mjs';

export const SAMPLED_SESSIONS = 50;
export const SAMPLED_COMMAND = 'sleep 3600';
const WINDOW_MS = 30_000; // 15 samplings
const TIMED_PASSES = 40;
// A host just started is still loading its modules and sweeping: not what it costs on an ordinary day.
const WARM_UP_MS = 10_000;
const SAMPLE_INTERVAL_MS = 2000;

const ticksPerSecond = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();

/** Seconds of CPU the process has used, its own (not its children's). */
function cpuSeconds(pid) {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const after = fields.slice(fields.lastIndexOf(')') + 2).split(' ');
  return (Number(after[11]) + Number(after[12])) / ticksPerSecond;
}

/** The host's CPU over a window, in % of one core. */
async function hostCpuPercent(pid) {
  const start = { cpu: cpuSeconds(pid), at: performance.now() };
  await sleep(WINDOW_MS);
  const seconds = (performance.now() - start.at) / 1000;
  return { percent: ((cpuSeconds(pid) - start.cpu) / seconds) * 100, cpuSeconds: cpuSeconds(pid) - start.cpu, seconds };
}

/** The host's sampler over these sessions, TIMED_PASSES passes in a process of its own. */
function timePasses(sessions, databasePath) {
  const script = path.join(path.dirname(fileURLToPath(import.meta.url)), 'sampling-pass.mjs');
  const output = execFileSync(process.execPath, [script, JSON.stringify(sessions), String(TIMED_PASSES)], {
    encoding: 'utf8',
    env: { ...process.env, DATABASE_PATH: databasePath },
    timeout: 60_000,
  });
  return JSON.parse(output.trim().split('\n').at(-1));
}

async function sampledSessions(api, ids, timeoutMs) {
  const deadline = performance.now() + timeoutMs;
  while (performance.now() < deadline) {
    const { json } = await api('GET', `/api/sessions?status=running&limit=${ids.size + 1000}`);
    const sampled = json.sessions.filter((s) => ids.has(s.id) && s.resources !== null);
    if (sampled.length === ids.size) return true;
    await sleep(200);
  }
  return false;
}

export async function samplingCost({ api, launch, killSession, databasePath, timeoutMs, log, notes }) {
  const host = consoleProcesses(databasePath).processes.find((p) => p.title.includes('active-sessions-host'));
  if (!host) throw new Error('no session host process found');
  await sleep(WARM_UP_MS);
  log(`sampling: the host's CPU over ${WINDOW_MS / 1000} s with no session…`);
  const idle = await hostCpuPercent(host.pid);
  const sessions = [];
  for (let i = 0; i < SAMPLED_SESSIONS; i++) sessions.push(await launch(SAMPLED_COMMAND, `bench: sampled ${i + 1}`));
  const ids = new Set(sessions.map((s) => s.id));
  const allSampled = await sampledSessions(api, ids, timeoutMs);
  if (!allSampled) notes.push(`sampling: not all ${SAMPLED_SESSIONS} sessions had been sampled within ${timeoutMs} ms; measured anyway`);
  log(`sampling: the host's CPU over ${WINDOW_MS / 1000} s with ${SAMPLED_SESSIONS} running sessions…`);
  const busy = await hostCpuPercent(host.pid);
  const pass = timePasses(
    sessions.map((s) => ({ id: s.id, pgid: s.pid })),
    databasePath,
  );
  for (const id of ids) await killSession(id);
  const added = busy.percent - idle.percent;
  return {
    sessions: SAMPLED_SESSIONS,
    command: SAMPLED_COMMAND,
    windowSeconds: busy.seconds,
    allSampled,
    hostCpuPercentIdle: idle.percent,
    hostCpuPercent: busy.percent,
    addedCpuPercent: added,
    passCpuMs: pass.cpuMsPerPass,
    passWallMs: pass.wallMsPerPass,
    passCpuPercent: (pass.cpuMsPerPass / SAMPLE_INTERVAL_MS) * 100,
  };
}
