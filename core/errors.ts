/**
 * The one error type the app raises on purpose: a code that decides the HTTP status, and a message
 * written for the person or agent who reads it. Anything else that is thrown is a bug, logged and
 * answered with a generic 500.
 */
export type ErrorCode = 'bad_request' | 'not_found' | 'conflict' | 'store_unavailable';

const STATUS: Record<ErrorCode, number> = {
  bad_request: 400,
  not_found: 404,
  conflict: 409,
  store_unavailable: 503,
};

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
