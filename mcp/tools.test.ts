import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { describe, expect, it } from 'vitest';
import type { ActiveSessionsClient } from '@/client';
import type { ChunkJson, SessionJson } from '@/core/contract';
import { createMcpServer } from './server';

const session = (fields: Partial<SessionJson> = {}): SessionJson => ({
  id: 's1',
  name: 'job',
  command: 'make',
  cwd: '/tmp',
  status: 'running',
  endReason: null,
  pid: 1,
  exitCode: null,
  signal: null,
  error: null,
  createdAt: '2025-01-01T00:00:00.000Z',
  startedAt: '2025-01-01T00:00:00.000Z',
  endedAt: null,
  outputBytes: 0,
  source: 'mcp',
  client: null,
  timeout: null,
  host: null,
  envNames: [],
  pinned: false,
  rerunOf: null,
  latestRerun: null,
  url: 'http://console/sessions/s1',
  tty: false,
  cols: null,
  rows: null,
  waitingForInput: false,
  lastOutputAt: null,
  resources: null,
  peakRssBytes: null,
  cpuSeconds: null,
  ...fields,
});

const chunk = (seq: number, text: string): ChunkJson => ({ seq, stream: 'stdout', text, at: '2025-01-01T00:00:00.000Z', lineStart: 0 });

/** A client over a fixed session and its chunks; `overrides` replace single methods. */
function fakeClient(state: SessionJson, chunks: ChunkJson[], overrides: Partial<ActiveSessionsClient> = {}): ActiveSessionsClient {
  const fake = {
    getSession: async () => state,
    createSession: async () => state,
    listSessions: async () => ({ sessions: [state], total: 1 }),
    readOutput: async (_id: string, { after = 0, limit = 200 }: { after?: number; limit?: number } = {}) => ({
      chunks: chunks.filter((one) => one.seq > after).slice(0, limit),
      next: after,
      done: state.status !== 'running',
    }),
    readLines: async () => ({ lines: [], totalLines: 0, cursor: chunks.at(-1)?.seq ?? 0, done: state.status !== 'running' }),
    async *stream() {
      if (state.status !== 'running') yield { type: 'end' as const };
    },
    ...overrides,
  };
  return fake as unknown as ActiveSessionsClient;
}

async function connect(client: ActiveSessionsClient) {
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  await createMcpServer(client).connect(serverSide);
  const mcp = new Client({ name: 'unit', version: '1' });
  await mcp.connect(clientSide);
  return async (name: string, args: Record<string, unknown>) =>
    (await mcp.callTool({ name, arguments: args })) as { isError?: boolean; content: { text: string }[]; structuredContent?: Record<string, unknown> };
}

describe('session_start', () => {
  it('once the session exists, answers with its id, url and status even when waiting for it fails', async () => {
    const call = await connect(
      fakeClient(session(), [], {
        async *stream() {
          throw new Error('stream broke');
        },
      }),
    );
    const result = await call('session_start', { command: 'make' });
    expect(result.isError).toBeFalsy();
    expect(result.structuredContent).toMatchObject({ id: 's1', url: 'http://console/sessions/s1', status: 'running' });
    expect(result.content[0].text).toContain('started, but could not wait for it: stream broke');
    expect(result.content[0].text).toContain('http://console/sessions/s1');
  });

  it('still answers with the id when reading its state and output fails', async () => {
    let created = false;
    const call = await connect(
      fakeClient(session({ status: 'completed', endReason: 'exited', exitCode: 0 }), [], {
        createSession: async () => {
          created = true;
          return session();
        },
        getSession: async () => {
          throw new Error('server went away');
        },
        readOutput: async () => {
          throw new Error('server went away');
        },
      }),
    );
    const result = await call('session_start', { command: 'make', wait_ms: 0 });
    expect(created).toBe(true);
    expect(result.isError).toBeFalsy();
    expect(result.structuredContent).toMatchObject({ id: 's1', url: 'http://console/sessions/s1', status: 'running' });
    expect(result.content[0].text).toMatch(/started, but could not read .*server went away/);
  });

  it('shows direction controls in the name and command as markers, in the summary only', async () => {
    const call = await connect(fakeClient(session({ name: 'invoice\u202efdp.exe', status: 'completed', endReason: 'exited', exitCode: 0 }), [chunk(1, 'a\u202eb\n')]));
    const result = await call('session_start', { command: 'x', wait_ms: 0 });
    expect(result.content[0].text).toContain('invoice⟨U+202E⟩fdp.exe');
    expect(result.content[0].text).toContain('a\u202eb\n');
    expect((result.structuredContent?.output as { text: string }).text).toBe('a\u202eb\n');
  });
});

describe('session_get', () => {
  it('shows direction controls in the command as markers', async () => {
    const call = await connect(fakeClient(session({ command: 'echo \u2067hi' }), []));
    expect((await call('session_get', { id: 's1' })).content[0].text).toContain('$ echo ⟨U+2067⟩hi');
  });
});

describe('session_output cursors', () => {
  const ended = session({ status: 'completed', endReason: 'exited', exitCode: 0 });
  const chunks = [chunk(3, 'one\n'), chunk(7, 'two\n')];

  it('refuses a cursor beyond the output', async () => {
    const call = await connect(fakeClient(ended, chunks));
    for (const cursor of ['99999999:0', '9:0', '8:1', '7:5']) {
      const result = await call('session_output', { id: 's1', cursor });
      expect(result.isError, cursor).toBe(true);
      expect(result.content[0].text, cursor).toMatch(/cursor/);
    }
  });

  it('accepts every cursor it hands out, the one after the newest output included, running or ended', async () => {
    for (const state of [ended, session()]) {
      const call = await connect(fakeClient(state, chunks));
      for (const [cursor, text] of [['0:0', 'one\ntwo\n'], ['1:0', 'one\ntwo\n'], ['3:2', 'e\ntwo\n'], ['3:4', 'two\n'], ['5:0', 'two\n'], ['7:4', ''], ['8:0', '']]) {
        const result = await call('session_output', { id: 's1', cursor });
        expect(result.isError, `${cursor}: ${result.content[0].text}`).toBeFalsy();
        expect(result.structuredContent?.text, cursor).toBe(text);
      }
    }
  });

  it('accepts the start and the cursor after nothing for a session without output', async () => {
    const call = await connect(fakeClient(session(), []));
    for (const cursor of ['0:0', '1:0']) expect((await call('session_output', { id: 's1', cursor })).isError, cursor).toBeFalsy();
    expect((await call('session_output', { id: 's1', cursor: '2:0' })).isError).toBe(true);
  });
});

describe('session_list', () => {
  it('asks for the sessions whose name or command holds a text, and says when none does', async () => {
    const asked: unknown[] = [];
    const call = await connect(
      fakeClient(session(), [], {
        listSessions: async (params) => {
          asked.push(params);
          return { sessions: [], total: 0, clearable: 0 };
        },
      }),
    );
    const result = await call('session_list', { query: ' deploy ', status: 'failed' });
    expect(asked).toEqual([{ status: 'failed', limit: 20, q: ' deploy ' }]);
    expect(result.content[0].text).toBe('No sessions match "deploy".');
    await call('session_list', {});
    expect(asked[1]).toEqual({ status: undefined, limit: 20 });
  });
});
