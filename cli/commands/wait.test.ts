import { describe, expect, it } from 'vitest';
import { ApiError, type ActiveSessionsClient } from '@/client';
import type { SessionJson } from '@/core/contract';
import type { Context } from '../context';
import { run } from './wait';

const running = { id: 's1', name: 'build', status: 'running', exitCode: null, signal: null, endReason: null, error: null, waitingForInput: false } as unknown as SessionJson;
const failed = { id: 's1', name: 'build', status: 'failed', exitCode: 3, signal: null, endReason: 'exited', error: null } as unknown as SessionJson;
const unreachable = () => new ApiError('cannot reach Active Sessions at http://127.0.0.1:3000 (ECONNREFUSED)', 0);

/** A context whose client answers each look at the session with the next scripted answer. */
function scripted(answers: (SessionJson | Error)[]) {
  let stderr = '';
  const client = {
    getSession: async () => {
      const answer = answers.shift();
      if (!answer) throw new Error('no more answers');
      if (answer instanceof Error) throw answer;
      return answer;
    },
  } as unknown as ActiveSessionsClient;
  const context = { client, stdout: { write: () => true }, stderr: { write: (text: string) => (stderr += text) } } as unknown as Context;
  return { context, err: () => stderr };
}

describe('wait', () => {
  it('waits for a web server that stops answering (a restart), says so once, and exits with the code of the session that ended meanwhile', async () => {
    const { context, err } = scripted([running, running, unreachable(), unreachable(), failed]);
    expect(await run({ ids: ['s1'], any: false }, context)).toBe(3);
    expect(err()).toBe(
      's1 running: build\n' +
        'cannot reach Active Sessions at http://127.0.0.1:3000 (ECONNREFUSED): waiting for it to come back\n' +
        's1 failed (exit 3): build\n',
    );
  });

  it('still gives up at its timeout while the server stays away', async () => {
    const { context, err } = scripted([running, ...Array.from({ length: 50 }, unreachable)]);
    expect(await run({ ids: ['s1'], any: false, timeoutMs: 300 }, context)).toBe(124);
    expect(err()).toMatch(/\ntimed out: the server is not answering; running when last seen: s1\n$/);
  });

  it('also waits for a server not reached yet (a restart under way as it starts), saying so', async () => {
    const { context, err } = scripted([unreachable(), unreachable(), failed]);
    expect(await run({ ids: ['s1'], any: false }, context)).toBe(3);
    expect(err()).toMatch(/^cannot reach Active Sessions at http:\/\/127\.0\.0\.1:3000 \(ECONNREFUSED\): waiting for it to come back\n/);
  });

  it('fails at once on an answer that will not change', async () => {
    const { context } = scripted([running, new ApiError('no session with id s1', 404)]);
    await expect(run({ ids: ['s1'], any: false }, context)).rejects.toThrow('no session with id s1');
  });
});
