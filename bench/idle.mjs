// Idle sessions: what 200 running `sleep 3600` sessions cost the console, in Node processes and in
// memory, read from /proc before and after. Launched, counted and killed through the API.

import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { consoleProcesses, hasExited } from './procs.mjs';

export const IDLE_SESSIONS = 200;
export const IDLE_COMMAND = 'sleep 3600';
const CONCURRENT_REQUESTS = 8;

async function inBatches(items, fn) {
  const results = [];
  for (let i = 0; i < items.length; i += CONCURRENT_REQUESTS) results.push(...(await Promise.all(items.slice(i, i + CONCURRENT_REQUESTS).map(fn))));
  return results;
}

/** Polls the running list until `done(ids of ours still running)` holds; false on timeout. */
async function waitForRunning(api, ids, done, timeoutMs) {
  const deadline = performance.now() + timeoutMs;
  while (performance.now() < deadline) {
    const { json } = await api('GET', `/api/sessions?status=running&limit=${ids.size + 1000}`);
    const running = json.sessions.filter((s) => ids.has(s.id));
    if (done(running)) return true;
    await sleep(200);
  }
  return false;
}

const summarize = ({ count, rssBytes, processes }) => ({ count, rssBytes, processes: processes.map(({ pid, title, rssBytes: rss }) => ({ pid, title, rssBytes: rss })) });

export async function idleSessions({ api, launch, killSession, databasePath, timeoutMs, log, notes }) {
  const before = summarize(consoleProcesses(databasePath));
  const launchStarted = performance.now();
  const sessions = await inBatches([...Array(IDLE_SESSIONS).keys()], (i) => launch(IDLE_COMMAND, `bench: idle ${i + 1}`));
  const launchSeconds = (performance.now() - launchStarted) / 1000;
  const ids = new Set(sessions.map((s) => s.id));
  const allRunning = await waitForRunning(api, ids, (running) => running.length === ids.size && running.every((s) => s.pid && !hasExited(s.pid)), timeoutMs);
  if (!allRunning) notes.push(`idle: not all ${IDLE_SESSIONS} sessions were running within ${timeoutMs} ms; measured anyway`);
  const after = summarize(consoleProcesses(databasePath));
  log(`idle: ${IDLE_SESSIONS} sessions launched in ${launchSeconds.toFixed(1)} s; console Node processes ${before.count} → ${after.count}, RSS ${(before.rssBytes / 1e6).toFixed(0)} → ${(after.rssBytes / 1e6).toFixed(0)} MB; killing them…`);

  const killStarted = performance.now();
  await inBatches([...ids], killSession);
  const pids = sessions.map((s) => s.pid).filter(Boolean);
  const noneRunning = await waitForRunning(api, ids, (running) => running.length === 0 && pids.every(hasExited), timeoutMs);
  if (!noneRunning) notes.push(`idle: some of the ${IDLE_SESSIONS} sessions still ran ${timeoutMs} ms after their kill`);
  return {
    sessions: IDLE_SESSIONS,
    command: IDLE_COMMAND,
    allRunning,
    launchSeconds,
    before,
    after,
    nodeProcessGrowth: after.count - before.count,
    rssPerSessionBytes: (after.rssBytes - before.rssBytes) / IDLE_SESSIONS,
    killedSeconds: (performance.now() - killStarted) / 1000,
    allEnded: noneRunning,
  };
}
