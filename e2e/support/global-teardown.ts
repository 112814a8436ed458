import { stopEverythingUnder } from './processes';

/**
 * Sessions and their host daemons outlive the web servers that started them, by design, and
 * Playwright stops only the web server it started: what the run started under its own directory
 * is ended here, so that a run (on CI too) leaves nothing running, whatever failed.
 */
export default async function globalTeardown(): Promise<void> {
  const runDir = process.env.E2E_RUN_DIR;
  if (!runDir) return;
  const killed = await stopEverythingUnder(runDir);
  if (killed.length > 0) console.warn(`[e2e] killed processes that outlived their host daemon: pids ${killed.join(', ')}`);
}
