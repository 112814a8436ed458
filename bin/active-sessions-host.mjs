#!/usr/bin/env node
// The session host (host/daemon/main.ts) under plain node: tsx compiles it on the fly (cached),
// with tsconfig.json's '@/…' paths. The web server starts it; nobody needs to run it by hand.
import { fileURLToPath } from 'node:url';
import { tsImport } from 'tsx/esm/api';

await tsImport('../host/daemon/main.ts', {
  parentURL: import.meta.url,
  tsconfig: fileURLToPath(new URL('../tsconfig.json', import.meta.url)),
});
