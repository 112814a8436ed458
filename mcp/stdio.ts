import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import type { ActiveSessionsClient } from '@/client';
import { createMcpServer } from './server';

/** Serves the tools on stdin/stdout until the client closes stdin (the way stdio clients end a server). */
export async function serveStdio(client: ActiveSessionsClient): Promise<void> {
  const server = createMcpServer(client);
  const closed = new Promise<void>((resolve) => {
    process.stdin.once('end', resolve);
    process.stdin.once('close', resolve);
  });
  await server.connect(new StdioServerTransport());
  await closed;
  await server.close();
}
