import { getSession } from '@/db/queries';
import { jsonError } from '@/lib/http';
import { toSessionJson } from '@/lib/session-json';

export async function GET(_request: Request, { params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const session = getSession(id);
  if (!session) return jsonError(404, `no session with id ${id}`);
  return Response.json(toSessionJson(session));
}
