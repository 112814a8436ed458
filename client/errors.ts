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

/**
 * Nothing answered, or the answer broke off: what the web server's restart looks like to a client,
 * and worth trying again, unlike an answer (even an error).
 */
export function isConnectionFailure(error: unknown): boolean {
  return error instanceof ApiError && error.status === 0;
}
