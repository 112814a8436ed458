import { protectedRoute } from '@/lib/auth/route';
import { countClearableSessions, countSessions, listSessions } from '@/store/queries';
import { appErrorResponse, parseJsonBody, parseQuery } from '@/lib/http';
import { launchSession } from '@/server/host';
import { toSessionJson } from '@/server/session-json';
import { clearFinished } from '@/lib/sessions';
import { clearQuerySchema, createSessionSchema, listQuerySchema } from '@/core/contract';

export const GET = protectedRoute(async (request: Request) => {
  const query = parseQuery(request, listQuerySchema);
  if (!query.ok) return query.response;
  const { limit, status, q } = query.data;
  return Response.json({
    sessions: listSessions({ limit, status, query: q }).map(toSessionJson),
    total: countSessions({ status, query: q }),
    clearable: countClearableSessions(),
  });
});

export const POST = protectedRoute(async (request: Request) => {
  const body = await parseJsonBody(request, createSessionSchema);
  if (!body.ok) return body.response;
  let session;
  try {
    session = await launchSession(body.data);
  } catch (error) {
    return appErrorResponse(error);
  }
  return Response.json(toSessionJson(session), { status: 201, headers: { Location: `/api/sessions/${session.id}` } });
});

export const DELETE = protectedRoute(async (request: Request) => {
  const query = parseQuery(request, clearQuerySchema);
  if (!query.ok) return query.response;
  try {
    return Response.json({ cleared: clearFinished() });
  } catch (error) {
    return appErrorResponse(error);
  }
});
