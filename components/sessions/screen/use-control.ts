'use client';

import type { Terminal } from '@xterm/xterm';
import { useCallback, useEffect, useMemo, useRef, useState, type RefObject } from 'react';
import { inputQueue } from '@/core/input-queue';
import { createEscapeHold } from './control';
import { sendInput } from './screen-api';

/** xterm is an imperative object: its stdin and focus follow who has control. */
function applyControl(term: Terminal, on: boolean) {
  term.options.disableStdin = !on;
  if (on) term.focus();
  else term.blur();
}

/**
 * Who the keyboard belongs to. Off by default: keys, pastes and the terminal's own replies reach
 * the session only after "Take control", and Esc Esc, a click outside `frame`, or focus moving
 * elsewhere on the page gives control back. It also ends with the session (`enabled` false).
 */
export function useControl(
  term: Terminal | null,
  frame: RefObject<HTMLElement | null>,
  sessionId: string,
  enabled: boolean,
  onError: (message: string) => void,
  /** Where the keyboard goes when Esc Esc gives control back (a click outside has put it elsewhere). */
  returnFocus: RefObject<HTMLElement | null>,
) {
  const [taken, setTaken] = useState(false);
  const controlling = taken && enabled;
  const active = useRef(false);
  const queue = useMemo(() => inputQueue((text) => sendInput(sessionId, text), (error) => onError(error instanceof Error ? error.message : String(error))), [sessionId, onError]);
  const release = useCallback(() => setTaken(false), []);
  const escape = useMemo(
    () =>
      createEscapeHold({
        sendEscape: () => queue.push('\x1b'),
        release: () => {
          release();
          returnFocus.current?.focus();
        },
      }),
    [queue, release, returnFocus],
  );

  useEffect(() => {
    active.current = controlling;
    escape.reset();
    if (term) applyControl(term, controlling);
  }, [controlling, term, escape]);

  useEffect(() => {
    if (!term) return;
    term.attachCustomKeyEventHandler((event) => {
      if (!active.current) return false;
      return event.type !== 'keydown' || escape.keydown(event.key);
    });
    const data = term.onData((text) => {
      if (active.current) queue.push(text);
    });
    return () => data.dispose();
  }, [term, escape, queue]);

  useEffect(() => {
    if (!controlling) return;
    const outside = (target: EventTarget | null) => target instanceof Node && !frame.current?.contains(target);
    const onPointerDown = (event: PointerEvent) => outside(event.target) && release();
    const onFocusIn = (event: FocusEvent) => outside(event.target) && release();
    document.addEventListener('pointerdown', onPointerDown, true);
    document.addEventListener('focusin', onFocusIn, true);
    return () => {
      document.removeEventListener('pointerdown', onPointerDown, true);
      document.removeEventListener('focusin', onFocusIn, true);
    };
  }, [controlling, frame, release]);

  // Focus inside the click itself, not in the effect after the render: keys typed right after the
  // click must reach the session, not the button.
  const take = useCallback(() => {
    if (!enabled) return;
    active.current = true;
    if (term) applyControl(term, true);
    setTaken(true);
  }, [enabled, term]);

  return { controlling, take, release };
}
