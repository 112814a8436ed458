import { cn } from '@/lib/utils';
import { sparklinePath, type SeriesPoint } from './sparkline-path';

const WIDTH = 120;
const HEIGHT = 28;

/**
 * A series as a small line over a tinted area, hand-drawn in SVG: it stretches to its box (the
 * stroke keeps its width) and takes its colour from the text colour.
 */
export function Sparkline({ points, max, label, className }: { points: SeriesPoint[]; max: number; label: string; className?: string }) {
  const { line, area } = sparklinePath(points, WIDTH, HEIGHT, max);
  return (
    <svg
      viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
      preserveAspectRatio="none"
      role="img"
      aria-label={label}
      className={cn('block h-7 w-full overflow-visible', className)}
    >
      <path d={area} className="fill-current opacity-15" />
      <path d={line} fill="none" stroke="currentColor" strokeWidth={1.5} strokeLinejoin="round" vectorEffect="non-scaling-stroke" />
    </svg>
  );
}
