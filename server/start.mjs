// `npm start`: the production server. A custom entry rather than `next start`, for two reasons:
// - it is the process that `npm start` execs, so a stop signal sent to npm (Docker, systemd,
//   supervisors signal the main pid) reaches the server instead of orphaning it;
// - it alone sees the TCP peer of each request. Next.js keeps any X-Forwarded-For a client sends,
//   so the rate limit could not tell clients apart without this header, which no client can set.
import { createServer } from 'node:http';

const PEER_HEADER = 'x-active-sessions-peer';

const hostname = process.env.HOST || '127.0.0.1';
const portText = process.env.PORT || '3000';
const port = Number(portText);
if (!/^\d{1,5}$/.test(portText) || port > 65535) {
  console.error(`[active-sessions] PORT must be a port number (0-65535), not ${JSON.stringify(portText)}`);
  process.exit(1);
}

process.title = 'active-sessions';
// As `next start` does: the production build runs with production React and settings.
process.env.NODE_ENV = 'production';
const { default: next } = await import('next');
const app = next({ dev: false, dir: process.cwd(), hostname, port });
const handle = app.getRequestHandler();

try {
  await app.prepare();
} catch (error) {
  console.error('[active-sessions] cannot start:', error instanceof Error ? error.message : error);
  process.exit(1);
}

// Tells lib/auth/client-address.ts that the header below is ours, written on every request.
globalThis[Symbol.for('active-sessions.peer-header-owned')] = true;

const server = createServer(async (request, response) => {
  request.headers[PEER_HEADER] = request.socket.remoteAddress ?? '';
  try {
    await handle(request, response);
  } catch (error) {
    // As `next start` does: one failed request is a 500, never an unhandled rejection that would
    // end the process (sessions live on in the session host, but the console would be gone).
    console.error('[active-sessions] request failed:', error);
    if (!response.headersSent) response.statusCode = 500;
    response.end();
  }
});

server.once('error', (error) => {
  const reason = error.code === 'EADDRINUSE' ? `${hostname}:${port} is already in use` : error.message;
  console.error(`[active-sessions] cannot listen: ${reason}`);
  process.exit(1);
});

server.listen(port, hostname, () => {
  const shown = hostname.includes(':') ? `[${hostname}]` : hostname;
  console.log(`[active-sessions] ready on http://${shown}:${server.address().port}`);
});
