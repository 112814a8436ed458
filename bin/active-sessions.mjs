#!/usr/bin/env node
// The CLI is TypeScript beside the app it talks to; tsx compiles it on the fly (cached), with
// tsconfig.json's '@/…' paths, from wherever it is run (npx, npm link, node bin/…).
import { fileURLToPath } from 'node:url';
import { tsImport } from 'tsx/esm/api';

const { main } = await tsImport('../cli/main.ts', {
  parentURL: import.meta.url,
  tsconfig: fileURLToPath(new URL('../tsconfig.json', import.meta.url)),
});

// `active-sessions logs x | head`: a reader that has had enough is not an error.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error) => process.exit(error.code === 'EPIPE' ? 0 : 1));
}

process.exitCode = await main(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr });
// Open connections (a stream's socket, the SIGINT listener) must not keep the process alive once
// the answer is known; let what was written reach a slow pipe first.
for (const stream of [process.stdout, process.stderr]) {
  if (stream.writableNeedDrain) await new Promise((resolve) => stream.once('drain', resolve));
}
process.exit();
