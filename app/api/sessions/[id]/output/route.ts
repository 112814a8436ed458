import { protectedRoute } from '@/lib/auth/route';
import { readOutput } from '@/store/output-read';
import { jsonError, parseQuery } from '@/lib/http';
import { outputQuerySchema } from '@/core/contract';

export const GET = protectedRoute(async (request: Request, { params }: { params: Promise<{ id: string }> }) => {
  const { id } = await params;
  const query = parseQuery(request, outputQuerySchema);
  if (!query.ok) return query.response;
  const page = readOutput({ id, ...query.data });
  if (!page) return jsonError(404, `no session with id ${id}`);
  return Response.json({
    chunks: page.chunks.map(({ seq, stream, text, at, lineStart, shown }) => ({
      seq,
      stream,
      text,
      at: at.toISOString(),
      lineStart,
      ...(shown !== undefined && { shown }),
    })),
    next: page.next,
    done: page.done,
  });
});
