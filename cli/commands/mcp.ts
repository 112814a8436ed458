import { parseNoOptions } from '../args';
import type { Context } from '../context';

export const help = `Usage: active-sessions mcp

Serves Active Sessions' MCP tools over stdio (for MCP clients that only speak stdio), talking to
the server at ACTIVE_SESSIONS_URL with its token. stdout carries the protocol.

Options:
  -h, --help   show this help
`;

export const parse = parseNoOptions;

export async function run(_options: Record<string, never>, context: Context): Promise<number> {
  // Loaded here, not at the top: the SDK takes a while, and `mcp --help` need not wait for it.
  const { serveStdio } = await import('@/mcp/stdio');
  await serveStdio(context.client);
  return 0;
}
