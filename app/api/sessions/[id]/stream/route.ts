import { getSession } from '@/store/queries';
import { protectedRoute } from '@/lib/auth/route';
import { jsonError, parseQuery } from '@/lib/http';
import { outputEventStream } from '@/lib/output-stream';
import { parseLastEventId, streamQuerySchema } from '@/core/contract';

/** Live output as Server-Sent Events, from `after` or from the Last-Event-ID a reconnect sends. */
export const GET = protectedRoute(async (request: Request, { params }: { params: Promise<{ id: string }> }) => {
  const { id } = await params;
  const query = parseQuery(request, streamQuerySchema);
  if (!query.ok) return query.response;
  if (!getSession(id)) return jsonError(404, `no session with id ${id}`);
  const cursor = parseLastEventId(request.headers.get('last-event-id')) ?? query.data.after;
  return new Response(outputEventStream(id, cursor, request.signal), {
    headers: {
      'Content-Type': 'text/event-stream; charset=utf-8',
      // No proxy buffering, no compression: each event must leave at once.
      'Cache-Control': 'no-cache, no-transform',
      'X-Accel-Buffering': 'no',
    },
  });
});
