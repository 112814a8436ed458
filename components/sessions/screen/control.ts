/** Two Escapes this close together give control back; one alone still reaches the program (vim). */
export const DOUBLE_ESCAPE_MS = 500;

type EscapeHoldOptions = {
  sendEscape: () => void;
  release: () => void;
  windowMs?: number;
  schedule?: (run: () => void, ms: number) => unknown;
  cancel?: (timer: unknown) => void;
};

/**
 * The "Esc Esc to release" gesture, apart from the DOM so it can be tested. An Escape is held back
 * for a moment: a second one releases control and neither reaches the session (which would
 * otherwise find a stray ESC in its input); anything else, or the moment passing, sends it on first.
 */
export function createEscapeHold({
  sendEscape,
  release,
  windowMs = DOUBLE_ESCAPE_MS,
  schedule = (run, ms) => setTimeout(run, ms),
  cancel = (timer) => clearTimeout(timer as ReturnType<typeof setTimeout>),
}: EscapeHoldOptions) {
  let held: unknown = null;
  const drop = () => {
    if (held === null) return false;
    cancel(held);
    held = null;
    return true;
  };
  return {
    /** A key pressed while in control; whether the terminal should handle it as usual. */
    keydown(key: string): boolean {
      if (key !== 'Escape') {
        if (drop()) sendEscape();
        return true;
      }
      if (drop()) {
        release();
        return false;
      }
      held = schedule(() => {
        held = null;
        sendEscape();
      }, windowMs);
      return false;
    },
    /** Control ended another way: an Escape still held goes nowhere. */
    reset() {
      drop();
    },
  };
}
