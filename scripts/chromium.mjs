import { existsSync } from 'node:fs';

// Playwright cannot download its browsers everywhere (not on this project's CI, for one): a
// system Chromium, where there is one, is driven instead of Playwright's own.
export const SYSTEM_CHROMIUM_PATHS = ['/usr/bin/chromium', '/usr/bin/chromium-browser'];

/** The system Chromium the browser tests drive, or undefined for Playwright's own. */
export function systemChromium(exists = existsSync) {
  return SYSTEM_CHROMIUM_PATHS.find((file) => exists(file));
}

/** Whether there is no browser to drive yet: no system Chromium and no Playwright Chromium. */
export function needsBrowserInstall({ exists, playwrightChromium }) {
  return systemChromium(exists) === undefined && !exists(playwrightChromium);
}
