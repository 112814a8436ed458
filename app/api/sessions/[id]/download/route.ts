import { outputBytes } from '@/store/output-read';
import { getSession } from '@/store/queries';
import { protectedRoute } from '@/lib/auth/route';
import { jsonError } from '@/lib/http';

/** The command's output, the exact bytes it wrote, streamed from its files a page at a time. */
export const GET = protectedRoute(async (_request: Request, { params }: { params: Promise<{ id: string }> }) => {
  const { id } = await params;
  const session = getSession(id);
  if (!session) return jsonError(404, `no session with id ${id}`);
  const pages = outputBytes(id);
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      const page = pages.next();
      if (page.done) controller.close();
      else controller.enqueue(page.value);
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
