import { protectedRoute } from '@/lib/auth/route';
import { retentionStatus } from '@/server/retention';

/** The output stored, the retention rules, and the session they remove first. */
export const GET = protectedRoute(async () => Response.json(retentionStatus(), { headers: { 'Cache-Control': 'no-store' } }));
