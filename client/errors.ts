/** An answer that was not a success: the API's own message and status, or why nothing answered. */
export class ApiError extends Error {
  constructor(
    message: string,
    /** The HTTP status; 0 when the server could not be reached at all. */
    readonly status: number,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

// A reverse proxy's answers while the server behind it restarts; 503 is also the server's own for
// a store or session host it cannot reach for now (with Retry-After).
const UNAVAILABLE = [502, 503, 504];

/**
 * Nothing answered, the answer broke off, or the answer says to come back later: what the web
 * server's restart looks like to a client, and worth trying again, unlike any other answer.
 */
export function isServerUnavailable(error: unknown): boolean {
  return error instanceof ApiError && (error.status === 0 || UNAVAILABLE.includes(error.status));
}
