import { expect, test } from './support/fixtures';

test.describe.configure({ mode: 'serial' });

// A server on a port the kernel picks, its memory growing to about 100 MB, busy a third of the time:
// figures that move, for the charts.
const SERVER = `python3 -c '
import socket, time
server = socket.socket()
server.bind(("127.0.0.1", 0))
server.listen()
print(server.getsockname()[1], flush=True)
blocks = []
for i in range(600):
    if len(blocks) < 12:
        blocks.append(b"x" * (8 << 20))
    end = time.time() + (0.6 if i % 3 == 0 else 0.05)
    while time.time() < end:
        pass
    time.sleep(0.3)
'`;

test('running rows show CPU and memory; the detail charts them and links the ports it listens on', async ({ page, api, sessionsPage }) => {
  await api.killAll();
  await api.clearFinished();
  await api.launch('true', { name: 'finished job' });
  const server = await api.launch(SERVER, { name: 'dev server' });
  // A few samples (one every 2 s), and the port found.
  await expect.poll(async () => (await api.client.getResources(server.id)).samples.length, { timeout: 20_000 }).toBeGreaterThanOrEqual(4);
  await expect.poll(async () => (await api.get(server.id)).resources?.ports.length ?? 0, { timeout: 10_000 }).toBe(1);
  const [port] = (await api.get(server.id)).resources?.ports ?? [];

  await sessionsPage.open(`/sessions/${server.id}`);
  const figures = sessionsPage.rowById(server.id).getByTestId('row-resources');
  await expect(figures).toHaveText(/CPU \d+(\.\d)?% · memory \d+(\.\d)? MiB/);
  await expect(sessionsPage.row('finished job').getByTestId('row-resources')).toHaveCount(0);

  const resources = page.getByTestId('session-resources');
  await expect(resources.getByRole('img', { name: /^CPU over the session's life/ })).toBeVisible();
  await expect(resources.getByRole('img', { name: /^Resident memory over the session's life, peak \d+/ })).toBeVisible();
  // Drawn: a line through the samples, not an empty path.
  await expect(resources.locator('svg path[fill="none"]').first()).toHaveAttribute('d', /^M[\d.]+ [\d.]+( L[\d.]+ [\d.]+){3,}/);
  await expect(resources.getByTestId('session-processes')).toContainText('1 process');
  const link = resources.getByRole('link', { name: `:${port}` });
  await expect(link).toHaveAttribute('href', `http://127.0.0.1:${port}`);
  await expect(link).toHaveAttribute('target', '_blank');
  await expect(link).toHaveAttribute('rel', 'noopener noreferrer');
  await sessionsPage.screenshot('resources-light');

  await page.emulateMedia({ colorScheme: 'dark' });
  await expect(resources).toBeVisible();
  await sessionsPage.screenshot('resources-dark');

  await page.emulateMedia({ colorScheme: 'light' });
  await page.setViewportSize({ width: 390, height: 844 });
  await expect(resources.getByRole('link', { name: `:${port}` })).toBeVisible();
  await sessionsPage.screenshot('resources-detail-phone-light');
  await sessionsPage.open('/sessions');
  await expect(sessionsPage.rowById(server.id).getByTestId('row-resources')).toBeVisible();
  await sessionsPage.screenshot('resources-list-phone-light');
  await sessionsPage.rowById(server.id).click();

  await api.client.killSession(server.id, { graceMs: 0 });
  await expect(resources.getByTestId('session-processes')).toHaveCount(0, { timeout: 15_000 });
  await expect(resources).toContainText(/peak \d+/);
  await expect(resources).toContainText(/\d s total|\d+(\.\d)? s/);
});
