/** What the login page says when a token is refused, by the form or by a `?token=` link. */
export const LOGIN_ERRORS = {
  invalid: 'That token is not right.',
  limited: 'Too many wrong tokens from this address, so each try is answered after a few seconds. Check the token and try again.',
  store: 'The token is right, but the server cannot record the login: its store refuses writes (is the disk full?). Try again once it has room.',
} as const;

export type LoginError = keyof typeof LOGIN_ERRORS;

/** A refused token's status (401 or 429) as what the login page says. */
export function loginErrorFor(status: number): LoginError {
  return status === 429 ? 'limited' : 'invalid';
}
