import { getSession, readOutput } from '@/store/queries';
import { protectedRoute } from '@/lib/auth/route';
import { jsonError } from '@/lib/http';

const PAGE = 64;

/** The whole raw output as a text file, streamed a page of chunks at a time, never built in memory. */
export const GET = protectedRoute(async (_request: Request, { params }: { params: Promise<{ id: string }> }) => {
  const { id } = await params;
  const session = getSession(id);
  if (!session) return jsonError(404, `no session with id ${id}`);
  const encoder = new TextEncoder();
  let after = 0;
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      const page = readOutput({ id, after, limit: PAGE });
      if (!page || page.chunks.length === 0) {
        controller.close();
        return;
      }
      controller.enqueue(encoder.encode(page.chunks.map((chunk) => chunk.text).join('')));
      after = page.next;
    },
  });
  const filename = `${session.name.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '') || 'session'}-${id}.log`;
  return new Response(body, {
    headers: {
      'Content-Type': 'text/plain; charset=utf-8',
      'Content-Disposition': `attachment; filename="${filename}"`,
      'Cache-Control': 'no-store',
    },
  });
});
