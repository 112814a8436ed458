'use client';

import type { FitAddon } from '@xterm/addon-fit';
import type { Terminal } from '@xterm/xterm';
import { useEffect, useEffectEvent, useState, type RefObject } from 'react';
import { MAX_COLS, MAX_ROWS, MIN_COLS, MIN_ROWS } from '@/core/contract';

// A panel being dragged or a window being resized reports many sizes: the session gets the last.
const RESIZE_DEBOUNCE_MS = 150;

const THEME = {
  background: '#0a0a0a',
  foreground: '#e5e5e5',
  cursor: '#4ade80',
  cursorAccent: '#0a0a0a',
  selectionBackground: '#4ade8055',
};

const clamp = (value: number, min: number, max: number) => Math.min(max, Math.max(min, value));

type Options = {
  cols: number;
  rows: number;
  /**
   * panel: cols and rows from the panel (a running session, resized to match); rows: only the rows
   * (an ended one keeps the width its program wrote for, and opens on its last lines).
   */
  fit: 'panel' | 'rows';
  /** The size the terminal took, once it has settled. */
  onResize: (cols: number, rows: number) => void;
};

/**
 * An xterm.js terminal in `container`, created in the browser only (it measures the DOM), sized to
 * its panel as `fit` says. Read-only until the caller enables stdin.
 */
export function useXterm(container: RefObject<HTMLDivElement | null>, { cols, rows, fit, onResize }: Options) {
  const [terminal, setTerminal] = useState<{ term: Terminal; fit: FitAddon } | null>(null);

  useEffect(() => {
    let disposed = false;
    let created: Terminal | undefined;
    void Promise.all([import('@xterm/xterm'), import('@xterm/addon-fit')]).then(([{ Terminal }, { FitAddon }]) => {
      if (disposed || !container.current) return;
      created = new Terminal({
        cols,
        rows,
        disableStdin: true,
        fontFamily: 'ui-monospace, SFMono-Regular, Menlo, Consolas, "DejaVu Sans Mono", "Liberation Mono", monospace',
        fontSize: 13,
        scrollback: 5000,
        theme: THEME,
      });
      const addon = new FitAddon();
      created.loadAddon(addon);
      created.open(container.current);
      setTerminal({ term: created, fit: addon });
    });
    return () => {
      disposed = true;
      created?.dispose();
    };
    // Created once per mount: later sizes come from the panel or the session's own resizes.
  }, []); // eslint-disable-line react-hooks/exhaustive-deps

  const settled = useEffectEvent((newCols: number, newRows: number) => onResize(newCols, newRows));

  useEffect(() => {
    const element = container.current;
    if (!terminal || !element) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const refit = () => {
      const proposed = terminal.fit.proposeDimensions();
      if (!proposed || !Number.isFinite(proposed.cols) || !Number.isFinite(proposed.rows)) return;
      const next = {
        cols: fit === 'panel' ? clamp(proposed.cols, MIN_COLS, MAX_COLS) : cols,
        rows: clamp(proposed.rows, MIN_ROWS, MAX_ROWS),
      };
      if (next.cols !== terminal.term.cols || next.rows !== terminal.term.rows) terminal.term.resize(next.cols, next.rows);
      clearTimeout(timer);
      timer = setTimeout(() => settled(next.cols, next.rows), RESIZE_DEBOUNCE_MS);
    };
    const observer = new ResizeObserver(refit);
    observer.observe(element);
    return () => {
      observer.disconnect();
      clearTimeout(timer);
    };
  }, [terminal, fit, cols, container]);

  return terminal?.term ?? null;
}
