import { WebStandardStreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js';
import type { ActiveSessionsClient } from '@/client';
import { cleanClientName, createMcpServer } from './server';

const MAX_BODY_BYTES = 1024 * 1024;

/*
 * Stateless: a fresh server per request, nothing kept between them. The one thing a tool call
 * needs from the initialize handshake, the client's name (recorded on the sessions it starts),
 * travels in the Mcp-Session-Id header instead: the answer to initialize sets it, and the protocol
 * has every client send it back on each later request. It is no credential (the bearer token is)
 * and names nothing on the server, so no request depends on another having come here before.
 */
const SESSION_PREFIX = 'client.';

export function sessionIdFor(clientName: string): string {
  return `${SESSION_PREFIX}${Buffer.from(clientName, 'utf8').toString('base64url')}`;
}

const BASE64URL = /^[A-Za-z0-9_-]+$/;
const UTF8 = new TextDecoder('utf-8', { fatal: true });
// C0, DEL and C1: what sessionIdFor never encodes, for cleanClientName took them out.
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

/**
 * The name a session id carries, only if sessionIdFor could have made it: anyone can send any id,
 * and Buffer's base64 decoder skips what is not base64, so a forged one decodes to garbage bytes.
 * Anything else records no name rather than a cleaned-up guess.
 */
export function clientNameFrom(sessionId: string | null): string | undefined {
  if (!sessionId?.startsWith(SESSION_PREFIX)) return undefined;
  const encoded = sessionId.slice(SESSION_PREFIX.length);
  if (!BASE64URL.test(encoded)) return undefined;
  let name: string;
  try {
    name = UTF8.decode(Buffer.from(encoded, 'base64url'));
  } catch {
    return undefined;
  }
  return name.length <= 100 && !CONTROL.test(name) ? cleanClientName(name) : undefined;
}

function initializeName(message: unknown): string | undefined {
  const first = Array.isArray(message) ? message[0] : message;
  if ((first as { method?: unknown })?.method !== 'initialize') return undefined;
  const name = (first as { params?: { clientInfo?: { name?: unknown } } }).params?.clientInfo?.name;
  return typeof name === 'string' ? cleanClientName(name) : undefined;
}

const rpcError = (status: number, code: number, message: string) =>
  Response.json({ jsonrpc: '2.0', error: { code, message }, id: null }, { status });

/** One JSON-RPC POST, answered with JSON. */
export async function handleMcpPost(request: Request, client: ActiveSessionsClient): Promise<Response> {
  const text = await request.text();
  if (Buffer.byteLength(text) > MAX_BODY_BYTES) return rpcError(413, -32600, 'request body is larger than 1 MiB');
  let message: unknown;
  try {
    message = JSON.parse(text);
  } catch {
    return rpcError(400, -32700, 'Parse error: the body is not JSON');
  }
  const server = createMcpServer(client, () => clientNameFrom(request.headers.get('mcp-session-id')));
  const transport = new WebStandardStreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: true });
  await server.connect(transport);
  try {
    const response = await transport.handleRequest(request, { parsedBody: message });
    const name = initializeName(message);
    if (!response.ok || !name) return response;
    const headers = new Headers(response.headers);
    headers.set('mcp-session-id', sessionIdFor(name));
    return new Response(response.body, { status: response.status, headers });
  } finally {
    await server.close();
  }
}
