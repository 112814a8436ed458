import { protectedRoute } from '@/lib/auth/route';
import { sessionResizeSchema } from '@/core/contract';
import { appErrorResponse, parseJsonBody } from '@/lib/http';
import { resize } from '@/server/terminal';

/** A new size for a running terminal session's pty: its programs get SIGWINCH. */
export const POST = protectedRoute(async (request: Request, { params }: { params: Promise<{ id: string }> }) => {
  const { id } = await params;
  const body = await parseJsonBody(request, sessionResizeSchema);
  if (!body.ok) return body.response;
  try {
    await resize(id, body.data);
  } catch (error) {
    return appErrorResponse(error);
  }
  return Response.json({ ok: true }, { status: 202 });
});
