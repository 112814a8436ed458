import { expect, test } from './support/fixtures';

const RLO = '\u202e';
const MARKER = '⟨U+202E⟩';

test.beforeEach(async ({ api }) => {
  await api.killAll();
  await api.clearFinished();
});

test('direction overrides in a name, a command and its output show as markers, not applied', async ({ page, api, sessionsPage }) => {
  // Applied, U+202E would show the name as "invoiceexe.pdf" and the line as "reportexe.txt".
  const session = await api.launch(`printf 'report${RLO}txt.exe\\n\\033[31mred${RLO}alert\\033[0m\\n'; sleep 30`, {
    name: `invoice${RLO}fdp.exe`,
  });
  await sessionsPage.open(`/sessions/${session.id}`);

  const row = sessionsPage.rowById(session.id);
  await expect(row).toContainText(`invoice${MARKER}fdp.exe`);
  // One in the name, two in the command.
  await expect(row.locator('[data-bidi-control="U+202E"]')).toHaveCount(3);
  await expect(sessionsPage.detailTitle).toHaveText(`invoice${MARKER}fdp.exe`);
  await expect(sessionsPage.detailTitle.locator('[data-bidi-control="U+202E"]')).toBeVisible();
  await expect(page.getByTestId('session-command')).toContainText(`report${MARKER}txt.exe`);
  await expect(page).toHaveTitle(new RegExp(`invoice${MARKER.replace(/[+]/g, '\\+')}fdp\\.exe`));

  const terminal = sessionsPage.terminal;
  const first = terminal.locator('[data-line="1"]');
  const second = terminal.locator('[data-line="2"]');
  await expect(first).toContainText(`report${MARKER}txt.exe`);
  await expect(first.locator('[data-bidi-control="U+202E"]')).toBeVisible();
  // The line keeps its number link and its colour around the marker.
  await expect(first.getByRole('link', { name: 'Line 1' })).toBeVisible();
  await expect(second).toContainText(`red${MARKER}alert`);
  await expect(second.locator('[data-bidi-control="U+202E"]').locator('xpath=..')).toHaveCSS('color', 'rgb(187, 0, 0)');

  // Nothing on the page applies the override any more.
  expect(await page.locator('body').innerText()).not.toContain(RLO);
  await sessionsPage.screenshot('bidi-markers-light');

  await sessionsPage.killButtonIn('detail', `invoice${MARKER}fdp.exe`).click();
  const dialog = page.getByRole('alertdialog');
  await expect(dialog.getByRole('heading')).toHaveText(`Kill “invoice${MARKER}fdp.exe”?`);
  await expect(dialog.locator('code')).toContainText(`report${MARKER}txt.exe`);
  await dialog.getByRole('button', { name: 'Cancel' }).click();
});
