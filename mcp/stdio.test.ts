import { once } from 'node:events';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { ActiveSessionsClient } from '@/client';
import type { SessionJson } from '@/core/contract';
import { serveStdio } from './stdio';

const ended = { id: 's1', name: 'echo', command: 'echo', status: 'failed', endReason: 'exited', exitCode: 7, signal: null, error: null, url: 'http://x/sessions/s1' } as SessionJson;

describe('serveStdio', () => {
  it('answers every request it read before stdin ended, then returns', async () => {
    const stdin = new PassThrough();
    const stdout = new PassThrough();
    const inputEnded = once(stdin, 'end');
    const client = {
      // The session is created only once stdin has ended: its answer is still owed then.
      createSession: async () => (await inputEnded, ended),
      getSession: async () => ended,
      readOutput: async () => ({ chunks: [], next: 0, done: true }),
      async *stream() {
        yield { type: 'end' as const };
      },
    } as unknown as ActiveSessionsClient;

    const serving = serveStdio(client, { stdin, stdout });
    const send = (message: object) => stdin.write(`${JSON.stringify({ jsonrpc: '2.0', ...message })}\n`);
    send({ id: 1, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'q', version: '1' } } });
    send({ method: 'notifications/initialized' });
    send({ id: 3, method: 'tools/call', params: { name: 'session_start', arguments: { command: 'echo via stdio; exit 7' } } });
    stdin.end();
    await serving;

    stdout.end();
    const answers = (await stdout.toArray()).join('').trim().split('\n').map((line) => JSON.parse(line));
    expect(answers.map((answer) => answer.id)).toEqual([1, 3]);
    expect(answers[1].result.structuredContent).toMatchObject({ id: 's1', status: 'failed', exit_code: 7 });
  });
});
