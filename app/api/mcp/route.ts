import { createClient } from '@/client';
import { protectedRoute } from '@/lib/auth/route';
import { handleMcpPost } from '@/mcp/http';
import { inProcessFetch } from '@/server/in-process-fetch';
import { SESSION_ROUTES } from './session-routes';

/** The MCP tools over Streamable HTTP: stateless, one JSON answer per POST, behind the same token as the API. */
export const POST = protectedRoute(async (request: Request) => {
  const client = createClient({ baseUrl: new URL(request.url).origin, fetch: inProcessFetch(SESSION_ROUTES, request) });
  return handleMcpPost(request, client);
});

// Stateless: no stream to open with GET, no session to end with DELETE (the protocol allows a 405 for both).
const notAllowed = protectedRoute(async (request: Request) =>
  Response.json({ error: `${request.method} is not supported here: send MCP requests as POST` }, { status: 405, headers: { Allow: 'POST' } }),
);
export const GET = notAllowed;
export const DELETE = notAllowed;
