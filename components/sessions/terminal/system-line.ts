// How the console's own lines say that a session did not end well (host/session-end.ts).
const FAILURE = /^(exited with code (?!0\b)\d|killed|timed out|interrupted|processes survived|failed|ended while)/;

/** Whether one of the console's own lines says that something failed: those, and only those, show in red. */
export function systemLineFailed(text: string): boolean {
  return FAILURE.test(text.trimStart());
}
