import type { Readable, Writable } from 'node:stream';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import type { JSONRPCMessage, RequestId } from '@modelcontextprotocol/sdk/types.js';
import type { ActiveSessionsClient } from '@/client';
import { createMcpServer } from './server';

/**
 * Serves the tools on stdin/stdout until the client closes stdin (the way stdio clients end a
 * server), and then until every request read before that is answered: a script that pipes its
 * requests in and closes stdin still gets every answer.
 */
export async function serveStdio(
  client: ActiveSessionsClient,
  { stdin = process.stdin, stdout = process.stdout }: { stdin?: Readable; stdout?: Writable } = {},
): Promise<void> {
  const transport = new StdioServerTransport(stdin, stdout);
  const pending = new Set<RequestId>();
  let inputEnded = false;
  let finish!: () => void;
  const finished = new Promise<void>((resolve) => (finish = resolve));
  const settle = () => {
    if (inputEnded && pending.size === 0) finish();
  };
  const endInput = () => {
    inputEnded = true;
    settle();
  };
  stdin.once('end', endInput);
  stdin.once('close', endInput);

  // Set before connect, which calls this one first and then the server's own handling.
  transport.onmessage = (message) => {
    if ('method' in message && 'id' in message) pending.add(message.id);
    // A cancelled request gets no answer.
    if ('method' in message && message.method === 'notifications/cancelled') {
      pending.delete((message.params as { requestId: RequestId }).requestId);
      settle();
    }
  };
  const send = transport.send.bind(transport);
  transport.send = async (message: JSONRPCMessage) => {
    await send(message);
    if (!('method' in message) && 'id' in message && message.id !== undefined) {
      pending.delete(message.id);
      settle();
    }
  };

  const server = createMcpServer(client);
  await server.connect(transport);
  await finished;
  await server.close();
}
