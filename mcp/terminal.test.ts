import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { describe, expect, it } from 'vitest';
import { createClient } from '@/client';
import { SESSION_ROUTES } from '@/app/api/mcp/session-routes';
import { inProcessFetch } from '@/server/in-process-fetch';
import { withSessionHost } from '@/lib/testing/host';
import { until } from '@/lib/testing/helpers';
import { getSession } from '@/store/queries';
import { createMcpServer } from './server';

withSessionHost();

type Result = { isError?: boolean; content: { text: string }[]; structuredContent?: Record<string, unknown> };

/** The MCP tools over this app's routes, in process, and a real session host behind them. */
async function connect() {
  const caller = new Request('http://localhost/', { headers: { host: 'localhost' } });
  const client = createClient({ baseUrl: 'http://localhost', fetch: inProcessFetch(SESSION_ROUTES, caller) });
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  await createMcpServer(client).connect(serverSide);
  const mcp = new Client({ name: 'unit', version: '1' });
  await mcp.connect(clientSide);
  return async (name: string, args: Record<string, unknown>) => (await mcp.callTool({ name, arguments: args })) as Result;
}

describe('terminal sessions for agents', () => {
  it('session_start with tty, session_screen shows the prompt, session_input answers it and returns what followed', async () => {
    const call = await connect();
    const started = await call('session_start', { command: 'read -p "name? " x; echo "hello $x"; sleep 0.2', tty: true, cols: 60, rows: 10, wait_ms: 0 });
    const id = started.structuredContent?.id as string;
    expect(started.structuredContent).toMatchObject({ tty: true, status: 'running' });
    await until(() => getSession(id)?.waitingForInput, 15_000, 'the prompt to wait for input');
    const screen = await call('session_screen', { id });
    expect(screen.structuredContent).toMatchObject({ cols: 60, rows: 10, waiting_for_input: true, cursor: { x: 6, y: 0 } });
    expect(screen.content[0].text).toContain('running, waiting for input');
    expect(screen.content[0].text).toContain('\n\nname? ');
    const typed = await call('session_input', { id, text: 'Ada', keys: ['enter'], wait_ms: 10_000 });
    expect(typed.isError).toBeFalsy();
    expect(typed.structuredContent?.output).toContain('hello Ada');
    expect(typed.content[0].text).toContain('hello Ada');
  });

  it('session_start of a terminal session stops waiting once it waits for input, and says how to answer', async () => {
    const call = await connect();
    const started = await call('session_start', { command: 'read -p "password? " x; echo ok', tty: true, wait_ms: 40_000 });
    expect(started.structuredContent).toMatchObject({ status: 'running', waiting_for_input: true });
    expect(started.content[0].text).toContain('It waits for input: answer with session_input');
    expect((started.structuredContent?.output as { text: string }).text).toContain('password? ');
    await call('session_kill', { id: started.structuredContent?.id, grace_ms: 0 });
  });

  it('session_input says why when the session is not a terminal one', async () => {
    const call = await connect();
    const started = await call('session_start', { command: 'sleep 5', wait_ms: 0 });
    const typed = await call('session_input', { id: started.structuredContent?.id, text: 'x' });
    expect(typed.isError).toBe(true);
    expect(typed.content[0].text).toContain('not a terminal session');
    await call('session_kill', { id: started.structuredContent?.id, grace_ms: 0 });
  });
});
