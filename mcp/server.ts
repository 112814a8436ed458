import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { ActiveSessionsClient } from '@/client';
import { registerTools } from './tools';

const INSTRUCTIONS =
  'Active Sessions runs shell commands as sessions that a person watches live in the browser (each result has the ' +
  "session's url: show it to the user). Prefer these tools to a background shell for anything long-running: output is " +
  'kept, a kill is reported truthfully, and no call blocks for more than ~45 s.';

/**
 * The MCP server with every tool, over `client`. `clientName` is the MCP client's name when the
 * transport knows it otherwise than from this server's own handshake (stateless HTTP).
 */
export function createMcpServer(client: ActiveSessionsClient, clientName?: () => string | undefined): McpServer {
  const server = new McpServer({ name: 'active-sessions', version: '0.1.0' }, { instructions: INSTRUCTIONS });
  registerTools(server, {
    client,
    clientName: () => cleanClientName(server.server.getClientVersion()?.name ?? clientName?.()),
  });
  return server;
}

/** A client's self-chosen name as a session may record it: no control characters, at most 100 of them. */
export function cleanClientName(name: string | undefined): string | undefined {
  const clean = name?.replace(/[\u0000-\u001f\u007f]/g, '').trim().slice(0, 100).trim();
  return clean || undefined;
}
