import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { outputFolder } from '@/store/output-files';
import { outputBytes, readLines } from '@/store/output-read';
import { getSession } from '@/store/queries';
import { outputEventStream } from './output-stream';
import { addChunkToLines, MAX_LINE_CHARS, type AssembledLine } from '@/core/terminal/lines';
import { plainText } from '@/core/terminal/render-line';
import { launchSession, stopAllSessionsSync } from '@/host/runner';
import { allChunks, textOf, until, useTempDatabase, waitForEnd } from './testing/helpers';

beforeAll(() => {
  useTempDatabase();
});
afterAll(() => stopAllSessionsSync(100));

const lineTexts = (page: ReturnType<typeof readLines>) =>
  page!.lines.map((line) => [line.n, line.segments.map((s) => s.text).join('')]);

describe('lines', () => {
  it('numbers lines across chunks and streams, and reads any range or the tail', async () => {
    const command = "printf 'one\\ntw'; sleep 0.1; printf 'o\\nthree\\n'; sleep 0.1; echo four >&2; printf 'partial'";
    const ended = await waitForEnd(launchSession({ command }).id);
    // The closing system line starts a line of its own after the unfinished 'partial'.
    expect(ended.lineCount).toBe(6);
    const all = readLines({ id: ended.id, from: 0, to: 100 })!;
    expect(all.totalLines).toBe(6);
    expect(lineTexts(all)).toEqual([
      [1, 'one'],
      [2, 'two'],
      [3, 'three'],
      [4, 'four'],
      [5, 'partial'],
      [6, 'exited with code 0'],
    ]);
    expect(all.lines[3].segments[0].stream).toBe('stderr');
    expect(lineTexts(readLines({ id: ended.id, from: 1, to: 2 }))).toEqual([
      [2, 'two'],
      [3, 'three'],
    ]);
    expect(lineTexts(readLines({ id: ended.id, tail: 2 }))[0][0]).toBeGreaterThanOrEqual(4);
    expect(readLines({ id: ended.id, from: 50, to: 60 })!.lines).toEqual([]);
    expect(readLines({ id: 'nope', tail: 5 })).toBeUndefined();
  });

  it('reads the tail of a 200,000-line session from the index, not the whole output', async () => {
    const ended = await waitForEnd(launchSession({ command: 'seq 1 200000' }).id, 30_000);
    const tail = readLines({ id: ended.id, tail: 3 })!;
    expect(tail.totalLines).toBe(200_001);
    expect(lineTexts(tail)).toEqual([
      [199_999, '199999'],
      [200_000, '200000'],
      [200_001, 'exited with code 0'],
    ]);
    expect(lineTexts(readLines({ id: ended.id, from: 99_999, to: 100_000 }))).toEqual([
      [100_000, '100000'],
      [100_001, '100001'],
    ]);
  });
});

describe('a progress bar redrawn with \\r', () => {
  it('shows its newest state however long the line has grown, stored or streamed', async () => {
    const command = 'for i in $(seq 1 6000); do printf "\\rprogress %d/6000 [=====>     ]" $i; done; echo; echo fin';
    const ended = await waitForEnd(launchSession({ command }).id, 30_000);
    const [bar, fin] = readLines({ id: ended.id, from: 0, to: 1 })!.lines;
    const shown = plainText(bar.segments.map((segment) => segment.text).join(''));
    expect(shown).toBe('progress 6000/6000 [=====>     ]');
    expect(bar.truncated).toBeUndefined();
    expect(lineTexts({ lines: [fin] } as never)).toEqual([[2, 'fin']]);

    // The browser builds the same line chunk by chunk as they stream in.
    const streamed = new Map<number, AssembledLine>();
    for (const chunk of allChunks(ended.id)) {
      addChunkToLines(streamed, { ...chunk, lineStart: 0, newlines: 0, text: chunk.text.split('\n')[0] });
      if (chunk.text.includes('\n')) break;
    }
    expect(plainText(streamed.get(0)!.segments.map((segment) => segment.text).join(''))).toBe('progress 6000/6000 [=====>     ]');
  });
});

describe('a huge single line', () => {
  it('is shown cut at the line limit, with the rest counted, without reading all its text', async () => {
    const ended = await waitForEnd(launchSession({ command: "head -c 30000000 /dev/zero | tr '\\0' z" }).id, 30_000);
    const page = readLines({ id: ended.id, from: 0, to: 0 })!;
    const [line] = page.lines;
    expect(line.n).toBe(1);
    const shown = line.segments.map((segment) => segment.text).join('');
    expect(shown.length).toBe(MAX_LINE_CHARS);
    expect(/^z+$/.test(shown)).toBe(true);
    expect(shown.length + line.truncated!).toBeGreaterThan(29_000_000);
  });
});

describe('output files', () => {
  it('give Download the exact bytes the command wrote, binary and both streams, without the console lines', async () => {
    const command = "printf 'bin\\377\\376\\000\\n'; sleep 0.1; printf 'err\\r\\n' >&2; sleep 0.1; printf 'no newline'";
    const ended = await waitForEnd(launchSession({ command }).id);
    const expected = Buffer.concat([Buffer.from('bin'), Buffer.from([0xff, 0xfe, 0x00, 0x0a]), Buffer.from('err\r\nno newline')]);
    expect(Buffer.concat([...outputBytes(ended.id)]).equals(expected)).toBe(true);
    expect(ended.outputBytes).toBe(expected.length);
    expect(textOf(ended.id)).toBe('bin\ufffd\ufffd\u0000\nerr\r\nno newline\nexited with code 0\n');
  });

  it('decode a character the other stream interrupted whole', async () => {
    const command = "printf '\\342\\202'; sleep 0.1; printf X >&2; sleep 0.1; printf '\\254\\n'";
    const ended = await waitForEnd(launchSession({ command }).id);
    expect(textOf(ended.id, 'stdout')).toBe('€\n');
    expect(textOf(ended.id, 'stderr')).toBe('X');
  });
});

describe('the output cap', () => {
  it('keeps the head and the tail, drops the middle, and says how much', async () => {
    process.env.MAX_OUTPUT_BYTES = String(1024 * 1024);
    try {
      const ended = await waitForEnd(launchSession({ command: 'seq 1 1000000' }).id, 30_000);
      expect(ended.status).toBe('completed');
      expect(ended.outputBytes).toBe(6_888_896);
      expect(ended.droppedBytes).toBeGreaterThan(5_500_000);
      const text = textOf(ended.id);
      expect(text.startsWith('1\n2\n3\n')).toBe(true);
      expect(text).toMatch(/\[… [\d.]+ MiB of output dropped here: over MAX_OUTPUT_BYTES, the head and the tail are kept …\]\n/);
      expect(text.endsWith('999999\n1000000\nexited with code 0\n')).toBe(true);
      expect(Buffer.byteLength(text)).toBeLessThan(1.1 * 1024 * 1024);
      // The dropped middle is gone from the disk too, not only from the index: the files keep their
      // offsets (the command may still be appending) and give the blocks back (a sparse file).
      const folder = outputFolder(ended.id);
      const allocated = () => readdirSync(folder).reduce((sum, file) => sum + statSync(path.join(folder, file)).blocks * 512, 0);
      await until(() => allocated() < 1.2 * 1024 * 1024, 10_000, 'the dropped middle to be given back to the disk');
      expect(statSync(path.join(folder, '0.out')).size).toBe(6_888_896);
      expect(Buffer.concat([...outputBytes(ended.id)]).toString()).toBe(text.replace(/exited with code 0\n$/, ''));
      // Line numbers stay true after the gap.
      const tail = readLines({ id: ended.id, tail: 2 })!;
      expect(tail.lines[0]).toMatchObject({ n: 1_000_000, segments: [{ text: '1000000' }] });
    } finally {
      delete process.env.MAX_OUTPUT_BYTES;
    }
  });
});

describe('the live stream', () => {
  async function collect(stream: ReadableStream<Uint8Array>) {
    const decoder = new TextDecoder();
    let text = '';
    for await (const part of stream as unknown as AsyncIterable<Uint8Array>) text += decoder.decode(part, { stream: true });
    return text;
  }

  it('sends chunks as SSE events with their seq as id, then end, then closes', async () => {
    const session = launchSession({ command: 'echo first; sleep 0.3; echo second' });
    const text = await collect(outputEventStream(session.id, 0, new AbortController().signal));
    const events = text.split('\n\n').filter((event) => event.includes('event: chunk'));
    expect(events.map((event) => JSON.parse(event.split('data: ')[1]).text)).toEqual(['first\n', 'second\n', 'exited with code 0\n']);
    const ids = events.map((event) => Number(/^id: (\d+)/m.exec(event)![1]));
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    expect(text.trim().endsWith('event: end\ndata: {}')).toBe(true);

    const resumed = await collect(outputEventStream(session.id, ids[0], new AbortController().signal));
    expect(resumed).not.toContain('first');
    expect(resumed).toContain('second');
  });

  it('is woken by the news of a line, not by its heartbeat, and frees itself on abort', async () => {
    const session = launchSession({ command: 'sleep 0.5; echo ping; sleep 30' });
    const abort = new AbortController();
    const reader = outputEventStream(session.id, 0, abort.signal).getReader();
    const decoder = new TextDecoder();
    let received = '';
    while (!received.includes('ping')) received += decoder.decode((await reader.read()).value);
    // The heartbeat comes every 15 s: seconds less means the line's news woke the stream (the live
    // latency itself is the benchmark's to measure).
    const latency = Date.now() - getSession(session.id)!.startedAt!.getTime() - 500;
    expect(latency).toBeLessThan(5000);
    abort.abort();
    expect((await reader.read()).done).toBe(true);
  });
});
