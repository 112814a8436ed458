import { protectedRoute } from '@/lib/auth/route';
import { sessionInputSchema } from '@/core/contract';
import { appErrorResponse, parseJsonBody } from '@/lib/http';
import { typeInto } from '@/server/terminal';

/** Keystrokes for a running terminal session: `text`, then `keys` in order. Answers at once. */
export const POST = protectedRoute(async (request: Request, { params }: { params: Promise<{ id: string }> }) => {
  const { id } = await params;
  const body = await parseJsonBody(request, sessionInputSchema);
  if (!body.ok) return body.response;
  try {
    await typeInto(id, body.data);
  } catch (error) {
    return appErrorResponse(error);
  }
  return Response.json({ ok: true }, { status: 202 });
});
