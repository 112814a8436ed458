import { protectedRoute } from '@/lib/auth/route';
import { appErrorResponse } from '@/lib/http';
import { rerunSession } from '@/server/rerun';
import { toSessionJson } from '@/server/session-json';

/** Runs the session's command again as a new session: 201 with it, linked by `rerunOf`. */
export const POST = protectedRoute(async (_request: Request, { params }: { params: Promise<{ id: string }> }) => {
  const { id } = await params;
  let session;
  try {
    session = await rerunSession(id, 'api');
  } catch (error) {
    return appErrorResponse(error);
  }
  return Response.json(toSessionJson(session), { status: 201, headers: { Location: `/api/sessions/${session.id}` } });
});
