import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { expect, test } from '@playwright/test';
import { authHeader, TOKEN } from './support/fixtures';

// The MCP server as agents use it: the SDK's own client, over Streamable HTTP and over stdio.

const BASE = `http://127.0.0.1:${process.env.E2E_PORT}`;
const TOOLS = [
  'session_get',
  'session_input',
  'session_kill',
  'session_list',
  'session_output',
  'session_screen',
  'session_search',
  'session_start',
  'session_wait',
];

type Result = { content: { type: string; text: string }[]; structuredContent: Record<string, unknown> & { id: string; url: string }; isError?: boolean };

function overHttp(token = TOKEN) {
  return new StreamableHTTPClientTransport(new URL('/api/mcp', BASE), { requestInit: { headers: { Authorization: `Bearer ${token}` } } });
}

function overStdio() {
  return new StdioClientTransport({
    command: process.execPath,
    args: ['bin/active-sessions.mjs', 'mcp'],
    env: { ...(process.env as Record<string, string>), ACTIVE_SESSIONS_URL: BASE, ACTIVE_SESSIONS_TOKEN: TOKEN },
    stderr: 'pipe',
  });
}

async function connected(name: string, transport: StreamableHTTPClientTransport | StdioClientTransport) {
  const client = new Client({ name, version: '1.0.0' });
  await client.connect(transport);
  const call = async (tool: string, args: Record<string, unknown>) => {
    const result = (await client.callTool({ name: tool, arguments: args })) as Result;
    expect(result.isError, result.content[0]?.text).toBeFalsy();
    return result;
  };
  return { client, call };
}

for (const [kind, transport] of [
  ['HTTP', () => overHttp()],
  ['stdio', () => overStdio()],
] as const) {
  test.describe(`MCP over ${kind}`, () => {
    test('lists the tools; a short command starts and ends in one call, its output plain, its link and launcher recorded', async ({ request }) => {
      const agent = `e2e-${kind.toLowerCase()}-agent`;
      const { client, call } = await connected(agent, transport());
      try {
        const { tools } = await client.listTools();
        expect(tools.map((tool) => tool.name).sort()).toEqual(TOOLS);

        const result = await call('session_start', {
          command: "printf '\\033[1mbuilding\\033[0m\\n 10%%\\r 90%%\\r100%%\\n'; exit 3",
          name: `mcp short ${kind}`,
        });
        const started = result.structuredContent;
        expect(started).toMatchObject({ status: 'failed', exit_code: 3, signal: null });
        expect(started.output).toMatchObject({ text: 'building\n100%\nexited with code 3\n', truncated: false });
        expect(started.url).toBe(`${BASE}/sessions/${started.id}`);
        expect(result.content[0].text).toContain(started.url);

        const record = await (await request.get(`/api/sessions/${started.id}`, { headers: authHeader })).json();
        expect(record).toMatchObject({ source: 'mcp', client: agent, exitCode: 3 });
      } finally {
        await client.close();
      }
    });

    test('a long session is read by cursor without gaps or repeats, then killed: it ends failed/killed', async () => {
      const { client, call } = await connected(`e2e-${kind}`, transport());
      try {
        const started = (
          await call('session_start', {
            command: 'i=0; while true; do i=$((i+1)); echo "tick $i"; sleep 0.1; done',
            name: `mcp long ${kind}`,
            wait_ms: 300,
          })
        ).structuredContent;
        expect(started.status).toBe('running');

        // Small pages, so that reading on crosses chunk and page boundaries.
        let cursor = '0:0';
        let text = '';
        while ((text.match(/\n/g) ?? []).length < 15) {
          const page = (await call('session_output', { id: started.id, cursor, max_bytes: 256, wait_ms: 5000 })).structuredContent;
          expect(page).toMatchObject({ eof: false, status: 'running' });
          text += page.text as string;
          cursor = page.cursor as string;
        }

        const killed = await call('session_kill', { id: started.id, grace_ms: 1000 });
        expect(killed.structuredContent).toMatchObject({ id: started.id, status: 'failed', end_reason: 'killed', url: started.url });

        for (;;) {
          const page = (await call('session_output', { id: started.id, cursor, max_bytes: 1024 })).structuredContent;
          text += page.text as string;
          cursor = page.cursor as string;
          if (page.eof) break;
        }
        const ticks = text.split('\n').filter((line) => line.startsWith('tick ')).map((line) => Number(line.slice(5)));
        expect(ticks.length).toBeGreaterThanOrEqual(15);
        expect(ticks).toEqual(ticks.map((_, i) => i + 1));

        const waited = (await call('session_wait', { ids: [started.id], timeout_ms: 1000 })).structuredContent;
        expect(waited).toMatchObject({ timed_out: false, sessions: [{ id: started.id, status: 'failed', end_reason: 'killed' }] });
      } finally {
        await client.close();
      }
    });
  });
}

test('session_wait gives up at its timeout; session_search links to the lines', async () => {
  const { client, call } = await connected('e2e-wait', overHttp());
  try {
    const running = (await call('session_start', { command: 'echo alpha; echo beta; echo alphabet; sleep 30', wait_ms: 0 })).structuredContent;
    const waited = await call('session_wait', { ids: [running.id], timeout_ms: 300 });
    expect(waited.structuredContent).toMatchObject({ timed_out: true, sessions: [{ id: running.id, status: 'running' }] });

    await expect
      .poll(async () => ((await call('session_search', { id: running.id, query: 'ALPHA' })).structuredContent.matches as unknown[]).length)
      .toBe(2);
    const found = (await call('session_search', { id: running.id, query: 'ALPHA' })).structuredContent;
    expect(found.matches).toEqual([
      { line: 1, text: 'alpha', url: `${running.url}#L1` },
      { line: 3, text: 'alphabet', url: `${running.url}#L3` },
    ]);
    await call('session_kill', { id: running.id, grace_ms: 0 });
  } finally {
    await client.close();
  }
});

test('a wrong token is refused with a plain Bearer challenge, no OAuth metadata', async ({ request }) => {
  const client = new Client({ name: 'e2e-wrong-token', version: '1.0.0' });
  await expect(client.connect(overHttp('wrong-token-wrong-token-wrong'))).rejects.toThrow();

  const response = await request.post('/api/mcp', {
    headers: { Authorization: 'Bearer wrong-token-wrong-token-wrong', Accept: 'application/json, text/event-stream' },
    data: { jsonrpc: '2.0', id: 1, method: 'tools/list' },
  });
  expect(response.status()).toBe(401);
  expect(response.headers()['www-authenticate']).toBe('Bearer realm="active-sessions"');
  // Discovery finds nothing: a 404, neither metadata nor a redirect to the login page.
  for (const path of ['/.well-known/oauth-protected-resource/api/mcp', '/.well-known/oauth-authorization-server']) {
    const metadata = await request.get(path, { maxRedirects: 0 });
    expect(metadata.status(), path).toBe(404);
    expect(Object.keys(await metadata.json())).toEqual(['error']);
  }
});
