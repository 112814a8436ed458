/**
 * The one error type the app raises on purpose: a code that decides the HTTP status, and a message
 * written for the person or agent who reads it. Anything else that is thrown is a bug, logged and
 * answered with a generic 500.
 */
const STATUS = {
  bad_request: 400,
  not_found: 404,
  conflict: 409,
  store_unavailable: 503,
  // The session host cannot be reached or started, or is of another version and busy.
  host_unavailable: 503,
} as const;

export type ErrorCode = keyof typeof STATUS;

export const ERROR_CODES = Object.keys(STATUS) as ErrorCode[];

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'AppError';
  }

  get status(): number {
    return STATUS[this.code];
  }
}

export function isAppError(error: unknown): error is AppError {
  return error instanceof AppError;
}
