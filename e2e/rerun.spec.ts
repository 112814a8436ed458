import { expect, test } from './support/fixtures';

// Re-run, the environment field and Pin, as a person uses them, against the production build.

const LONG = 15_000;

test.describe.configure({ mode: 'serial' });

test.beforeEach(async ({ api }) => {
  await api.killAll();
  await api.clearFinished();
});

async function finished(api: { get: (id: string) => Promise<{ status: string }> }, id: string) {
  await expect.poll(async () => (await api.get(id)).status, { timeout: LONG }).not.toBe('running');
}

test('API: a re-run is a new session linked both ways, with the env names and never their values', async ({ api }) => {
  const secret = 'e2e-secret-value-42';
  const first = await api.launch('echo "token=$TOKEN_X"', { name: 'rerun api', env: { TOKEN_X: secret }, timeout: 120 });
  await finished(api, first.id);
  const second = await api.client.rerunSession(first.id);
  expect(second).toMatchObject({ name: 'rerun api', command: first.command, cwd: first.cwd, timeout: 120, rerunOf: first.id, envNames: ['TOKEN_X'] });
  expect(await api.get(first.id)).toMatchObject({ latestRerun: second.id, rerunOf: null });
  await finished(api, second.id);
  const { lines } = await api.client.readLines(second.id, { tail: 5 });
  expect(lines.map((line) => line.segments.map((segment) => segment.text).join(''))).toContain(`token=${secret}`);
  const everything = JSON.stringify([await api.get(first.id), await api.get(second.id), await api.client.listSessions()]);
  expect(everything).not.toContain(secret);
});

test('the environment field reaches the command, and a bad line is named inline', async ({ page, sessionsPage }) => {
  await sessionsPage.open();
  await page.getByRole('button', { name: 'New session' }).click();
  const form = page.getByRole('form', { name: 'New session' });
  await form.getByLabel('Command').fill('echo "FOO is $FOO"');
  await form.getByLabel('Environment').fill('FOO=from the form\nnot a variable');
  await form.getByRole('button', { name: 'Run' }).click();
  await expect(form.getByText('line 2: write it as NAME=value')).toBeVisible();
  await expect(form.getByLabel('Environment')).toHaveAttribute('aria-invalid', 'true');

  await form.getByLabel('Environment').fill('FOO=from the form\n# comments are skipped');
  await form.getByRole('button', { name: 'Run' }).click();
  await expect(sessionsPage.terminal).toContainText('FOO is from the form', { timeout: LONG });
  await expect(page.getByTestId('session-env-names')).toHaveText('FOO');
});

test('Re-run on a finished session starts it again and opens the new one', async ({ page, api, sessionsPage }) => {
  const first = await api.launch('echo "run at $(date +%s%N)"', { name: 'nightly report', env: { REPORT: 'weekly' } });
  await finished(api, first.id);
  await sessionsPage.open(`/sessions/${first.id}`);
  const header = page.locator('section[aria-labelledby="session-title"] header');
  await expect(header.getByRole('button', { name: 'Kill nightly report' })).toHaveCount(0);
  await header.getByRole('button', { name: 'Re-run' }).click();

  await expect(page).not.toHaveURL(new RegExp(`/sessions/${first.id}$`));
  const second = (await api.get(first.id)).latestRerun;
  expect(second).toBeTruthy();
  await expect(page).toHaveURL(new RegExp(`/sessions/${second}$`));
  await expect(sessionsPage.detailTitle).toHaveText('nightly report');
  const lineage = page.getByTestId('session-lineage');
  await expect(lineage).toContainText(`Re-run of ${first.id}`);
  await expect(lineage).toContainText('Environment: REPORT');
  await expect(sessionsPage.terminal).toContainText('run at', { timeout: LONG });
  await sessionsPage.screenshot('rerun-light');

  // The link back opens the session it re-runs, which names its newest re-run.
  await lineage.getByRole('link', { name: first.id }).click();
  await expect(page).toHaveURL(new RegExp(`/sessions/${first.id}$`));
  await expect(page.getByTestId('session-lineage')).toContainText(`Latest re-run: ${second}`);
});

test('a pinned session survives Clear Completed', async ({ page, api, sessionsPage }) => {
  const keep = await api.launch('echo keep me', { name: 'keep me' });
  const other = await api.launch('echo let me go', { name: 'let me go' });
  await finished(api, keep.id);
  await finished(api, other.id);
  await sessionsPage.open(`/sessions/${keep.id}`);
  const pin = page.locator('section[aria-labelledby="session-title"] header').getByRole('button', { name: 'Pin' });
  await expect(pin).toHaveAttribute('aria-pressed', 'false');
  await pin.click();
  await expect(pin).toHaveAttribute('aria-pressed', 'true');
  expect((await api.get(keep.id)).pinned).toBe(true);
  await page.emulateMedia({ colorScheme: 'dark' });
  await sessionsPage.screenshot('pinned-dark');

  // The count is what goes: the pinned one is left out of it.
  await expect(sessionsPage.clearCompleted).toHaveText(/Clear Completed\s*1$/);
  await sessionsPage.clearCompleted.click();
  await page.getByRole('alertdialog').getByRole('button', { name: /^Clear 1 finished session$/ }).click();
  await expect(sessionsPage.rowById(other.id)).toHaveCount(0);
  await expect(sessionsPage.rowById(keep.id).getByRole('img', { name: 'Pinned' })).toBeVisible();
  await expect(sessionsPage.detailTitle).toHaveText('keep me');
  // Nothing is left to clear, so the button goes, though a finished (pinned) session stays.
  await expect(sessionsPage.clearCompleted).toHaveCount(0);
  const list = await api.client.listSessions();
  expect(list.sessions.map((session) => session.id)).toEqual([keep.id]);
  expect(list.clearable).toBe(0);
});
