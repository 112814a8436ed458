import { defineConfig, devices } from '@playwright/test';
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { systemChromium } from './scripts/chromium.mjs';

// Chosen once in the runner process; workers inherit them through the environment.
if (!process.env.E2E_PORT) {
  const probe = "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})";
  process.env.E2E_PORT = spawnSync(process.execPath, ['-e', probe], { encoding: 'utf8' }).stdout.trim();
}
// Every data directory of the run lives in this one, so that the global teardown can find
// whatever the run started (sessions and host daemons outlive web servers) and end it.
process.env.E2E_RUN_DIR ??= mkdtempSync(path.join(os.tmpdir(), 'active-sessions-e2e-'));
const sharedDataDir = path.join(process.env.E2E_RUN_DIR, 'shared');
mkdirSync(sharedDataDir, { recursive: true, mode: 0o700 });
process.env.E2E_TOKEN ??= randomBytes(24).toString('base64url');

const port = Number(process.env.E2E_PORT);
const baseURL = `http://127.0.0.1:${port}`;

export default defineConfig({
  testDir: './e2e',
  outputDir: './test-results',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 60_000,
  reporter: [['list']],
  globalTeardown: './e2e/support/global-teardown.ts',
  use: {
    baseURL,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
  },
  projects: [
    {
      name: 'chromium',
      use: {
        ...devices['Desktop Chrome'],
        launchOptions: {
          // A system Chromium where there is one; else Playwright's own (scripts/ensure-browser.mjs).
          executablePath: systemChromium(),
          args: ['--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
        },
      },
    },
  ],
  webServer: {
    // The production build, as users run it.
    command: 'npm run build && npm start',
    url: `${baseURL}/api/auth/session`,
    timeout: 240_000,
    reuseExistingServer: false,
    stdout: 'pipe',
    env: {
      PORT: String(port),
      HOST: '127.0.0.1',
      DATABASE_PATH: path.join(sharedDataDir, 'sessions.db'),
      KILL_GRACE_MS: '2000',
      ACTIVE_SESSIONS_TOKEN: process.env.E2E_TOKEN,
      NEXT_TELEMETRY_DISABLED: '1',
    },
  },
});
