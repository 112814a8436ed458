// Times the session host's resource sampler itself: the passes it makes every 2 s, over the
// bench's running sessions, in a process of its own (so nothing else the host does counts). Run by
// bench/sampling.mjs: node bench/sampling-pass.mjs '<[{id, pgid}…]>' <passes>, with the bench's
// DATABASE_PATH; prints {cpuMsPerPass, wallMsPerPass} as JSON.
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { tsImport } from 'tsx/esm/api';

const { ResourceSampler } = await tsImport('../host/resources/sampler.ts', {
  parentURL: import.meta.url,
  tsconfig: fileURLToPath(new URL('../tsconfig.json', import.meta.url)),
});

const sessions = JSON.parse(process.argv[2]);
const passes = Number(process.argv[3]);
const sampler = new ResourceSampler(() => sessions);
// The first pass reads every process's environment, once for as long as each lives, as the host
// did when these sessions were new.
sampler.sample();
const cpu = process.cpuUsage();
const started = performance.now();
for (let i = 0; i < passes; i++) sampler.sample();
const used = process.cpuUsage(cpu);
console.log(JSON.stringify({ cpuMsPerPass: (used.user + used.system) / 1000 / passes, wallMsPerPass: (performance.now() - started) / passes }));
// The store's connection keeps a checkpoint thread that would hold the process open.
process.exit(0);
