import { protectedRoute } from '@/lib/auth/route';
import { getSession, setPinned } from '@/store/queries';
import { pinSchema } from '@/core/contract';
import { jsonError, parseJsonBody } from '@/lib/http';
import { toSessionJson } from '@/server/session-json';

/** Pins (`{"pinned": true}`) or unpins a session: pinned ones outlive retention and Clear Completed. */
export const POST = protectedRoute(async (request: Request, { params }: { params: Promise<{ id: string }> }) => {
  const { id } = await params;
  const body = await parseJsonBody(request, pinSchema);
  if (!body.ok) return body.response;
  const session = setPinned(id, body.data.pinned) ? getSession(id) : undefined;
  if (!session) return jsonError(404, `no session with id ${id}`);
  return Response.json(toSessionJson(session));
});
