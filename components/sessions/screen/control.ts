/** Two Escapes this close together give control back; one alone still reaches the program (vim). */
export const DOUBLE_ESCAPE_MS = 600;

/**
 * The "Esc Esc to release" gesture, apart from the DOM so it can be tested: each key pressed while
 * in control says whether it goes on to the session or ends the control.
 */
export function createReleaseGesture(windowMs = DOUBLE_ESCAPE_MS) {
  let lastEscape = Number.NEGATIVE_INFINITY;
  return {
    press(key: string, now: number): 'forward' | 'release' {
      if (key !== 'Escape') {
        lastEscape = Number.NEGATIVE_INFINITY;
        return 'forward';
      }
      if (now - lastEscape <= windowMs) {
        lastEscape = Number.NEGATIVE_INFINITY;
        return 'release';
      }
      lastEscape = now;
      return 'forward';
    },
    reset() {
      lastEscape = Number.NEGATIVE_INFINITY;
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
