import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { withSessionHost } from '@/lib/testing/host';
import { getSession } from '@/store/queries';
import * as route from './route';

const TOKEN = 'mcp-route-test-token-0123456789';
const URL_ = 'http://localhost/api/mcp';

withSessionHost();
beforeAll(() => {
  process.env.ACTIVE_SESSIONS_TOKEN = TOKEN;
});

/** The route's handlers as the network: what a fetch to /api/mcp reaches. */
const routeFetch = async (input: string | URL | Request, init?: RequestInit) => {
  const request = new Request(input, init);
  const handler = route[request.method as 'POST' | 'GET' | 'DELETE'];
  return handler(new Request(request, { headers: { ...Object.fromEntries(request.headers), host: 'localhost' } }), {});
};

async function connect(name = 'route-test-agent', token = TOKEN) {
  const client = new Client({ name, version: '1.0.0' });
  const transport = new StreamableHTTPClientTransport(new URL(URL_), {
    fetch: routeFetch,
    requestInit: { headers: { authorization: `Bearer ${token}` } },
  });
  await client.connect(transport);
  return client;
}

type Structured = Record<string, unknown> & { id: string; url: string };
const structured = (result: unknown) => (result as { structuredContent: Structured }).structuredContent;
const text = (result: unknown) => (result as { content: { text: string }[] }).content[0].text;

describe('POST /api/mcp', () => {
  it('lists the tools, with hints', async () => {
    const client = await connect();
    const { tools } = await client.listTools();
    expect(tools.map((tool) => tool.name).sort()).toEqual(
      [
        'session_get',
        'session_input',
        'session_kill',
        'session_list',
        'session_output',
        'session_screen',
        'session_search',
        'session_start',
        'session_wait',
      ],
    );
    expect(tools.find((tool) => tool.name === 'session_kill')?.annotations?.destructiveHint).toBe(true);
    expect(tools.find((tool) => tool.name === 'session_output')?.annotations?.readOnlyHint).toBe(true);
    await client.close();
  });

  it('starts a short command and returns its end and plain output in one call, recording who started it', async () => {
    const client = await connect('route-test-agent');
    const result = await client.callTool({
      name: 'session_start',
      arguments: { command: "printf '\\033[32mgreen\\033[0m\\n  0%%\\r100%%\\n'; exit 3", name: 'short' },
    });
    const value = structured(result);
    expect(value).toMatchObject({ status: 'failed', exit_code: 3, output: { text: 'green\n100%\nexited with code 3\n', truncated: false } });
    expect(value.url).toMatch(new RegExp(`/sessions/${value.id}$`));
    expect(text(result)).toContain(value.url);
    expect(getSession(value.id)).toMatchObject({ source: 'mcp', client: 'route-test-agent' });
    await client.close();
  });

  it('reads a running session by cursor, then kills it and reports the kill', async () => {
    const client = await connect();
    const started = structured(
      await client.callTool({
        name: 'session_start',
        arguments: { command: 'echo first; sleep 30; echo never', wait_ms: 0 },
      }),
    );
    expect(started.status).toBe('running');
    let cursor = '0:0';
    let seen = '';
    while (!seen.includes('first')) {
      const page = structured(await client.callTool({ name: 'session_output', arguments: { id: started.id, cursor, wait_ms: 5000 } }));
      seen += page.text as string;
      cursor = page.cursor as string;
    }
    expect(seen).toBe('first\n');
    const killed = structured(await client.callTool({ name: 'session_kill', arguments: { id: started.id, grace_ms: 1000 } }));
    expect(killed).toMatchObject({ status: 'failed', end_reason: 'killed' });
    const rest = structured(await client.callTool({ name: 'session_output', arguments: { id: started.id, cursor } }));
    expect(rest.eof).toBe(true);
    expect(rest.text).not.toContain('first');
    await client.close();
  });

  it('says a kill was a kill when the command exited 0 on SIGTERM, in session_kill, session_get and session_list', async () => {
    const client = await connect();
    const started = structured(
      await client.callTool({
        name: 'session_start',
        arguments: { command: "trap 'exit 0' TERM; echo ready; while :; do sleep 0.05; done", name: 'traps TERM', wait_ms: 0 },
      }),
    );
    let cursor = '0:0';
    let seen = '';
    while (!seen.includes('ready')) {
      const page = structured(await client.callTool({ name: 'session_output', arguments: { id: started.id, cursor, wait_ms: 5000 } }));
      seen += page.text as string;
      cursor = page.cursor as string;
    }
    const killed = await client.callTool({ name: 'session_kill', arguments: { id: started.id, grace_ms: 5000 } });
    expect(structured(killed)).toMatchObject({ status: 'failed', end_reason: 'killed', exit_code: 0 });
    expect(text(killed)).toContain('failed: killed (exited 0 on SIGTERM)');
    expect(text(await client.callTool({ name: 'session_get', arguments: { id: started.id } }))).toContain('failed: killed (exited 0 on SIGTERM)');
    const list = text(await client.callTool({ name: 'session_list', arguments: {} }));
    expect(list.split('\n').find((line) => line.startsWith(started.id))).toContain('failed: killed (exited 0 on SIGTERM)');
    await client.close();
  });

  it("describes the command as run by the server's SESSION_SHELL", async () => {
    const client = await connect();
    const { tools } = await client.listTools();
    const command = (tools.find((tool) => tool.name === 'session_start')?.inputSchema.properties as Record<string, { description: string }>).command;
    expect(command.description).toContain('$SESSION_SHELL -c');
    expect(command.description).not.toMatch(/\bsh -c/);
    await client.close();
  });

  it('records no client name from a forged Mcp-Session-Id', async () => {
    const response = await routeFetch(URL_, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${TOKEN}`,
        'content-type': 'application/json',
        accept: 'application/json, text/event-stream',
        'mcp-session-id': 'client.!!!notbase64',
        'mcp-protocol-version': '2025-06-18',
      },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: 'session_start', arguments: { command: 'true', wait_ms: 0 } } }),
    });
    const { id } = (await response.json()).result.structuredContent;
    expect(getSession(id)).toMatchObject({ source: 'mcp', client: null });
  });

  it('shows a long output as head and tail, with the cursor that reads what lies between', async () => {
    const client = await connect();
    const result = structured(await client.callTool({ name: 'session_start', arguments: { command: 'seq 1 20000' } }));
    const output = result.output as { text: string; truncated: boolean; cursor: string };
    expect(output.truncated).toBe(true);
    const lines = output.text.split('\n');
    expect(lines[0]).toBe('1');
    expect(lines.slice(-3)).toEqual(['20000', 'exited with code 0', '']);
    const note = lines.find((line) => line.startsWith('[…'));
    const [, omitted, cursor] = /^\[… (\d+) lines not shown: session_output with cursor "([\d:]+)"/.exec(note ?? '') ?? [];
    const lastOfHead = Number(lines[lines.indexOf(note!) - 1]);
    const firstOfTail = Number(lines[lines.indexOf(note!) + 1]);
    expect(Number(omitted)).toBe(firstOfTail - lastOfHead - 1);
    const next = structured(await client.callTool({ name: 'session_output', arguments: { id: result.id, cursor, max_bytes: 1024 } }));
    expect((next.text as string).split('\n')[0]).toBe(String(lastOfHead + 1));
    expect(Buffer.byteLength(next.text as string)).toBeLessThanOrEqual(1024);
    await client.close();
  });

  it('refuses a wrong token with a plain Bearer challenge', async () => {
    const response = await routeFetch(URL_, {
      method: 'POST',
      headers: { authorization: 'Bearer wrong-token-wrong-token', 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' }),
    });
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toBe('Bearer realm="active-sessions"');
  });

  it('answers GET and DELETE with 405', async () => {
    for (const method of ['GET', 'DELETE']) {
      const response = await routeFetch(URL_, { method, headers: { authorization: `Bearer ${TOKEN}` } });
      expect(response.status).toBe(405);
      expect(await response.json()).toHaveProperty('error');
    }
  });
});
