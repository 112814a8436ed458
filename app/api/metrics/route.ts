import { metricsQuerySchema } from '@/core/contract';
import { protectedRoute } from '@/lib/auth/route';
import { parseQuery } from '@/lib/http';
import { serverMetrics } from '@/lib/metrics';

/** Memory and event-loop delay of the server process; `?reset=1` starts a new measuring window. */
export const GET = protectedRoute(async (request: Request) => {
  const query = parseQuery(request, metricsQuerySchema);
  if (!query.ok) return query.response;
  return Response.json(serverMetrics({ reset: query.data.reset === '1' }), { headers: { 'Cache-Control': 'no-store' } });
});
