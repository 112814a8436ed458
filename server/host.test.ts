import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { onOutput } from '@/lib/output-events';
import { getSession } from '@/store/queries';
import { isAlive, textOf, until, waitForEnd as storedEnd } from '@/lib/testing/helpers';
import { withSessionHost } from '@/lib/testing/host';
import { ensureHost, launchSession, requestKill, waitForEnd } from './host';

withSessionHost();

describe('the web server as a client of the session host', () => {
  it('launches a session that runs to its end with its output, told about as it arrives', async () => {
    const session = await launchSession({ command: 'echo one; sleep 0.2; echo two >&2; exit 4' });
    expect(session).toMatchObject({ status: 'running', command: 'echo one; sleep 0.2; echo two >&2; exit 4' });
    expect(session.pid).toBeGreaterThan(0);
    expect(session.createdAt).toBeInstanceOf(Date);
    let news = 0;
    const stop = onOutput(session.id, () => news++);
    expect(await waitForEnd(session.id, 10_000)).toBe(true);
    const ended = await storedEnd(session.id);
    stop();
    expect(ended).toMatchObject({ status: 'failed', endReason: 'exited', exitCode: 4 });
    expect(textOf(session.id, 'stdout')).toBe('one\n');
    expect(textOf(session.id, 'stderr')).toBe('two\n');
    await until(() => news > 0, 5000, 'news of the output');
  });

  it('kills a session and its tree', async () => {
    const session = await launchSession({ command: 'sleep 60 & sleep 60' });
    expect(await requestKill(session.id, 100)).toBe('stopping');
    expect(await waitForEnd(session.id, 10_000)).toBe(true);
    expect(await storedEnd(session.id)).toMatchObject({ status: 'failed', endReason: 'killed' });
    expect(isAlive(session.pid!)).toBe(false);
    expect(await requestKill(session.id)).toBe('not_running');
    expect(await requestKill('no-such-session')).toBe('not_found');
  });

  it('waits for an end no longer than asked', async () => {
    const session = await launchSession({ command: 'sleep 60' });
    expect(await waitForEnd(session.id, 100)).toBe(false);
    await requestKill(session.id, 0);
    expect(await waitForEnd(session.id, 10_000)).toBe(true);
  });

  it('refuses what the host cannot run as the store would', async () => {
    await expect(launchSession({ command: '' })).rejects.toMatchObject({ code: 'bad_request' });
  });

  it('keeps a session running when the client that launched it is killed, and records its true end', async () => {
    const { pid: hostPid } = await ensureHost();
    const launcher = spawn(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        `import { tsImport } from 'tsx/esm/api';
         const host = await tsImport('./server/host.ts', { parentURL: 'file://${process.cwd()}/', tsconfig: './tsconfig.json' });
         const session = await host.launchSession({ command: 'sleep 1; exit 7' });
         console.log(session.id);
         setInterval(() => {}, 1000);`,
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    let printed = '';
    launcher.stdout.on('data', (bytes) => (printed += bytes));
    const id = (await until(() => printed.includes('\n') && printed.trim(), 20_000, 'the launcher to print its session')) as string;
    launcher.kill('SIGKILL');
    expect(getSession(id)).toMatchObject({ status: 'running' });
    expect(await waitForEnd(id, 10_000)).toBe(true);
    expect(await storedEnd(id)).toMatchObject({ status: 'failed', endReason: 'exited', exitCode: 7, runnerPid: hostPid });
  });

  it('starts a new host when its host dies, and tells live readers to look again', async () => {
    const { pid: before } = await ensureHost();
    let news = 0;
    const stop = onOutput('a-session-someone-watches', () => news++);
    process.kill(before, 'SIGKILL');
    await until(() => news > 0, 30_000, 'live readers to be told to look again');
    stop();
    const { pid: after } = await ensureHost();
    expect(after).not.toBe(before);
    const session = await launchSession({ command: 'exit 0' });
    expect(await waitForEnd(session.id, 10_000)).toBe(true);
  });
});
