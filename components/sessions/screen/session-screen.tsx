'use client';

import '@xterm/xterm/css/xterm.css';
import { Keyboard, KeyboardOff } from 'lucide-react';
import { useCallback, useRef, useState } from 'react';
import { Button } from '@/components/ui/button';
import { DEFAULT_COLS, DEFAULT_ROWS, type LinesPageJson, type SessionJson } from '@/core/contract';
import { paintScreen } from '@/core/terminal/paint-screen';
import { fetcher } from '@/lib/fetcher';
import { cn } from '@/lib/utils';
import { ConnectionDot } from '../terminal/terminal-toolbar';
import { sessionKey } from '../use-sessions';
import { readScreen, resizeSession } from './screen-api';
import { useControl } from './use-control';
import { useRawOutput, type RawChunk } from './use-raw-output';
import { useXterm } from './use-xterm';
import { rememberScreenSize } from './last-size';

// Past this much output the view starts from the current screen, not a replay of all of it.
const REPLAY_MAX_BYTES = 4 * 1024 * 1024;

/** The console's own lines ("exited with code 0") are dimmed and start on a line of their own. */
function systemText(text: string, atLineStart: boolean): string {
  const body = text.replace(/\n$/, '').replace(/\n/g, '\r\n');
  return `\x1b[0m${atLineStart ? '' : '\r\n'}\x1b[2;3m${body}\x1b[0m\r\n`;
}

/**
 * A terminal session's screen, drawn by xterm.js as a terminal would: it replays the session's
 * output from the start (so colours, the alternate screen and keypad modes are as the program set
 * them; the server's screen route has only the text), then follows the live stream. While the
 * session runs the terminal fits its panel and the session is resized to match. Typing reaches
 * the session only after "Take control". `onDone` runs when the output has ended (as the Log view's).
 */
export function SessionScreen({ session, onDone }: { session: SessionJson; onDone: () => void }) {
  const running = session.status === 'running';
  const frame = useRef<HTMLDivElement>(null);
  const host = useRef<HTMLDivElement>(null);
  const [error, setError] = useState<string | null>(null);
  const [size, setSize] = useState({ cols: session.cols ?? DEFAULT_COLS, rows: session.rows ?? DEFAULT_ROWS });

  const sent = useRef(size);
  const onResize = useCallback(
    (cols: number, rows: number) => {
      setSize({ cols, rows });
      if (running) rememberScreenSize(cols, rows);
      if (!running || (sent.current.cols === cols && sent.current.rows === rows)) return;
      sent.current = { cols, rows };
      resizeSession(session.id, cols, rows).catch((reason: Error) => setError(`Resize failed: ${reason.message}`));
    },
    [session.id, running],
  );
  const term = useXterm(host, { cols: size.cols, rows: size.rows, fit: running ? 'panel' : 'rows', onResize });
  // xterm parses writes later: whether the output so far ended a line is tracked here.
  const atLineStart = useRef(true);
  const write = useCallback(
    (chunk: RawChunk) => {
      if (!term || !chunk.text) return;
      term.write(chunk.stream === 'system' ? systemText(chunk.text, atLineStart.current) : chunk.text);
      atLineStart.current = chunk.stream === 'system' || chunk.text.endsWith('\n');
    },
    [term],
  );
  // A long output starts from the screen the server's emulator holds: as the program left it
  // (colours, alternate screen, input modes) when this terminal has its size, else as text. The
  // newest seq is read first: a chunk landing in between is drawn twice, which a full-screen
  // redraw absorbs, rather than missed. Decided once, on opening: a replay under way must not
  // start over as the output grows.
  const [large] = useState(() => session.outputBytes > REPLAY_MAX_BYTES);
  const start = useCallback(async () => {
    if (!term || !large) return 0;
    const { cursor } = await fetcher<LinesPageJson>(`${sessionKey(session.id)}/lines?tail=1`);
    const shown = await readScreen(session.id);
    term.write(shown.cols === term.cols && shown.rows === term.rows ? `\x1b[H\x1b[2J${shown.ansi}` : paintScreen(shown, term.cols));
    return cursor;
  }, [term, large, session.id]);
  const connection = useRawOutput(session.id, term ? start : null, write, onDone);
  const onError = useCallback((message: string) => setError(`Input not sent: ${message}`), []);
  const toggle = useRef<HTMLButtonElement>(null);
  const control = useControl(term, frame, session.id, running, onError, toggle);

  return (
    <div ref={frame} className="flex min-h-0 flex-1 flex-col gap-2">
      <div className="flex flex-wrap items-center gap-2">
        {/* One button whatever the state, so that Esc Esc can hand the keyboard focus back to it. */}
        <Button
          ref={toggle}
          size="sm"
          variant={control.controlling ? 'secondary' : 'outline'}
          className="h-8"
          onClick={control.controlling ? control.release : control.take}
          disabled={!running}
        >
          {control.controlling ? <KeyboardOff aria-hidden /> : <Keyboard aria-hidden />}
          {control.controlling ? 'Release control' : 'Take control'}
        </Button>
        {control.controlling && (
          <p role="status" className="text-sm font-medium text-amber-700 dark:text-amber-400">
            You are typing into this session · Esc Esc to release
          </p>
        )}
        {error && (
          <p role="alert" className="text-destructive text-xs">
            {error}
          </p>
        )}
        <span className="text-muted-foreground ml-auto text-xs tabular-nums" title="The terminal's size in columns × rows">
          {size.cols}×{size.rows}
        </span>
        <ConnectionDot connection={connection} />
      </div>
      <div
        data-testid="screen"
        data-controlling={control.controlling}
        className={cn(
          // Never squeezed to nothing on a small screen: the page scrolls to it instead.
          'relative min-h-64 flex-1 rounded-lg bg-[#0a0a0a] ring-offset-2 ring-offset-background transition-shadow',
          control.controlling ? 'ring-[3px] ring-amber-500' : 'ring-1 ring-border',
        )}
      >
        {/* Inset, not padded: the fit addon sizes the terminal to this element's CSS height and
            width, which with padding (border-box) would count the padding too and cut the last row. */}
        <div ref={host} aria-label="Terminal screen" className={cn('absolute inset-2', running ? 'overflow-hidden' : 'overflow-x-auto overflow-y-hidden')} />
      </div>
    </div>
  );
}
