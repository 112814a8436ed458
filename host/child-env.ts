import { SESSION_MARKER } from './proc';

// Variables of the console itself that must not leak into the commands it runs: the access token,
// and Next.js internals that would confuse a Next.js project started as a session.
const PRIVATE_VARIABLES = /^(ACTIVE_SESSIONS_TOKEN|ACTIVE_SESSIONS_TOKEN_FILE|NEXT_RUNTIME|NEXT_MANUAL_SIG_HANDLE|__NEXT.*|NEXT_PRIVATE.*)$/;

/**
 * The environment a session's command sees: the server's own, cleaned, then the session's, then
 * the session's marker, which no `env` can override: every process the session starts inherits it,
 * however it detaches, and that is how Kill and recovery find them all.
 */
export function childEnv(sessionId: string, extra: Record<string, string> = {}): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (value !== undefined && !PRIVATE_VARIABLES.test(key)) env[key] = value;
  }
  // Output should arrive live, and in colour, even though it goes to a pipe, not a terminal.
  env.PYTHONUNBUFFERED = '1';
  env.FORCE_COLOR = '1';
  env.CLICOLOR_FORCE = '1';
  return { ...env, ...extra, [SESSION_MARKER]: sessionId };
}
