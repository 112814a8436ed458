// Run before `playwright test`: where neither a system Chromium nor Playwright's own is present
// (a Mac, a non-Debian Linux), fetch Playwright's, so the README's test command needs nothing else.
import { chromium } from '@playwright/test';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { needsBrowserInstall } from './chromium.mjs';

if (needsBrowserInstall({ exists: existsSync, playwrightChromium: chromium.executablePath() })) {
  console.log('No Chromium found for the browser tests: installing Playwright\'s (npx playwright install chromium)');
  const result = spawnSync('npx', ['playwright', 'install', 'chromium'], { stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}
