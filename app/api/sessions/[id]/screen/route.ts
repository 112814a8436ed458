import { protectedRoute } from '@/lib/auth/route';
import { appErrorResponse } from '@/lib/http';
import { screen } from '@/server/terminal';

/** A terminal session's screen as text, with the cursor: live while it runs, rebuilt once ended. */
export const GET = protectedRoute(async (_request: Request, { params }: { params: Promise<{ id: string }> }) => {
  const { id } = await params;
  try {
    return Response.json(await screen(id));
  } catch (error) {
    return appErrorResponse(error);
  }
});
