import { authorize } from '@/lib/auth/guard';
import { cookieReader } from '@/lib/auth/route';

/**
 * Public by design: says only whether the caller is signed in (the login page asks, to carry on
 * when a SameSite=Strict cookie was withheld from a cross-site navigation). Always 200, so that
 * asking leaves no error in the browser console.
 */
export async function GET(request: Request) {
  const verdict = await authorize({ method: 'GET', headers: request.headers, cookie: cookieReader(request) });
  return Response.json({ authenticated: verdict.ok }, { headers: { 'Cache-Control': 'no-store' } });
}
