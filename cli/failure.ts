import { ApiError } from '@/client';
import type { CliConfig } from './config';

/**
 * Any failure as the one line the CLI prints before exiting 1. The API's own messages are already
 * sentences ("no session with id x"); what a person needs added is where to look: which URL did
 * not answer, which token was refused and where it came from.
 */
export function describeFailure(error: unknown, config: CliConfig): string {
  if (!(error instanceof ApiError)) return (error as Error)?.message ?? String(error);
  if (error.status === 0) {
    return `${error.message}: is the server running? Set ACTIVE_SESSIONS_URL if it listens elsewhere`;
  }
  if (error.status === 401) {
    const how = "set ACTIVE_SESSIONS_TOKEN (or ACTIVE_SESSIONS_TOKEN_FILE) to the server's token";
    return config.token.value
      ? `${config.baseUrl} refused the token from ${config.token.from} (401): ${how}`
      : `${config.baseUrl} needs a token (401) and none was found (${config.token.from}): ${how}`;
  }
  return error.message;
}
