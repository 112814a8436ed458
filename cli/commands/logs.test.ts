import { describe, expect, it } from 'vitest';
import type { ActiveSessionsClient } from '@/client';
import type { LinesPageJson } from '@/core/contract';
import type { Context } from '../context';
import { run } from './logs';

type Segments = LinesPageJson['lines'][number]['segments'];
const line = (n: number, segments: Segments) => ({ n, segments }) as unknown as LinesPageJson['lines'][number];

/** A context whose client answers any tail with these lines, and whose two outputs are kept. */
function withLines(lines: LinesPageJson['lines']) {
  const written = { stdout: '', stderr: '' };
  const client = { readLines: async () => ({ lines, cursor: 42 }) as unknown as LinesPageJson } as unknown as ActiveSessionsClient;
  const context = {
    client,
    stdout: { write: (text: string) => (written.stdout += text) },
    stderr: { write: (text: string) => (written.stderr += text) },
  } as unknown as Context;
  return { context, written };
}

describe('logs --tail', () => {
  it('writes stdout to stdout, stderr and the console’s own lines to stderr, as plain logs does', async () => {
    const { context, written } = withLines([
      line(1, [{ stream: 'stdout', text: 'hello' }]),
      line(2, [{ stream: 'stderr', text: 'err' }]),
      line(3, []),
      line(4, [
        { stream: 'stdout', text: 'half ' },
        { stream: 'stderr', text: 'and half' },
      ]),
      line(5, [{ stream: 'system', text: 'exited with code 3' }]),
    ]);
    expect(await run({ id: 's1', follow: false, tail: 5, json: false }, context)).toBe(0);
    expect(written).toEqual({ stdout: 'hello\n\nhalf ', stderr: 'err\nand half\nexited with code 3\n' });
  });
});
