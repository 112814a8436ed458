import { describe, expect, it } from 'vitest';
import { needsBrowserInstall, SYSTEM_CHROMIUM_PATHS, systemChromium } from './chromium.mjs';

const PLAYWRIGHT_CHROMIUM = '/home/me/.cache/ms-playwright/chromium-1/chrome-linux64/chrome';
const existing = (...files: string[]) => (file: string) => files.includes(file);

describe('the browser the e2e tests drive', () => {
  it('is the system Chromium where there is one, the first of the known paths', () => {
    expect(systemChromium(existing(...SYSTEM_CHROMIUM_PATHS))).toBe(SYSTEM_CHROMIUM_PATHS[0]);
    expect(systemChromium(existing('/usr/bin/chromium-browser'))).toBe('/usr/bin/chromium-browser');
    expect(systemChromium(existing())).toBeUndefined();
  });

  it.each([
    ['a system Chromium', existing('/usr/bin/chromium'), false],
    ["Playwright's own Chromium", existing(PLAYWRIGHT_CHROMIUM), false],
    ['both', existing('/usr/bin/chromium-browser', PLAYWRIGHT_CHROMIUM), false],
    ['neither', existing(), true],
  ])('with %s, an install is needed: %s', (_what, exists, install) => {
    expect(needsBrowserInstall({ exists, playwrightChromium: PLAYWRIGHT_CHROMIUM })).toBe(install);
  });
});
