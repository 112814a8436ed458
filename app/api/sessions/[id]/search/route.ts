import { getSession } from '@/store/queries';
import { searchOutput } from '@/store/search';
import { protectedRoute } from '@/lib/auth/route';
import { jsonError, parseQuery } from '@/lib/http';
import { searchQuerySchema } from '@/core/contract';

/** Lines whose text holds `q`, across the whole stored output (not only what a browser loaded). */
export const GET = protectedRoute(async (request: Request, { params }: { params: Promise<{ id: string }> }) => {
  const { id } = await params;
  const query = parseQuery(request, searchQuerySchema);
  if (!query.ok) return query.response;
  if (!getSession(id)) return jsonError(404, `no session with id ${id}`);
  return Response.json(searchOutput({ id, query: query.data.q, limit: query.data.limit }));
});
