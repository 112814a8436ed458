import { protectedRoute } from '@/lib/auth/route';
import { jsonError } from '@/lib/http';
import { getSession } from '@/store/queries';
import { toResourceHistoryJson } from '@/server/resource-history';

/** The session's CPU, memory and process count over its life (sampled every ~2 s, thinned as it grows). */
export const GET = protectedRoute(async (_request: Request, { params }: { params: Promise<{ id: string }> }) => {
  const { id } = await params;
  const session = getSession(id);
  if (!session) return jsonError(404, `no session with id ${id}`);
  return Response.json(toResourceHistoryJson(session));
});
