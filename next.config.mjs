// Read when the server starts: the same allow-list the route handlers use (lib/auth/hosts.ts).
const allowedOrigins = (process.env.ALLOWED_HOSTS ?? '')
  .split(',')
  .map((host) => host.trim().toLowerCase())
  .filter(Boolean)
  .map((host) => (host.startsWith('.') ? `*${host}` : host));

/** @type {import('next').NextConfig} */
const nextConfig = {
  // better-sqlite3 is a native addon: load it from node_modules at run time, never bundle it.
  serverExternalPackages: ['better-sqlite3'],
  poweredByHeader: false,
  // proxy.ts drops a trailing slash instead, so that the redirect carries the security headers.
  skipTrailingSlashRedirect: true,
  experimental: {
    serverActions: { allowedOrigins },
  },
};

export default nextConfig;
