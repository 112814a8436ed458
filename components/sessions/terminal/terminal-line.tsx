'use client';

import { memo, useMemo } from 'react';
import { decorateSpans, findLinks, type DecoratedSpan, type TextRange } from '@/core/terminal/decorate';
import type { AssembledLine, LineSegment } from '@/core/terminal/lines';
import { renderLine, segmentStates, type SgrState, type Span } from '@/core/terminal/render-line';
import { cn } from '@/lib/utils';
import { VisibleText } from '../visible-text';
import { systemLineFailed } from './system-line';

// stderr is no error (git, curl and npm print progress there): its text looks like stdout's, and
// the line is marked in the gutter. Red is for the console's own lines that say something failed.
const STREAM_CLASS: Record<LineSegment['stream'], string> = {
  stdout: 'text-terminal-fg',
  stderr: 'text-terminal-fg',
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

const MARK_CLASS = {
  // A light tint with an outline: the text keeps its colour and its contrast on the dark terminal.
  match: 'rounded-[2px] bg-yellow-300/25 text-inherit outline outline-1 -outline-offset-1 outline-yellow-300/70',
  current: 'rounded-[2px] bg-orange-400 text-black',
} as const;

function StyledSpan({ span }: { span: DecoratedSpan }) {
  let inner = (
    <span style={spanStyle(span)}>
      <VisibleText text={span.text} />
    </span>
  );
  if (span.match) inner = <mark data-match={span.match} className={MARK_CLASS[span.match]}>{inner}</mark>;
  if (span.href) {
    inner = (
      <a href={span.href} target="_blank" rel="noopener noreferrer" className="underline decoration-1 underline-offset-2 hover:decoration-2">
        {inner}
      </a>
    );
  }
  if (!span.bg) return inner;
  // `background: currentColor` resolves against the element's own colour: keep them apart.
  return <span style={{ backgroundColor: span.bg }}>{inner}</span>;
}

type Decorations = { ranges: readonly TextRange[]; current: boolean };

/**
 * The line's segments as spans (each starting in the state the one before it left, the first in
 * the line's own), cut where search matches and links begin and end.
 */
type SegmentsProps = { segments: LineSegment[]; revision: number; start: SgrState; decorations: Decorations };

function Segments({ segments, revision, start, decorations }: SegmentsProps) {
  // Segments grow in place as output streams in: the revision says when.
  const { rendered, offsets, links } = useMemo(() => {
    const { starts } = segmentStates(segments, start);
    const spans = segments.map((segment, i) => renderLine(segment.text, starts[i]));
    // Where each segment starts in the line's visible text, which matches and links are counted in.
    const texts = spans.map((list) => list.map((span) => span.text).join(''));
    const at = texts.map((_, i) => texts.slice(0, i).reduce((sum, text) => sum + text.length, 0));
    return { rendered: spans, offsets: at, links: findLinks(texts.join('')) };
  }, [segments, revision, start]); // eslint-disable-line react-hooks/exhaustive-deps
  return segments.map((segment, i) => {
    const spans = decorateSpans(rendered[i], offsets[i], decorations.ranges, links, decorations.current);
    const failed = segment.stream === 'system' && systemLineFailed(segment.text);
    return (
      <span key={i} data-stream={segment.stream} data-failed={failed || undefined} className={failed ? 'text-terminal-stderr' : STREAM_CLASS[segment.stream]}>
        {spans.map((span, j) => (
          <StyledSpan key={j} span={span} />
        ))}
      </span>
    );
  });
}

const TIME = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false });

function LineTime({ at }: { at: string | undefined }) {
  if (!at) return <span className="w-[8ch] shrink-0 mr-3 select-none" aria-hidden />;
  const date = new Date(at);
  return (
    <time dateTime={at} title={date.toString()} data-testid="line-time" className="text-terminal-system mr-3 w-[8ch] shrink-0 tabular-nums select-none">
      {TIME.format(date)}
    </time>
  );
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
  /** Where the search in force matches in the line's visible text. */
  ranges?: readonly TextRange[];
  /** The line the search went to. */
  current?: boolean;
  /** The time the line was written, in the gutter. */
  showTime?: boolean;
};

const NO_RANGES: readonly TextRange[] = [];

/** One output line: its number (a link to it) and its text, styled as the terminal showed it. */
export const TerminalLine = memo(function TerminalLine({
  n,
  line,
  revision,
  sgrStart,
  highlighted,
  gutterWidth,
  onNumberClick,
  ranges = NO_RANGES,
  current = false,
  showTime = false,
}: Props) {
  const stderr = line?.segments.some((segment) => segment.stream === 'stderr') ?? false;
  return (
    <div
      data-line={n}
      data-stderr={stderr || undefined}
      className={cn(
        'relative flex min-h-5 items-start',
        stderr && 'bg-amber-300/[0.06]',
        highlighted && 'bg-yellow-400/15 ring-1 ring-yellow-400/40 ring-inset',
      )}
    >
      {stderr && <span title="stderr" className="absolute inset-y-0 left-0 w-[3px] bg-amber-400/80" aria-hidden />}
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
      {showTime && <LineTime at={line?.at} />}
      <span className="min-w-0 flex-1 break-all whitespace-pre-wrap">
        {line === undefined ? (
          <span className="text-terminal-system/40">…</span>
        ) : line.dropped ? (
          <span className="text-terminal-system/50 italic">(dropped: over the output cap)</span>
        ) : (
          <Segments segments={line.segments} revision={revision} start={sgrStart} decorations={{ ranges, current }} />
        )}
        {line?.truncated ? (
          <span className="text-terminal-system italic"> … {line.truncated.toLocaleString()} more characters (download to see all)</span>
        ) : null}
      </span>
    </div>
  );
});
