import { readLines } from '@/store/output-read';
import { protectedRoute } from '@/lib/auth/route';
import { jsonError, parseQuery } from '@/lib/http';
import { linesQuerySchema } from '@/core/contract';

/** Output as numbered lines: `?tail=N` for the newest, `?from=A&to=B` (1-based) for any range. */
export const GET = protectedRoute(async (request: Request, { params }: { params: Promise<{ id: string }> }) => {
  const { id } = await params;
  const query = parseQuery(request, linesQuerySchema);
  if (!query.ok) return query.response;
  const range = 'tail' in query.data ? { tail: query.data.tail } : { from: query.data.from - 1, to: query.data.to - 1 };
  const page = readLines({ id, ...range });
  if (!page) return jsonError(404, `no session with id ${id}`);
  return Response.json(page);
});
