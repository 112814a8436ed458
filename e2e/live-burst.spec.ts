import { writeFileSync } from 'node:fs';
import { expect, test } from './support/fixtures';

const BURST_BYTES = 100_000_000;

test('a burst far faster than anyone reads: the open page skips to its newest lines instead of taking in every byte', async ({ page, sessionsPage, api }) => {
  test.setTimeout(120_000);
  const gate = test.info().outputPath('burst');
  const session = await api.launch(
    `while [ ! -e '${gate}' ]; do sleep 0.05; done; yes 'a line of the burst, as long as a busy service logs them' | head -c ${BURST_BYTES}; echo; echo END OF BURST; sleep 600`,
    { name: 'burst' },
  );
  try {
    // What the page receives over its live streams, counted by the browser.
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Network.enable');
    const streams = new Set<string>();
    let streamed = 0;
    cdp.on('Network.requestWillBeSent', (event) => {
      if (new URL(event.request.url).pathname.endsWith('/stream')) streams.add(event.requestId);
    });
    cdp.on('Network.dataReceived', (event) => {
      if (streams.has(event.requestId)) streamed += event.dataLength;
    });

    await sessionsPage.open(`/sessions/${session.id}`);
    await expect.poll(() => streams.size, { message: 'the page has opened its live stream' }).toBeGreaterThan(0);
    writeFileSync(gate, '');
    await expect(page.locator('[data-line]').filter({ hasText: 'END OF BURST' })).toBeVisible({ timeout: 90_000 });
    expect(streamed, 'bytes the page took in over its live streams').toBeLessThan(BURST_BYTES / 4);
    // Skipped lines are there when scrolled to, as older ones are.
    await sessionsPage.terminal.evaluate((el) => el.scrollTo({ top: el.scrollHeight / 2 }));
    await expect(page.locator('[data-line]').filter({ hasText: 'a line of the burst' }).first()).toBeVisible();
  } finally {
    await api.client.killSession(session.id).catch(() => undefined);
  }
});
