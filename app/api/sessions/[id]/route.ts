import { protectedRoute } from '@/lib/auth/route';
import { getSession } from '@/store/queries';
import { jsonError } from '@/lib/http';
import { toSessionJson } from '@/server/session-json';

export const GET = protectedRoute(async (_request: Request, { params }: { params: Promise<{ id: string }> }) => {
  const { id } = await params;
  const session = getSession(id);
  if (!session) return jsonError(404, `no session with id ${id}`);
  return Response.json(toSessionJson(session));
});
