// Follows a file as the session host follows a session's output while it streams: every 10 ms it
// reads what the file holds, in reads of up to 1 MiB into the host's own newline counter
// (host/newline-count.ts). It stores nothing. Prints "ready" once the file is open, then, once it
// has read `bytes` bytes, one JSON line: { bytes, newlines, cpuMs }. Started by bench/floor.mjs.
//
//   node bench/floor-reader.mjs FILE BYTES TIMEOUT_MS

import { fstatSync, openSync, readSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { tsImport } from 'tsx/esm/api';

const STREAMING_READ_MS = 10;
const READ_BYTES = 1024 * 1024;

const { countingBuffer, countNewlines } = await tsImport('../host/newline-count.ts', import.meta.url);
const [file, wanted, timeoutMs] = [process.argv[2], Number(process.argv[3]), Number(process.argv[4])];
const buffer = countingBuffer.subarray(0, READ_BYTES);
const fd = openSync(file, 'r');
const deadline = performance.now() + timeoutMs;
const cpuBefore = process.cpuUsage();
let offset = 0;
let newlines = 0;
console.log('ready');
while (offset < wanted && performance.now() < deadline) {
  const size = fstatSync(fd).size;
  while (offset < size) {
    const read = readSync(fd, buffer, 0, Math.min(READ_BYTES, size - offset), offset);
    if (read === 0) break;
    newlines += countNewlines(buffer.subarray(0, read));
    offset += read;
  }
  if (offset < wanted) await sleep(STREAMING_READ_MS);
}
const cpu = process.cpuUsage(cpuBefore);
console.log(JSON.stringify({ bytes: offset, newlines, cpuMs: Math.round((cpu.user + cpu.system) / 1000) }));
