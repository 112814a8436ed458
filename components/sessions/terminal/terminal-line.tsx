'use client';

import { memo, useMemo } from 'react';
import type { AssembledLine, LineSegment } from '@/core/terminal/lines';
import { renderLine, segmentStates, type SgrState, type Span } from '@/core/terminal/render-line';
import { cn } from '@/lib/utils';
import { VisibleText } from '../visible-text';

const STREAM_CLASS: Record<LineSegment['stream'], string> = {
  stdout: 'text-terminal-fg',
  stderr: 'text-terminal-stderr',
  system: 'text-terminal-system italic',
};

function spanStyle(span: Span): React.CSSProperties {
  return {
    color: span.fg,
    fontWeight: span.bold ? 700 : undefined,
    opacity: span.dim ? 0.65 : undefined,
    fontStyle: span.italic ? 'italic' : undefined,
    textDecoration: [span.underline && 'underline', span.strike && 'line-through'].filter(Boolean).join(' ') || undefined,
  };
}

function StyledSpan({ span }: { span: Span }) {
  const inner = (
    <span style={spanStyle(span)}>
      <VisibleText text={span.text} />
    </span>
  );
  if (!span.bg) return inner;
  // `background: currentColor` resolves against the element's own colour: keep them apart.
  return <span style={{ backgroundColor: span.bg }}>{inner}</span>;
}

function Segment({ segment, start }: { segment: LineSegment; start: SgrState }) {
  const spans = useMemo(() => renderLine(segment.text, start), [segment.text, start]);
  return (
    <span data-stream={segment.stream} className={STREAM_CLASS[segment.stream]}>
      {spans.map((span, i) => (
        <StyledSpan key={i} span={span} />
      ))}
    </span>
  );
}

/** Each segment starts in the state the one before it left, the first in the line's own. */
function Segments({ segments, start }: { segments: LineSegment[]; start: SgrState }) {
  const { starts } = segmentStates(segments, start);
  return segments.map((segment, i) => <Segment key={i} segment={segment} start={starts[i]} />);
}

type Props = {
  n: number;
  line: AssembledLine | undefined;
  /** Changes whenever the line grows: lines are extended in place as output streams in. */
  revision: number;
  /** The colours in force where the line starts, left by the lines above it. */
  sgrStart: SgrState;
  highlighted: boolean;
  gutterWidth: number;
  onNumberClick: (n: number) => void;
};

/** One output line: its number (a link to it) and its text, styled as the terminal showed it. */
export const TerminalLine = memo(function TerminalLine({ n, line, sgrStart, highlighted, gutterWidth, onNumberClick }: Props) {
  return (
    <div
      data-line={n}
      className={cn('flex min-h-5 items-start', highlighted && 'bg-yellow-400/15 ring-1 ring-yellow-400/40 ring-inset')}
    >
      <a
        href={`#L${n}`}
        onClick={(event) => {
          event.preventDefault();
          onNumberClick(n);
        }}
        aria-label={`Line ${n}`}
        className="text-terminal-system/60 hover:text-terminal-system shrink-0 pr-4 pl-2 text-right tabular-nums select-none"
        style={{ width: `calc(${gutterWidth + 2}ch + 0.5rem)` }}
      >
        {n}
      </a>
      <span className="min-w-0 flex-1 break-all whitespace-pre-wrap">
        {line === undefined ? (
          <span className="text-terminal-system/40">…</span>
        ) : line.dropped ? (
          <span className="text-terminal-system/50 italic">(dropped: over the output cap)</span>
        ) : (
          <Segments segments={line.segments} start={sgrStart} />
        )}
        {line?.truncated ? (
          <span className="text-terminal-system italic"> … {line.truncated.toLocaleString()} more characters (download to see all)</span>
        ) : null}
      </span>
    </div>
  );
});
