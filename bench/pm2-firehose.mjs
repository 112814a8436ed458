#!/usr/bin/env node
// Runs one firehose under PM2 (PM2_HOME from the environment) and prints its capture as one JSON line:
//
//   node bench/pm2-firehose.mjs <out file> <err file> <bytes> <timeout ms> <shell command>
//
// The daemon is started (connect) before the clock starts, as supervisord and the web server are.

import pm2 from 'pm2';
import { performance } from 'node:perf_hooks';
import { waitForCapture } from './peers.mjs';

const [outFile, errFile, bytes, timeoutMs, command] = process.argv.slice(2);
const call = (method, ...args) => new Promise((resolve, reject) => pm2[method](...args, (error, result) => (error ? reject(error) : resolve(result))));

try {
  await call('connect');
  const startedAt = performance.now();
  const [started] = await call('start', {
    name: 'firehose',
    script: 'sh',
    args: ['-c', command],
    interpreter: 'none',
    autorestart: false,
    out_file: outFile,
    error_file: errFile,
    merge_logs: true,
  });
  const pid = started?.process?.pid;
  if (!pid) throw new Error('pm2 start gave no pid');
  const capture = await waitForCapture({ pidOf: () => pid, file: outFile, bytes: Number(bytes), startedAt, timeoutMs: Number(timeoutMs) });
  console.log(JSON.stringify(capture));
  await call('killDaemon');
  process.exit(0);
} catch (error) {
  console.error(`pm2 firehose: ${error?.message ?? error}`);
  process.exit(1);
}
