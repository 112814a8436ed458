import { beforeAll, describe, expect, it } from 'vitest';
import { textOf, useTempDatabase, waitForEnd } from '@/lib/testing/helpers';
import { launchSession, sendInput } from './runner';

beforeAll(() => {
  useTempDatabase();
});

describe('input to a terminal session', () => {
  it('is not lost when sent before the command has its terminal: a Ctrl-C at once still interrupts', async () => {
    const sessions = Array.from({ length: 5 }, () => launchSession({ command: 'sleep 30', tty: true }));
    // In the same turn as the launch: script has not even forked yet.
    for (const session of sessions) sendInput(session.id, '\x03');
    for (const session of sessions) expect(await waitForEnd(session.id, 10_000)).toMatchObject({ status: 'failed', exitCode: 130 });
  });

  it('arrives in order, text typed at once included', async () => {
    const session = launchSession({ command: 'read a; read b; echo "[$a][$b]"', tty: true });
    sendInput(session.id, 'one\r');
    sendInput(session.id, 'two\r');
    await waitForEnd(session.id, 10_000);
    expect(textOf(session.id)).toContain('[one][two]');
  });
});
