import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from './support/fixtures';

// Three bars redrawn from below with ESC[3A, and a step line rewritten when it ends: each frame
// waits for a file the test writes, so the Log view is open and streaming while they are drawn.
const frames = (go: string) =>
  [
    "printf 'fetching\\n'",
    `while [ ! -e ${go} ]; do sleep 0.02; done`,
    "for f in 0 1 2 3 4 5; do [ $f -gt 0 ] && printf '\\033[3A'; for i in 1 2 3; do printf '\\033[2K\\033[32mbar %s\\033[0m %s%%\\n' $i $((f*20)); done; sleep 0.02; done",
    "printf 'step 1 running\\n'",
    'sleep 0.05',
    "printf '\\033[1A\\033[2Kstep 1 done\\n'",
  ].join('; ');

const SHOWN = ['fetching', 'bar 1 100%', 'bar 2 100%', 'bar 3 100%', 'step 1 done', 'exited with code 0'];

test('the Log view shows the lines a terminal would: redrawn bars and a rewritten step, once each, numbered as shown', async ({
  page,
  sessionsPage,
  api,
}) => {
  const go = path.join(mkdtempSync(path.join(os.tmpdir(), 'log-view-')), 'go');
  const session = await api.launch(frames(go), { name: 'progress bars' });
  await sessionsPage.open(`/sessions/${session.id}`);
  await expect(page.locator('[data-line="1"]')).toContainText('fetching');
  writeFileSync(go, '');

  const lines = page.locator('[data-line]');
  await expect(page.locator(`[data-line="${SHOWN.length}"]`)).toContainText('exited with code 0', { timeout: 15_000 });
  // Streamed live: the frames replaced one another in place.
  await expect(lines).toHaveCount(SHOWN.length);
  for (const [i, text] of SHOWN.entries()) await expect(page.locator(`[data-line="${i + 1}"]`)).toHaveText(new RegExp(`^${i + 1}\\s*${text}$`));
  expect(await sessionsPage.totalLines()).toBe(SHOWN.length);
  await sessionsPage.screenshot('log-view-progress');

  // Read again from the store, a #L link lands on the line as shown, and search counts shown lines.
  await sessionsPage.open(`/sessions/${session.id}#L5`);
  await expect(page.locator('[data-line="5"]')).toHaveText(/^5\s*step 1 done$/);
  await expect(page.locator('[data-line="5"]')).toHaveClass(/ring-yellow/);
  await expect(lines).toHaveCount(SHOWN.length);
  expect((await api.client.search(session.id, { q: 'bar' })).lines).toEqual([2, 3, 4]);
  expect((await api.client.search(session.id, { q: 'running' })).lines).toEqual([]);
  // Download keeps every byte the command wrote, frames included.
  const raw = (await api.client.readOutput(session.id, { limit: 1000 })).chunks.map((chunk) => chunk.text).join('');
  expect(raw.match(/bar 1/g)).toHaveLength(6);
  expect(raw).toContain('step 1 running');
});
