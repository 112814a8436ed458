import { appendFileSync, closeSync } from 'node:fs';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { LINE_WINDOW, LineScreen } from '@/core/terminal/line-screen';
import { plainText } from '@/core/terminal/render-line';
import { until, useTempDatabase, waitForEnd } from '@/lib/testing/helpers';
import { xtermLines } from '@/lib/testing/xterm';
import { OUTPUT_FILES, openOutputFiles, segmentFile } from '@/store/output-files';
import { indexedEnds, outputBytes, readLines, readOutput } from '@/store/output-read';
import { appendOutput } from '@/store/output-write';
import { insertSession } from '@/store/queries';
import { OutputCapture } from './output-capture';
import { launchSession, resizeTerminal, sendInput, stopAllSessionsSync } from './runner';

beforeAll(() => {
  useTempDatabase();
});

let sessions = 0;
const open: OutputCapture[] = [];
afterEach(() => {
  open.splice(0).forEach((capture) => capture.dispose());
  vi.restoreAllMocks();
});
afterAll(() => stopAllSessionsSync(100));

/** A session whose output is indexed into the store by a capture, and a way to write it piece by piece. */
function session() {
  const id = `window-${++sessions}`;
  insertSession({ id, name: id, command: 'test', cwd: '/', status: 'running', createdAt: new Date() });
  const files = openOutputFiles(id);
  closeSync(files.stdout);
  closeSync(files.stderr);
  const follow = () => {
    const capture = new OutputCapture({ sessionId: id, persist: (entries) => (appendOutput(id, entries).stored ? 'written' : 'failed'), flushIntervalMs: 1 });
    open.push(capture);
    capture.start(indexedEnds(id));
    return capture;
  };
  let written = 0;
  /** Writes one piece and waits until it is indexed, so that each piece is a read of its own. */
  const write = async (text: string) => {
    appendFileSync(segmentFile(id, OUTPUT_FILES.stdout), text);
    written += Buffer.byteLength(text);
    await until(() => indexedEnds(id).get(OUTPUT_FILES.stdout) === written, 5000, 'the piece to be indexed');
  };
  const shown = () => {
    const page = readLines({ id, from: 0, to: 100_000 })!;
    return { total: page.totalLines, numbers: page.lines.map((line) => line.n), lines: page.lines.map((line) => line.segments.map((s) => plainText(s.text)).join('').trimEnd()) };
  };
  return { id, follow, write, shown };
}

const bars = (frame: number) =>
  [0, 1, 2].map((i) => `\x1b[2K\x1b[3${i + 1}mbar ${i}\x1b[0m ${'#'.repeat(frame * (i + 1))}${' '.repeat(30 - frame * (i + 1))} ${frame * (i + 1) * 10}%\n`).join('');

describe('the Log view shows what a terminal would', () => {
  it('stores the lines as shown where output moves the cursor between lines, and the raw bytes for Download', async () => {
    const { id, follow, write, shown } = session();
    follow();
    const pieces = ['building\n', 'step 1 running\n', '\x1b[1A\x1b[2Kstep 1 done\n', bars(0)];
    for (let frame = 1; frame <= 3; frame++) pieces.push(`\x1b[3A${bars(frame)}`);
    pieces.push('after the bars\n', 'almost\x1b[1A\r', '\x1b[2Kstep 2 ', 'done\n', '\n');
    for (const piece of pieces) await write(piece);
    const output = pieces.join('');
    const { lines, numbers, total } = shown();
    expect(lines).toEqual(await xtermLines(output));
    expect(lines.slice(0, 2)).toEqual(['building', 'step 1 done']);
    expect(numbers).toEqual(lines.map((_, i) => i + 1));
    expect(total).toBe(lines.length);
    // Download and /output keep the exact bytes; /output says the lines as shown beside them.
    expect(Buffer.concat([...outputBytes(id)]).toString()).toBe(output);
    const chunks = readOutput({ id, after: 0, limit: 1000 })!.chunks;
    expect(chunks.map((chunk) => chunk.text).join('')).toBe(output);
    expect(chunks.find((chunk) => chunk.text.startsWith('\x1b[1A'))?.shown).toMatch(/step 1 done/);
  });

  it('reads any range of lines as shown, and only lines in the window are renumbered', async () => {
    const { id, follow, write, shown } = session();
    follow();
    const head = Array.from({ length: LINE_WINDOW + 100 }, (_, i) => `line ${i + 1}\n`).join('');
    await write(head);
    // Up further than the window reaches: the cursor stops at its top, older lines stay as they were.
    await write(`\x1b[${LINE_WINDOW + 50}A\x1b[J`);
    await write('rewritten\n');
    const { lines, total } = shown();
    // The cursor's highest row is the window's top: line 102, 500 lines above the cursor's row.
    expect(lines).toEqual(await xtermLines(`${head}\x1b[${LINE_WINDOW + 50}A\x1b[Jrewritten\n`));
    expect(total).toBe(102);
    expect(lines.slice(0, 101)).toEqual(Array.from({ length: 101 }, (_, i) => `line ${i + 1}`));
    expect(lines[101]).toBe('rewritten');
    expect(readLines({ id, from: 100, to: 200 })!.lines.map((line) => plainText(line.segments[0].text))).toEqual(['line 101', 'rewritten']);
    expect(readLines({ id, tail: 1 })!.lines[0].n).toBe(102);
  });

  it('a host that takes the session over goes on from the lines as shown', async () => {
    const { follow, write, shown } = session();
    const first = follow();
    await write('keep\nstep 1 running\n');
    first.dispose();
    follow();
    await write('\x1b[1A\x1b[2Kstep 1 done\nnext\n');
    expect(shown().lines).toEqual(['keep', 'step 1 done', 'next']);
  });

  it('plain output takes the fast path: nothing is decoded or emulated until the cursor moves between lines', async () => {
    const feed = vi.spyOn(LineScreen.prototype, 'feed');
    const decode = vi.spyOn(Buffer.prototype, 'toString');
    const { follow, write, shown } = session();
    follow();
    for (let i = 0; i < 5; i++) await write(Array.from({ length: 400 }, (_, j) => `plain ${i}.${j} 50%\r100%\n`).join(''));
    expect(feed).not.toHaveBeenCalled();
    expect(decode.mock.contexts.some((buffer) => (buffer as Buffer).includes('plain'))).toBe(false);
    // Colours and in-line moves are decoded to look for movement between lines, still not emulated.
    await write('\x1b[32mgreen\x1b[0m \x1b[2Kcleared\n');
    expect(feed).not.toHaveBeenCalled();
    await write('\x1b[1A\x1b[2Krewritten\n');
    expect(feed).toHaveBeenCalled();
    const { lines, total } = shown();
    expect(total).toBe(2001);
    expect(lines[1999]).toBe('100%n 4.399 50%');
    expect(lines[2000]).toBe('rewritten');
  });

  it('a session that ends with its cursor moved up keeps its lines as shown, the console\'s line after the last', async () => {
    const command = "printf 'step 1 running\\n'; printf '\\033[1A\\033[2Kstep 1 done\\nbar 0\\nbar 1\\n\\033[2A'";
    const ended = await waitForEnd(launchSession({ command }).id);
    const read = () => readLines({ id: ended.id, from: 0, to: 100 })!;
    const texts = read().lines.map((line) => [line.n, line.segments.map((s) => plainText(s.text)).join('')]);
    expect(texts).toEqual([
      [1, 'step 1 done'],
      [2, 'bar 0'],
      [3, 'bar 1'],
      [4, 'exited with code 0'],
    ]);
    expect(read().totalLines).toBe(4);
  });

  it("a terminal session's cursor positions count from the top of its screen, not of the window", async () => {
    // Eight lines on a 4-row screen leave "line 6" at its top (the cursor is on the empty line below "line 8").
    const command = "for i in 1 2 3 4 5 6 7 8; do echo line $i; done; printf '\\033[Htop\\033[4;1H'";
    const ended = await waitForEnd(launchSession({ command, tty: true, cols: 40, rows: 4 }).id);
    const texts = readLines({ id: ended.id, from: 0, to: 100 })!.lines.map((line) => line.segments.map((s) => plainText(s.text)).join(''));
    expect(texts.slice(0, 8)).toEqual(['line 1', 'line 2', 'line 3', 'line 4', 'line 5', 'tope 6', 'line 7', 'line 8']);
  });

  it('a full-screen program leaves no lines: what it drew on the alternate screen is not output, in the store either', async () => {
    const command = "printf 'before\\n\\033[?1049h\\033[H'; sleep 0.2; printf 'junk line\\n~\\n'; sleep 0.2; printf '\\033[?1049lafter\\n'";
    for (const tty of [false, true]) {
      const ended = await waitForEnd(launchSession({ command, tty, cols: 40, rows: 10 }).id);
      const texts = readLines({ id: ended.id, from: 0, to: 100 })!.lines.map((line) => line.segments.map((s) => plainText(s.text)).join(''));
      expect(texts, tty ? 'terminal' : 'pipe').toEqual(['before', 'after', 'exited with code 0']);
    }
  });

  it('after a resize, cursor positions count from the top of the new screen', async () => {
    // Eight lines and the echoed Enter put the cursor on line 10: the top of 8 rows is "line 3" (of 4 rows, "line 7").
    const command = "for i in 1 2 3 4 5 6 7 8; do echo line $i; done; read go; printf '\\033[Htop\\033[9;1H'";
    const { id } = launchSession({ command, tty: true, cols: 40, rows: 4 });
    const texts = () => readLines({ id, from: 0, to: 100 })!.lines.map((line) => line.segments.map((s) => plainText(s.text)).join(''));
    await until(() => texts().includes('line 8'), 10_000, 'the eight lines');
    await resizeTerminal(id, { cols: 40, rows: 8 });
    sendInput(id, '\r');
    await waitForEnd(id);
    expect(texts().slice(0, 8)).toEqual(['line 1', 'line 2', 'tope 3', 'line 4', 'line 5', 'line 6', 'line 7', 'line 8']);
  });
});
