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

/**
 * Sends typed text to a session in order, one request at a time: keys typed while a request is on
 * its way are joined and sent next, so a fast typist never has two requests racing each other.
 */
export function createInputQueue(send: (text: string) => Promise<void>, onError: (error: Error) => void) {
  let pending = '';
  let busy = false;
  const drain = async () => {
    busy = true;
    while (pending) {
      const text = pending;
      pending = '';
      try {
        await send(text);
      } catch (error) {
        // What was typed after a failure is dropped with it: the person sees the error and retypes.
        pending = '';
        onError(error as Error);
      }
    }
    busy = false;
  };
  return {
    push(text: string) {
      pending += text;
      if (!busy) void drain();
    },
  };
}
