import { describe, expect, it } from 'vitest';
import { INITIAL_SGR, plainText, renderLine, segmentStates, sgrAfter, type Span } from './render-line';

const GREEN = 'rgb(0, 187, 0)';
const RED = 'rgb(187, 0, 0)';

/** The span that contains `needle` (fails the test if none does). */
function spanWith(spans: Span[], needle: string): Span {
  const span = spans.find((s) => s.text.includes(needle));
  if (!span) throw new Error(`no span contains ${JSON.stringify(needle)} in ${JSON.stringify(spans)}`);
  return span;
}

const visible = (spans: Span[]) => spans.map((s) => s.text).join('');

describe('fast path', () => {
  it('returns one unstyled span for plain text and nothing for an empty line', () => {
    expect(renderLine('hello world')).toEqual([{ text: 'hello world' }]);
    expect(renderLine('')).toEqual([]);
    expect(plainText('hello world')).toBe('hello world');
  });
});

describe('carriage return and backspace', () => {
  it.each([
    ['abcdef\rXY', 'XYcdef'],
    ['  0%\r 50%\r100%', '100%'],
    ['hello\r', 'hello'],
    ['\rhello', 'hello'],
    ['ab\bc', 'ac'],
    ['\b\bab', 'ab'],
    ['abc\b\b\b\bX', 'Xbc'],
  ])('%j shows %j', (input, text) => {
    expect(plainText(input)).toBe(text);
  });

  it('keeps the style each character was written with', () => {
    expect(renderLine('\x1b[31mabcdef\x1b[0m\rXY')).toEqual([{ text: 'XY' }, { text: 'cdef', fg: RED }]);
    expect(renderLine('abcdef\r\x1b[1mXY')).toEqual([{ text: 'XY', bold: true }, { text: 'cdef' }]);
  });
});

describe('SGR via anser', () => {
  it('handles the 16 colours, bright colours and backgrounds', () => {
    expect(renderLine('\x1b[32mok\x1b[39m \x1b[91mbad\x1b[0m \x1b[44mbg')).toEqual([
      { text: 'ok', fg: GREEN },
      { text: ' ' },
      { text: 'bad', fg: 'rgb(255, 85, 85)' },
      { text: ' ' },
      { text: 'bg', bg: 'rgb(0, 0, 187)' },
    ]);
  });

  it('normalises colours to rgb(r, g, b)', () => {
    expect(renderLine('\x1b[37mwhite')).toEqual([{ text: 'white', fg: 'rgb(255, 255, 255)' }]);
  });

  it('handles 256 colours and true colour', () => {
    expect(renderLine('\x1b[38;5;197ma\x1b[48;5;237mb\x1b[38;2;10;20;30mc')).toEqual([
      { text: 'a', fg: 'rgb(255, 0, 95)' },
      { text: 'b', fg: 'rgb(255, 0, 95)', bg: 'rgb(58, 58, 58)' },
      { text: 'c', fg: 'rgb(10, 20, 30)', bg: 'rgb(58, 58, 58)' },
    ]);
  });

  it('handles bold, dim, italic, underline, strikethrough and reset', () => {
    expect(renderLine('\x1b[1;2;3;4;9mall\x1b[0mnone\x1b[1mb\x1b[mnone')).toEqual([
      { text: 'all', bold: true, dim: true, italic: true, underline: true, strike: true },
      { text: 'none' },
      { text: 'b', bold: true },
      { text: 'none' },
    ]);
  });

  it('carries state across sequences within the line and turns attributes off one at a time', () => {
    expect(renderLine('\x1b[1m\x1b[31mA\x1b[4mB\x1b[22mC\x1b[24;39mD')).toEqual([
      { text: 'A', fg: RED, bold: true },
      { text: 'B', fg: RED, bold: true, underline: true },
      { text: 'C', fg: RED, underline: true },
      { text: 'D' },
    ]);
  });

  it('does not leak bold when it was set twice (nested chalk styles)', () => {
    expect(renderLine('\x1b[1ma\x1b[1mb\x1b[22mc')).toEqual([{ text: 'ab', bold: true }, { text: 'c' }]);
  });

  it('merges neighbours with the same style even when reached by different sequences', () => {
    expect(renderLine('\x1b[31mab\x1b[0m\x1b[31mcd')).toEqual([{ text: 'abcd', fg: RED }]);
  });

  it('starts every line unstyled', () => {
    expect(renderLine('\x1b[1;31mred')).toEqual([{ text: 'red', fg: RED, bold: true }]);
    expect(renderLine('\x1b[4mplain?')).toEqual([{ text: 'plain?', underline: true }]);
  });

  it('stays correct past its internal caches (a long true-colour gradient)', () => {
    let line = '';
    for (let i = 0; i < 6000; i++) line += `\x1b[38;2;${i % 256};${Math.floor(i / 256)};7m#`;
    const spans = renderLine(`${line}\x1b[1mX`);
    expect(spans).toHaveLength(6001);
    expect(spans[5999]).toEqual({ text: '#', fg: 'rgb(111, 23, 7)' });
    expect(spans[6000]).toEqual({ text: 'X', fg: 'rgb(111, 23, 7)', bold: true });
  });

  it('swaps fg and bg for inverse, with defaults for missing colours', () => {
    expect(renderLine('\x1b[7minv\x1b[27m')).toEqual([{ text: 'inv', fg: 'var(--color-terminal-bg)', bg: 'currentColor' }]);
    expect(renderLine('\x1b[31;7mx')).toEqual([{ text: 'x', fg: 'var(--color-terminal-bg)', bg: RED }]);
    expect(renderLine('\x1b[31;42;7mx')).toEqual([{ text: 'x', fg: GREEN, bg: RED }]);
  });

  it('writes hidden text as spaces, keeping only its background', () => {
    expect(renderLine('pw: \x1b[8;31;44msecret\x1b[28m!')).toEqual([
      { text: 'pw: ' },
      { text: '      ', bg: 'rgb(0, 0, 187)' },
      { text: '!', fg: RED, bg: 'rgb(0, 0, 187)' },
    ]);
    expect(plainText('\x1b[8msecret\x1b[0m')).toBe('      ');
  });
});

describe('other escape sequences', () => {
  it.each([
    ['cursor movement and modes', '\x1b[?25la\x1b[Ab\x1b[?25h\x1b[2J\x1b[Hc', 'abc'],
    ['window title (OSC, BEL)', '\x1b]0;my title\x07prompt$ ', 'prompt$ '],
    ['hyperlink (OSC 8, ST)', 'see \x1b]8;;https://example.com\x1b\\link\x1b]8;;\x1b\\ here', 'see link here'],
    ['unterminated OSC', 'text\x1b]0;title that never ends', 'text'],
    ['charset selection', '\x1b(Bplain\x1b)0', 'plain'],
    ['keypad / save cursor', '\x1b=\x1b7a\x1b8\x1b>', 'a'],
    ['lone and cut-off ESC', 'a\x1b\u00e9b\x1b', 'a\u00e9b'],
    ['two-character ESC sequence (RIS)', 'a\x1bcb', 'ab'],
    ['cut-off CSI', 'a\x1b[', 'a'],
    ['colon sub-parameters', '\x1b[4:3mx', 'x'],
  ])('strips %s', (_name, input, text) => {
    expect(plainText(input)).toBe(text);
  });

  it('ignores SGR forms anser does not read without losing the current style', () => {
    expect(renderLine('\x1b[31mA\x1b[4:3mB\x1b[>4;2mC')).toEqual([{ text: 'ABC', fg: RED }]);
  });

  it('erases the line with \\x1b[2K and moves the cursor with \\x1b[G', () => {
    expect(plainText('old text\x1b[2K\x1b[1Gnew')).toBe('new');
    expect(plainText('old text\x1b[2K\x1b[Gnew')).toBe('new');
    expect(plainText('abcdef\x1b[3GX')).toBe('abXdef');
  });

  it('erases to the end of the line and from the start', () => {
    expect(plainText('abcdef\x1b[3G\x1b[K')).toBe('ab');
    expect(plainText('abcdef\x1b[3G\x1b[0K')).toBe('ab');
    expect(plainText('abcdef\x1b[3G\x1b[1K')).toBe('   def');
    expect(plainText('abc\x1b[2KX')).toBe('   X');
  });

  it('moves the cursor forward and back', () => {
    expect(plainText('a\x1b[3Cb')).toBe('a   b');
    expect(plainText('abcd\x1b[2DX')).toBe('abXd');
  });
});

describe('tabs and control characters', () => {
  it('expands tabs to the next multiple of 8 visible columns', () => {
    expect(plainText('a\tb')).toBe('a       b');
    expect(plainText('12345678\tx')).toBe('12345678        x');
    expect(plainText('\x1b[31mab\x1b[0m\tc')).toBe('ab      c');
    expect(plainText('x\t')).toBe('x       ');
  });

  it('moves over existing text on a tab instead of erasing it', () => {
    expect(plainText('abcdefghij\r\tX')).toBe('abcdefghXj');
  });

  it('drops other C0 controls and keeps U+FFFD', () => {
    expect(plainText('a\x00b\x07c\x0bd\x7fe')).toBe('abcde');
    expect(renderLine('bad \uFFFD byte')).toEqual([{ text: 'bad \uFFFD byte' }]);
    expect(plainText('bad \uFFFD\x07')).toBe('bad \uFFFD');
  });
});

describe('performance', () => {
  it('renders a 100,000-character plain line as one span', () => {
    const line = 'x'.repeat(100_000);
    expect(renderLine(line)).toEqual([{ text: line }]);
  });
});

// ---------------------------------------------------------------------------------------------
// Recorded outputs. Each is the raw byte stream as written to the pty; the caller splits on "\n".
// ---------------------------------------------------------------------------------------------

const lines = (raw: string) => raw.split('\n');

// As the terminal renders them: each line starts in the state the one before it left.
function renderAll(texts: string[]): Span[][] {
  let state = INITIAL_SGR;
  return texts.map((text) => {
    const spans = renderLine(text, state);
    state = sgrAfter(text, state);
    return spans;
  });
}

describe('colours across lines', () => {
  it('carry on to the next lines until reset, as in a terminal', () => {
    const out = renderAll(['plain \x1b[31mred starts', 'still red', '\x1b[1mred and bold\x1b[0m then plain', 'plain']);
    expect(out[0]).toEqual([{ text: 'plain ' }, { text: 'red starts', fg: 'rgb(187, 0, 0)' }]);
    expect(out[1]).toEqual([{ text: 'still red', fg: 'rgb(187, 0, 0)' }]);
    expect(out[2]).toEqual([{ text: 'red and bold', fg: 'rgb(187, 0, 0)', bold: true }, { text: ' then plain' }]);
    expect(out[3]).toEqual([{ text: 'plain' }]);
  });

  it('keep hidden text hidden on the next line, and ignore what draws nothing', () => {
    const hidden = sgrAfter('\x1b[8m');
    expect(renderLine('secret', hidden)).toEqual([{ text: '      ' }]);
    expect(sgrAfter('\x1b[?25l\x1b[4:3m text', INITIAL_SGR)).toBe(INITIAL_SGR);
    expect(sgrAfter('no escapes', hidden)).toBe(hidden);
  });

  it("start each segment where the one before left off; the console's own segments start plain and change nothing", () => {
    const red = sgrAfter('\x1b[31m');
    const { starts, end } = segmentStates(
      [
        { stream: 'stdout', text: 'a \x1b[31mred' },
        { stream: 'system', text: '\x1b[32mthe console' },
        { stream: 'stderr', text: 'still red' },
      ],
      INITIAL_SGR,
    );
    expect(starts).toEqual([INITIAL_SGR, INITIAL_SGR, red]);
    expect(starts[2]).toBe(red);
    expect(end).toBe(red);
  });

  it('give the same state object for the same look, so rendering can be memoised on it', () => {
    expect(sgrAfter('\x1b[32m')).toBe(sgrAfter('\x1b[1m\x1b[22m\x1b[32m'));
    expect(sgrAfter('\x1b[32mgreen\x1b[0m')).toBe(INITIAL_SGR);
  });
});

describe('recorded: npm install', () => {
  // npm 10 with a progress spinner: each frame is "erase line, column 1, frame".
  const raw =
    '\x1b[?25l\x1b[2K\x1b[1G⠙ idealTree:main: \x1b[32mtiming\x1b[39m idealTree:#root Completed in 112ms' +
    '\x1b[2K\x1b[1G⠹ reify:lodash: \x1b[36mhttp\x1b[39m fetch GET 200 https://registry.npmjs.org/lodash/-/lodash-4.17.21.tgz 412ms (cache miss)' +
    '\x1b[2K\x1b[1G⠸ reify:typescript: \x1b[36mhttp\x1b[39m fetch GET 200 https://registry.npmjs.org/typescript/-/typescript-5.9.3.tgz 843ms (cache miss)' +
    '\x1b[2K\x1b[1G\x1b[?25h\n' +
    'added \x1b[1m164\x1b[22m packages, and audited \x1b[1m165\x1b[22m packages in \x1b[33m3s\x1b[39m\n' +
    '\n' +
    '\x1b[1m28\x1b[22m packages are looking for funding\n' +
    '  run `\x1b[1mnpm fund\x1b[22m` for details\n' +
    '\n' +
    'found \x1b[32m\x1b[1m0\x1b[22m\x1b[39m vulnerabilities\n';

  it('leaves nothing of the spinner and styles the summary', () => {
    const out = renderAll(lines(raw));
    expect(out.map(visible)).toEqual([
      '',
      'added 164 packages, and audited 165 packages in 3s',
      '',
      '28 packages are looking for funding',
      '  run `npm fund` for details',
      '',
      'found 0 vulnerabilities',
      '',
    ]);
    expect(spanWith(out[1], '164')).toEqual({ text: '164', bold: true });
    expect(spanWith(out[1], '3s')).toEqual({ text: '3s', fg: 'rgb(187, 187, 0)' });
    expect(spanWith(out[6], '0')).toEqual({ text: '0', fg: GREEN, bold: true });
  });

  it('shows the current spinner frame of a line still in progress', () => {
    const partial = lines(raw)[0].split('\x1b[2K\x1b[1G\x1b[?25h')[0];
    const spans = renderLine(partial);
    expect(visible(spans)).toBe(
      '⠸ reify:typescript: http fetch GET 200 https://registry.npmjs.org/typescript/-/typescript-5.9.3.tgz 843ms (cache miss)',
    );
    expect(spanWith(spans, 'http')).toEqual({ text: 'http', fg: 'rgb(0, 187, 187)' });
  });

  it('handles the older "\\r" spinner followed by erase-to-end', () => {
    const older =
      '\x1b[?25l⠋ Installing dependencies...\r⠙ Installing dependencies...\r⠹ Installing dependencies...\r\x1b[K' +
      '\x1b[32madded 164 packages in 3s\x1b[39m';
    expect(renderLine(older)).toEqual([{ text: 'added 164 packages in 3s', fg: GREEN }]);
  });
});

describe('recorded: curl progress meter', () => {
  const raw =
    '  % Total    % Received % Xferd  Average Speed   Time    Time     Time  Current\n' +
    '                                 Dload  Upload   Total   Spent    Left  Speed\n' +
    '\r  0     0    0     0    0     0      0      0 --:--:-- --:--:-- --:--:--     0' +
    '\r 37 12.3M   37 4654k    0     0  5843k      0  0:00:02 --:--:--  0:00:02 5840k' +
    '\r100 12.3M  100 12.3M    0     0  9115k      0  0:00:01  0:00:01 --:--:-- 9117k\r\n';

  it('shows only the final meter reading', () => {
    const out = lines(raw).map(plainText);
    expect(out[0]).toBe('  % Total    % Received % Xferd  Average Speed   Time    Time     Time  Current');
    expect(out[2]).toBe('100 12.3M  100 12.3M    0     0  9115k      0  0:00:01  0:00:01 --:--:-- 9117k');
    expect(out[3]).toBe('');
  });
});

describe('recorded: pip download bar (rich)', () => {
  const frame = (bar: string, rest: string) => `\r\x1b[2K   ${bar} ${rest}`;
  const raw =
    'Collecting requests==2.32.3\n' +
    '  Downloading requests-2.32.3-py3-none-any.whl (1.2 MB)\n' +
    '\x1b[?25l' +
    frame(
      '\x1b[38;5;197m━━━━━━━━━━━━━━━━\x1b[0m\x1b[38;5;237m╺\x1b[0m\x1b[38;5;237m━━━━━━━━━━━━━━━━━━━━━━━\x1b[0m',
      '\x1b[32m0.5/1.2 MB\x1b[0m \x1b[31m2.1 MB/s\x1b[0m eta \x1b[36m0:00:01\x1b[0m',
    ) +
    frame(
      '\x1b[38;2;114;156;31m━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━\x1b[0m',
      '\x1b[32m1.2/1.2 MB\x1b[0m \x1b[31m3.4 MB/s\x1b[0m eta \x1b[36m0:00:00\x1b[0m',
    ) +
    '\r\n\x1b[?25h' +
    'Installing collected packages: requests\n';

  it('shows the finished bar with its true colour', () => {
    const out = renderAll(lines(raw));
    expect(visible(out[2])).toBe(`   ${'━'.repeat(40)} 1.2/1.2 MB 3.4 MB/s eta 0:00:00`);
    expect(spanWith(out[2], '━')).toEqual({ text: '━'.repeat(40), fg: 'rgb(114, 156, 31)' });
    expect(spanWith(out[2], '1.2/1.2 MB')).toEqual({ text: '1.2/1.2 MB', fg: GREEN });
    expect(spanWith(out[2], '3.4 MB/s')).toEqual({ text: '3.4 MB/s', fg: RED });
    expect(visible(out[3])).toBe('Installing collected packages: requests');
  });

  it('shows the 256-colour bar of an unfinished download', () => {
    const inProgress = lines(raw)[2].split('\r\x1b[2K').slice(0, 2).join('\r\x1b[2K');
    const spans = renderLine(inProgress);
    expect(visible(spans)).toBe(`   ${'━'.repeat(16)}╺${'━'.repeat(23)} 0.5/1.2 MB 2.1 MB/s eta 0:00:01`);
    expect(spans[1]).toEqual({ text: '━'.repeat(16), fg: 'rgb(255, 0, 95)' });
    expect(spans[2]).toEqual({ text: `╺${'━'.repeat(23)}`, fg: 'rgb(58, 58, 58)' });
  });
});

describe('recorded: test runner reports', () => {
  const vitest =
    ' \x1b[32m✓\x1b[39m lib/format.test.ts \x1b[2m(\x1b[22m\x1b[2m12 tests\x1b[22m\x1b[2m)\x1b[22m\x1b[32m 4\x1b[2mms\x1b[22m\x1b[39m\n' +
    ' \x1b[31m❯\x1b[39m lib/sessions.test.ts \x1b[2m(\x1b[22m\x1b[2m8 tests\x1b[22m\x1b[2m | \x1b[22m\x1b[31m1 failed\x1b[39m\x1b[2m)\x1b[22m\x1b[33m 312\x1b[2mms\x1b[22m\x1b[39m\n' +
    '   \x1b[32m✓\x1b[39m starts a session\x1b[33m 41\x1b[2mms\x1b[22m\x1b[39m\n' +
    '   \x1b[31m×\x1b[39m kills the process group on stop\x1b[33m 204\x1b[2mms\x1b[22m\x1b[39m\n' +
    '\n' +
    '\x1b[1m\x1b[42m PASS \x1b[49m\x1b[22m \x1b[30m\x1b[46m lib/format.test.ts \x1b[49m\x1b[39m\n' +
    '\x1b[2m Test Files \x1b[22m \x1b[1m\x1b[31m1 failed\x1b[39m\x1b[22m\x1b[2m | \x1b[22m\x1b[1m\x1b[32m5 passed\x1b[39m\x1b[22m\x1b[90m (6)\x1b[39m\n' +
    '\x1b[2m      Tests \x1b[22m \x1b[1m\x1b[31m1 failed\x1b[39m\x1b[22m\x1b[2m | \x1b[22m\x1b[1m\x1b[32m41 passed\x1b[39m\x1b[22m\x1b[90m (42)\x1b[39m\n' +
    '\x1b[2m   Duration \x1b[22m 1.84s\x1b[2m (transform 212ms, setup 0ms, collect 640ms, tests 1.02s)\x1b[22m\n';

  it('vitest: marks, PASS badge and the dim summary', () => {
    const out = renderAll(lines(vitest));
    expect(out.map(visible).slice(0, 9)).toEqual([
      ' ✓ lib/format.test.ts (12 tests) 4ms',
      ' ❯ lib/sessions.test.ts (8 tests | 1 failed) 312ms',
      '   ✓ starts a session 41ms',
      '   × kills the process group on stop 204ms',
      '',
      ' PASS   lib/format.test.ts ',
      ' Test Files  1 failed | 5 passed (6)',
      '      Tests  1 failed | 41 passed (42)',
      '   Duration  1.84s (transform 212ms, setup 0ms, collect 640ms, tests 1.02s)',
    ]);
    expect(spanWith(out[0], '✓')).toEqual({ text: '✓', fg: GREEN });
    expect(spanWith(out[0], '(12 tests)')).toEqual({ text: '(12 tests)', dim: true });
    expect(spanWith(out[0], 'ms')).toEqual({ text: 'ms', fg: GREEN, dim: true });
    expect(spanWith(out[3], '×')).toEqual({ text: '×', fg: RED });
    expect(spanWith(out[5], 'PASS')).toEqual({ text: ' PASS ', bold: true, bg: GREEN });
    expect(spanWith(out[5], 'lib/')).toEqual({ text: ' lib/format.test.ts ', fg: 'rgb(0, 0, 0)', bg: 'rgb(0, 187, 187)' });
    expect(spanWith(out[6], 'Test Files')).toEqual({ text: ' Test Files ', dim: true });
    expect(spanWith(out[6], '5 passed')).toEqual({ text: '5 passed', fg: GREEN, bold: true });
    expect(spanWith(out[6], '(6)')).toEqual({ text: ' (6)', fg: 'rgb(85, 85, 85)' });
    expect(spanWith(out[8], '(transform')).toMatchObject({ dim: true });
    expect(spanWith(out[8], '1.84s')).toEqual({ text: ' 1.84s' });
  });

  it('jest: inverse PASS/FAIL badges', () => {
    const jest =
      '\x1b[0m\x1b[7m\x1b[1m\x1b[32m PASS \x1b[39m\x1b[22m\x1b[27m\x1b[0m \x1b[2mlib/\x1b[22m\x1b[1mformat.test.ts\x1b[22m\n' +
      '\x1b[0m\x1b[7m\x1b[1m\x1b[31m FAIL \x1b[39m\x1b[22m\x1b[27m\x1b[0m \x1b[2mlib/\x1b[22m\x1b[1msessions.test.ts\x1b[22m (\x1b[0m\x1b[1m\x1b[41m5.2 s\x1b[22m\x1b[49m\x1b[0m)\n';
    const [pass, fail] = renderAll(lines(jest));
    expect(visible(pass)).toBe(' PASS  lib/format.test.ts');
    expect(spanWith(pass, 'PASS')).toEqual({ text: ' PASS ', bold: true, fg: 'var(--color-terminal-bg)', bg: GREEN });
    expect(spanWith(pass, 'format')).toEqual({ text: 'format.test.ts', bold: true });
    expect(spanWith(fail, 'FAIL')).toEqual({ text: ' FAIL ', bold: true, fg: 'var(--color-terminal-bg)', bg: RED });
    expect(spanWith(fail, '5.2 s')).toEqual({ text: '5.2 s', bold: true, bg: RED });
    expect(visible(fail)).toBe(' FAIL  lib/sessions.test.ts (5.2 s)');
  });
});

describe('hostile input', () => {
  it('bounds cursor movement, so a huge column cannot exhaust memory', () => {
    const text = plainText('\x1b[999999999Gx\x1b[999999999Cy');
    expect(text.length).toBeLessThanOrEqual(20_002);
    expect(text.endsWith('y')).toBe(true);
  });
});
