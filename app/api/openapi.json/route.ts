import { consoleBaseUrl } from '@/server/links';
import { openApiDocument } from '@/server/openapi';

/** Public by design: the shape of the API is no secret, and clients read it before they have a token. */
export function GET() {
  return Response.json(openApiDocument(consoleBaseUrl()), { headers: { 'Cache-Control': 'no-store' } });
}
