import * as output from '@/app/api/sessions/[id]/output/route';
import * as lines from '@/app/api/sessions/[id]/lines/route';
import * as search from '@/app/api/sessions/[id]/search/route';
import * as stream from '@/app/api/sessions/[id]/stream/route';
import * as kill from '@/app/api/sessions/[id]/kill/route';
import * as input from '@/app/api/sessions/[id]/input/route';
import * as resize from '@/app/api/sessions/[id]/resize/route';
import * as screen from '@/app/api/sessions/[id]/screen/route';
import * as session from '@/app/api/sessions/[id]/route';
import * as sessions from '@/app/api/sessions/route';
import type { RouteTable } from '@/server/in-process-fetch';

/** The API routes the MCP tools call, in process: what the typed client asks for. */
export const SESSION_ROUTES: RouteTable = {
  '/api/sessions': sessions,
  '/api/sessions/[id]': session,
  '/api/sessions/[id]/kill': kill,
  '/api/sessions/[id]/input': input,
  '/api/sessions/[id]/resize': resize,
  '/api/sessions/[id]/screen': screen,
  '/api/sessions/[id]/output': output,
  '/api/sessions/[id]/lines': lines,
  '/api/sessions/[id]/search': search,
  '/api/sessions/[id]/stream': stream,
};
