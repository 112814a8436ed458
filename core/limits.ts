// Shared by the API's validation and the page (which must not pull the validation library in).
export const MAX_LIST = 10_000;
export const DEFAULT_LIST = 1000;
/** The longest text a list is filtered by. */
export const MAX_LIST_QUERY = 200;
/** The page lists the newest sessions (running ones first); the API serves more on request. */
export const PAGE_LIST_LIMIT = 200;
/**
 * A terminal session waits for input once its output has been idle this long while its foreground
 * program reads the terminal. Readers of the flag apply it too: output newer than that means the
 * flag is about to be cleared.
 */
export const IDLE_BEFORE_WAITING_MS = 2000;
