// How the time to render one line of output grows with its length: a coloured line full of tabs,
// then a carriage return and a short text (what progress bars print), at 10,000 and at 100,000
// characters, the best of five runs each, in this process. Ten times the length takes about ten
// times as long when rendering is linear, a hundred times when it is quadratic.

import { performance } from 'node:perf_hooks';
import { tsImport } from 'tsx/esm/api';

const UNIT = '\x1b[32m✓\x1b[39m ok \x1b[2mdim\x1b[22m\t';
const lineOf = (chars) => UNIT.repeat(Math.ceil(chars / UNIT.length)) + '\rSTART';

export async function renderGrowth() {
  const { renderLine } = await tsImport('../core/terminal/render-line.ts', import.meta.url);
  const bestMs = (line) =>
    Math.min(
      ...Array.from({ length: 5 }, () => {
        const start = performance.now();
        const spans = renderLine(line);
        const ms = performance.now() - start;
        // The carriage return took the cursor back: START overwrites the line's first characters.
        if (spans[0]?.text !== 'START') throw new Error(`the line began ${JSON.stringify(spans.slice(0, 3))}`);
        return ms;
      }),
    );
  const smallMs = bestMs(lineOf(10_000));
  const largeMs = bestMs(lineOf(100_000));
  return { smallMs, largeMs, ratio: largeMs / Math.max(smallMs, 0.05) };
}
