import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { shownLines, xtermLines } from '@/lib/testing/xterm';
import { addChunkToLines, countNewlines, type AssembledLine } from './lines';
import { LINE_WINDOW, LineScreen, needsScreen } from './line-screen';
import { plainText } from './render-line';

/**
 * The lines as the store assembles them from what the host indexes: chunks without movement
 * between lines appended as they are, the others as the screen's replacing lines.
 */
function assemble(chunks: string[], rows?: number): { lines: string[]; total: number; replacing: number } {
  const screen = new LineScreen(0, { rows });
  const lines = new Map<number, AssembledLine>();
  let replacing = 0;
  for (const text of chunks) {
    if (!needsScreen(screen, text)) {
      addChunkToLines(lines, { stream: 'stdout', text, lineStart: screen.lineCount, newlines: countNewlines(text) });
      screen.feed(text);
      screen.takeChanges();
    } else {
      screen.feed(text);
      const shown = screen.takeChanges();
      replacing++;
      addChunkToLines(lines, { stream: 'stdout', ...shown, newlines: countNewlines(shown.text), replaces: true });
    }
    screen.trim();
  }
  const total = screen.lineCount + (screen.atLineStart ? 0 : 1);
  // What the store counts: its lines, and one more for a last line without its newline.
  expect(total).toBe(lines.size === 0 ? 0 : Math.max(...lines.keys()) + (lines.get(Math.max(...lines.keys()))?.segments.length ? 1 : 0));
  const shown: string[] = [];
  for (let n = 0; n < total; n++) shown.push((lines.get(n)?.segments ?? []).map((segment) => plainText(segment.text)).join(''));
  return { lines: shownLines(shown), total, replacing };
}

/** The output cut into pieces of `size` characters: reads end anywhere, in escape sequences too. */
function pieces(output: string, size: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < output.length; i += size) out.push(output.slice(i, i + size));
  return out;
}

const bar = (done: number, width = 20) => `[${'#'.repeat(Math.round((done / 100) * width)).padEnd(width, '.')}] ${String(done).padStart(3)}%`;

/** Three bars drawn, then redrawn from below with ESC[3A, as docker-compose and cargo do. */
function threeBars(frames: number): string {
  let out = 'fetching 3 layers\n';
  for (let frame = 0; frame <= frames; frame++) {
    if (frame > 0) out += '\x1b[3A';
    for (let i = 0; i < 3; i++) out += `\x1b[2K\x1b[32mlayer ${i}\x1b[0m ${bar(Math.min(100, frame * (i + 1) * 10))}\n`;
  }
  return `${out}all layers fetched\n`;
}

/** `docker pull`: each layer's line is reached by moving up to it and back down. */
function dockerPull(): string {
  const layers = ['a1b2c3', 'd4e5f6', '0718aa', 'bbccdd'];
  let out = 'latest: Pulling from library/node\n';
  for (const layer of layers) out += `${layer}: Pulling fs layer\n`;
  const update = (index: number, text: string) => {
    const up = layers.length - index;
    return `\x1b[${up}A\x1b[2K\r${layers[index]}: ${text}\r\x1b[${up}B`;
  };
  for (let step = 1; step <= 5; step++) {
    for (let i = 0; i < layers.length; i++) out += update(i, `Downloading [${'='.repeat(step * 8)}>${' '.repeat(40 - step * 8)}]  ${step * 7}.${i}MB/35MB`);
  }
  for (let i = 0; i < layers.length; i++) out += update(i, 'Pull complete');
  return `${out}Digest: sha256:0123abcd\nStatus: Downloaded newer image for node:latest\n`;
}

/** apt and dpkg: a percentage redrawn with \r, then a status line saved and restored. */
function aptProgress(): string {
  let out = 'Reading package lists... 0%';
  for (let p = 10; p <= 100; p += 30) out += `\rReading package lists... ${p}%`;
  out += '\rReading package lists... Done\n';
  out += 'Setting up curl (8.5.0-2) ...\n';
  out += '\x1b7\x1b[1A\x1b[2KSetting up curl (8.5.0-2) ... ok\x1b8';
  for (let p = 0; p <= 100; p += 25) out += `\x1b[s\rProgress: [${String(p).padStart(3)}%] [${'#'.repeat(p / 5).padEnd(20, '.')}]\x1b[u`;
  out += '\r\x1b[KProcessing triggers for man-db\n';
  return out;
}

/** A step list whose lines are rewritten in place when each step ends. */
function steps(): string {
  let out = '';
  for (let step = 1; step <= 3; step++) {
    out += `step ${step} running\n`;
    out += `\x1b[1A\x1b[2Kstep ${step} done\n`;
  }
  return `${out}\x1b[1mall 3 steps done\x1b[0m\n`;
}

/** tqdm's nested bars: each drawn on its own line below, the cursor brought back up each time. */
function tqdmNested(): string {
  let out = '';
  for (let i = 0; i <= 4; i++) {
    out += `\router: ${bar(i * 25)}`;
    for (let j = 0; j <= 2; j++) out += `\n\rinner: ${bar(j * 50)}\x1b[A\router: ${bar(i * 25)}`;
  }
  return `${out}\n\n`;
}

const fixtures: Record<string, () => string> = {
  'rich progress (captured from pip\'s vendored rich, see fixtures/rich-progress.py)': () =>
    readFileSync(path.join(import.meta.dirname, 'fixtures/rich-progress.out'), 'utf8'),
  'three bars redrawn with ESC[3A': () => threeBars(10),
  'docker pull': dockerPull,
  'apt progress with CR, save and restore': aptProgress,
  '"step 1 running" becomes "step 1 done"': steps,
  'tqdm nested bars': tqdmNested,
};

describe('line assembly with cursor movement, against xterm', () => {
  for (const [name, make] of Object.entries(fixtures)) {
    it(`${name}: the lines as shown are xterm's, however the output is cut into reads`, async () => {
      const output = make();
      const expected = await xtermLines(output);
      for (const size of [output.length, 4096, 97, 13, 5, 1]) expect(assemble(pieces(output, size)).lines, `reads of ${size}`).toEqual(expected);
    });
  }

  it('rich progress under a pseudo-terminal (the same script run by `script`, which says \\r\\n)', async () => {
    const output = readFileSync(path.join(import.meta.dirname, 'fixtures/rich-progress-tty.out'), 'utf8');
    const expected = await xtermLines(output, { convertEol: false });
    expect(expected.at(-1)).toBe('done');
    for (const size of [output.length, 97, 7]) expect(assemble(pieces(output, size)).lines, `reads of ${size}`).toEqual(expected);
  });

  it('shows a rewritten step once, not every frame it drew', () => {
    expect(assemble([steps()]).lines).toEqual(['step 1 done', 'step 2 done', 'step 3 done', 'all 3 steps done']);
    expect(assemble([threeBars(10)]).lines).toHaveLength(5);
  });

  it('a screen of a terminal session\'s height: cursor position, erase display and how far up go by its rows', async () => {
    const lines = Array.from({ length: 12 }, (_, i) => `line ${i}`).join('\n');
    const output = `${lines}\x1b[20A\rup\x1b[3;2HX\x1b[5d\x1b[1J\x1b[9B\n\x1b[2J\x1b[Hhome\n`;
    const shown = await xtermLines(output, { rows: 5 });
    expect(assemble(pieces(output, 5), 5).lines).toEqual(shown);
    expect(shown).not.toEqual(await xtermLines(output));
  });

  it.each([
    ['save and restore (ESC 7 / 8, CSI s / u), erase in line', 'one\ntwo\nthree\x1b7\x1b[2A\rONE\x1b8!\n\x1b[s\x1b[3A\x1b[2CX\x1b[u\x1b[1A\x1b[1K\x1b[1B\r\x1b[0Jlast\n'],
    ['erase below', 'a\nb\nc\nd\n\x1b[3A\x1b[Jx\n'],
    ['erase above and the whole display', 'a\nb\nc\x1b[1A\x1b[1Jd\ne\x1b[2Jf\n'],
    ['next and previous line, column, erase and delete characters', 'abcdef\nghijkl\x1b[F\x1b[3GXY\x1b[E\x1b[2P\x1b[2X\n'],
    ['cursor down past the last line', 'a\x1b[3Bb\x1b[1Ac\n'],
    ['cursor position', 'a\nb\nc\x1b[2;2HX\x1b[3dY\n'],
  ])('%s', async (_name, output) => {
    expect(assemble(pieces(output, 3)).lines).toEqual(await xtermLines(output));
    expect(assemble([output]).lines).toEqual(await xtermLines(output));
  });

  // As terminfo's smcup and rmcup say them: 47 and 1047 leave saving the cursor to ESC 7 / ESC 8.
  it.each([
    ['1049 (saves and restores the cursor itself)', '\x1b[?1049h', '\x1b[?1049l'],
    ['1047', '\x1b7\x1b[?1047h', '\x1b[2J\x1b[?1047l\x1b8'],
    ['47', '\x1b7\x1b[?47h', '\x1b[2J\x1b[?47l\x1b8'],
  ])('leaves out what a full-screen program draws on the alternate screen: %s', async (_name, enter, leave) => {
    const output = `before\n${enter}\x1b[H\x1b[2J\x1b[31mfull screen\r\n~\r\n~\x1b[3;1H:q${leave}after\n`;
    expect(await xtermLines(output)).toEqual(['before', 'after']);
    for (const size of [output.length, 13, 5, 1]) expect(assemble(pieces(output, size)).lines, `reads of ${size}`).toEqual(['before', 'after']);
    // Text with no escape sequence, read while on the alternate screen, is not appended either.
    expect(assemble(['before\n', enter, 'junk\nmore junk\n', leave, 'after\n']).lines).toEqual(['before', 'after']);
  });

  it('shows the lines before a full-screen program that has not left the alternate screen yet', () => {
    expect(assemble(['before\n', '\x1b[?1049h', 'drawing\n', 'still drawing']).lines).toEqual(['before']);
  });

  it('goes no higher than the window: older lines are final', async () => {
    const many = Array.from({ length: LINE_WINDOW + 20 }, (_, i) => `line ${i}`).join('\n');
    const output = `${many}\x1b[${LINE_WINDOW + 10}A\r\x1b[2KTOP\n`;
    const { lines } = assemble([output]);
    expect(lines[20]).toBe('TOP');
    expect(lines.slice(0, 20)).toEqual(Array.from({ length: 20 }, (_, i) => `line ${i}`));
    expect(lines).toEqual(await xtermLines(output));
  });
});

describe('the fast path', () => {
  it('output without escape sequences never needs the screen while the cursor is on the last line', () => {
    const screen = new LineScreen();
    expect(needsScreen(screen, 'plain\r\nprogress 10%\rprogress 20%')).toBe(false);
    expect(needsScreen(screen, '\x1b[31mred\x1b[0m \x1b[2K\x1b[10G')).toBe(false);
    expect(needsScreen(screen, 'up\x1b[1A')).toBe(true);
    expect(needsScreen(screen, 'cut off \x1b[')).toBe(true);
    screen.feed('a\nb\x1b[1A');
    expect(needsScreen(screen, 'plain')).toBe(true);
  });

  it('plain output appends: nothing is replaced', () => {
    const { replacing, total } = assemble(pieces('one\ntwo\rTWO\nthree', 4));
    expect(replacing).toBe(0);
    expect(total).toBe(3);
  });
});
