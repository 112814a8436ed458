import { searchOutput } from '@/store/search';
import { protectedRoute } from '@/lib/auth/route';
import { appErrorResponse, jsonError, parseQuery } from '@/lib/http';
import { searchQuerySchema } from '@/core/contract';

/**
 * Lines whose text matches `q`, across the whole stored output (not only what a browser loaded):
 * the exact count, pages of the list, and any one match by position or index.
 */
export const GET = protectedRoute(async (request: Request, { params }: { params: Promise<{ id: string }> }) => {
  const { id } = await params;
  const query = parseQuery(request, searchQuerySchema);
  if (!query.ok) return query.response;
  const { q, case: caseSensitive, text, ...rest } = query.data;
  try {
    const found = searchOutput({ id, query: q, caseSensitive, withText: text, ...rest });
    if (!found) return jsonError(404, `no session with id ${id}`);
    return Response.json(found);
  } catch (error) {
    return appErrorResponse(error);
  }
});
