// The floor: what indexing costs a firehose at the least, whatever the design. The same firehose is
// run by a shell four ways, alternated: writing its file itself (as a session's command does), or
// through a copier process (cat, in the place supervisord takes), each alone and with a reader that
// reads every byte back and counts its newlines with the session host's own counter, and stores
// nothing (bench/floor-reader.mjs). A run with the reader is timed until the reader has read every
// byte. Capture that indexes does at least that reading, besides storing the index, telling the web
// server and answering the API: on a machine whose cores the firehose fills, it cannot be faster than
// its floor.

import { spawn } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

const READER = path.join(path.dirname(fileURLToPath(import.meta.url)), 'floor-reader.mjs');

export const FLOOR_VARIANTS = {
  direct: { label: 'command → file', copier: false, reader: false },
  directReadBack: { label: 'command → file, read back', copier: false, reader: true },
  copier: { label: 'command → cat → file', copier: true, reader: false },
  copierReadBack: { label: 'command → cat → file, read back', copier: true, reader: true },
};

/** Starts the reader on `file`; resolves once it has the file open, with a promise of its result. */
function startReader({ file, bytes, timeoutMs, children }) {
  const child = spawn(process.execPath, [READER, file, String(bytes), String(timeoutMs)], { stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  children.add(child);
  let output = '';
  let errors = '';
  // When its result arrived, not when the process had exited: Node's own exit is not reading.
  let resultAt;
  let onReady;
  const ready = new Promise((resolve, reject) => {
    onReady = resolve;
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`the floor's reader exited with code ${code} before it was ready: ${errors.slice(-500)}`)));
  });
  child.stderr.on('data', (data) => (errors += data));
  child.stdout.on('data', (data) => {
    output += data;
    if (output.startsWith('ready\n')) onReady();
    if (resultAt === undefined && /\n\{.*\n/.test(output)) resultAt = performance.now();
  });
  const result = new Promise((resolve, reject) => {
    child.once('exit', (code) => {
      children.delete(child);
      const line = output.trim().split('\n').at(-1);
      if (code === 0 && line?.startsWith('{')) resolve({ ...JSON.parse(line), at: resultAt ?? performance.now() });
      else reject(new Error(`the floor's reader exited with code ${code}: ${errors.slice(-500)}`));
    });
  });
  return ready.then(() => ({ result }));
}

async function floorRun(variant, { tmpDir, command, bytes, newlines, timeoutMs, run, children }) {
  const file = path.join(tmpDir, 'floor.out');
  writeFileSync(file, '');
  try {
    const reader = variant.reader ? await startReader({ file, bytes, timeoutMs, children }) : undefined;
    const startedAt = performance.now();
    await run('sh', ['-c', variant.copier ? `${command} | cat >> '${file}'` : `${command} >> '${file}'`], { timeoutMs });
    const endedAt = performance.now();
    if (!reader) return { seconds: (endedAt - startedAt) / 1000 };
    const read = await reader.result;
    if (read.bytes !== bytes || read.newlines !== newlines) {
      throw new Error(`the floor's reader read ${read.bytes} bytes and ${read.newlines} newlines, expected ${bytes} and ${newlines}`);
    }
    return { seconds: (Math.max(endedAt, read.at) - startedAt) / 1000, readerCpuMs: read.cpuMs };
  } finally {
    rmSync(file, { force: true });
  }
}

/**
 * `rounds` rounds of the four variants, in an order that alternates; each variant's best run counts,
 * as for the peers. `settle` runs before each run (the disk's writeback of the one before).
 */
export async function captureFloor({ rounds, settle, ...options }) {
  const names = Object.keys(FLOOR_VARIANTS);
  const runs = Object.fromEntries(names.map((name) => [name, []]));
  for (let round = 0; round < rounds; round++) {
    for (const name of round % 2 ? names.toReversed() : names) {
      await settle();
      runs[name].push(await floorRun(FLOOR_VARIANTS[name], options));
    }
  }
  return Object.fromEntries(
    names.map((name) => {
      const best = runs[name].reduce((a, b) => (b.seconds < a.seconds ? b : a));
      const mbPerSecond = options.bytes / 1e6 / best.seconds;
      return [name, { label: FLOOR_VARIANTS[name].label, seconds: best.seconds, mbPerSecond, readerCpuMs: best.readerCpuMs ?? null, runs: runs[name].map((r) => r.seconds) }];
    }),
  );
}
