import { protectedRoute } from '@/lib/auth/route';
import { getSession } from '@/store/queries';
import { killQuerySchema } from '@/core/contract';
import { appErrorResponse, jsonError, parseQuery } from '@/lib/http';
import { requestKill } from '@/server/host';
import { toSessionJson } from '@/server/session-json';

/** Kill: SIGTERM to the whole tree, SIGKILL after `graceMs` (default KILL_GRACE_MS). Answers at once. */
export const POST = protectedRoute(async (request: Request, { params }: { params: Promise<{ id: string }> }) => {
  const { id } = await params;
  const query = parseQuery(request, killQuerySchema);
  if (!query.ok) return query.response;
  let outcome;
  try {
    outcome = await requestKill(id, query.data.graceMs);
  } catch (error) {
    return appErrorResponse(error);
  }
  const session = getSession(id);
  switch (outcome) {
    case 'not_found':
      return jsonError(404, `no session with id ${id}`);
    case 'not_running':
      return Response.json({ error: 'session is not running: nothing to kill', session: session && toSessionJson(session) }, { status: 409 });
    case 'not_owned':
      return jsonError(409, 'session is run by another session host: kill it there');
    case 'stopping':
      return Response.json(session ? toSessionJson(session) : { id }, { status: 202 });
    default: {
      const never: never = outcome;
      return never;
    }
  }
});
