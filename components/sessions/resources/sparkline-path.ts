/** One point of a series: a time (ms) and its value. */
export type SeriesPoint = { at: number; value: number };

/**
 * The SVG path of a sparkline in a `width` × `height` box: x by time (so a history thinned out for
 * a long session keeps its shape), y from 0 at the bottom to `max` at the top. `line` is the
 * stroke, `area` the same closed down to the baseline, for the fill. A single point is drawn flat
 * across the box; none, as nothing.
 */
export function sparklinePath(points: SeriesPoint[], width: number, height: number, max: number): { line: string; area: string } {
  if (points.length === 0) return { line: '', area: '' };
  const first = points[0].at;
  const span = points[points.length - 1].at - first;
  const top = max > 0 ? max : 1;
  const y = (value: number) => round(height - (Math.min(Math.max(value, 0), top) / top) * height);
  const coordinates =
    span > 0
      ? points.map((point) => [round(((point.at - first) / span) * width), y(point.value)])
      : [
          [0, y(points[0].value)],
          [width, y(points[0].value)],
        ];
  const line = coordinates.map(([px, py], i) => `${i === 0 ? 'M' : 'L'}${px} ${py}`).join(' ');
  const area = `${line} L${coordinates[coordinates.length - 1][0]} ${height} L${coordinates[0][0]} ${height} Z`;
  return { line, area };
}

const round = (value: number) => Math.round(value * 10) / 10;
