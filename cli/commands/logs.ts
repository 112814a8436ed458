import { MAX_LINES_PAGE, MAX_OUTPUT_PAGE } from '@/core/contract';
import { countOption, oneId, parseOptions } from '../args';
import type { Context } from '../context';
import { followToEnd, writeChunk } from '../output';

export const help = `Usage: active-sessions logs ID [--follow] [--tail N] [--json]

Prints a session's output from the start (stdout to stdout, stderr and the console's own lines
to stderr) and exits 0.

Options:
  -f, --follow   then keep printing as it arrives, until the session ends; exit with its code
  --tail N       only the last N lines (at most ${MAX_LINES_PAGE}), as plain text
  --json         one JSON object per line: the output's chunks (with --tail, its lines)
  -h, --help     show this help
`;

export type LogsOptions = { id: string; follow: boolean; tail?: number; json: boolean };

export function parse(argv: string[]): LogsOptions {
  const { values, positionals } = parseOptions(
    argv,
    { follow: { type: 'boolean', short: 'f' }, tail: { type: 'string' }, json: { type: 'boolean' } },
    { positionals: true },
  );
  return {
    id: oneId(positionals),
    follow: values.follow ?? false,
    tail: countOption('tail', values.tail, 1, MAX_LINES_PAGE),
    json: values.json ?? false,
  };
}

/**
 * The last lines as text, each part where writeChunk puts it (stdout to stdout, stderr and the
 * console's own lines to stderr, a line's end with its last part); answers the cursor to follow on from.
 */
async function printTail(context: Context, id: string, tail: number, json: boolean): Promise<number> {
  const page = await context.client.readLines(id, { tail });
  for (const line of page.lines) {
    if (json) {
      context.stdout.write(`${JSON.stringify(line)}\n`);
      continue;
    }
    if (line.segments.length === 0) context.stdout.write('\n');
    line.segments.forEach((segment, i) => {
      const end = i === line.segments.length - 1 ? '\n' : '';
      (segment.stream === 'stdout' ? context.stdout : context.stderr).write(`${segment.text}${end}`);
    });
  }
  return page.cursor;
}

/** Everything stored so far, page by page; a running session's newer output is left to --follow. */
async function printAll(context: Context, id: string, json: boolean): Promise<void> {
  for (let after = 0; ; ) {
    const page = await context.client.readOutput(id, { after, limit: MAX_OUTPUT_PAGE });
    for (const chunk of page.chunks) writeChunk(context, chunk, json);
    if (page.done || page.chunks.length < MAX_OUTPUT_PAGE) return;
    after = page.next;
  }
}

export async function run({ id, follow, tail, json }: LogsOptions, context: Context): Promise<number> {
  if (tail !== undefined) {
    const cursor = await printTail(context, id, tail, json);
    return follow ? followToEnd(context, id, { after: cursor, json }) : 0;
  }
  if (follow) return followToEnd(context, id, { json });
  await printAll(context, id, json);
  return 0;
}
