import { describe, expect, it } from 'vitest';
import { decorateSpans, findLinks } from './decorate';

const hrefs = (text: string) => findLinks(text).map((link) => [text.slice(link.start, link.end), link.href]);

describe('findLinks', () => {
  it('finds http and https URLs, without the punctuation a sentence put after them', () => {
    expect(hrefs('see https://example.com/a?b=1#c. and http://localhost:3000/x, then (http://host/path)')).toEqual([
      ['https://example.com/a?b=1#c', 'https://example.com/a?b=1#c'],
      ['http://localhost:3000/x', 'http://localhost:3000/x'],
      ['http://host/path', 'http://host/path'],
    ]);
    expect(hrefs('https://en.wikipedia.org/wiki/Foo_(bar)')).toEqual([
      ['https://en.wikipedia.org/wiki/Foo_(bar)', 'https://en.wikipedia.org/wiki/Foo_(bar)'],
    ]);
  });

  it('makes nothing else a link, whatever the text tries', () => {
    const hostile = [
      'javascript:alert(1)',
      'JaVaScRiPt:alert(document.cookie)',
      'data:text/html,<script>alert(1)</script>',
      'file:///etc/passwd',
      'vbscript:msgbox(1)',
      'example.com www.example.com',
      'xhttp://not-a-word-start.example',
      'ftp://files.example.com',
      'http://',
      'https:///nohost',
      'mailto:a@b.c',
    ];
    for (const text of hostile) expect(findLinks(text), text).toEqual([]);
  });

  it('ends a URL at a quote or an angle bracket, so it cannot break out of its attribute', () => {
    expect(hrefs('http://a.example/x"onmouseover="alert(1)')).toEqual([['http://a.example/x', 'http://a.example/x']]);
    expect(hrefs("<a href='http://a.example/y'>")).toEqual([['http://a.example/y', 'http://a.example/y']]);
    expect(hrefs('http://a.example/<script>')).toEqual([['http://a.example/', 'http://a.example/']]);
  });
});

describe('decorateSpans', () => {
  it('cuts spans at matches and links, across span boundaries', () => {
    const spans = [{ text: 'error at ', fg: 'red' }, { text: 'http://x.io/a now' }];
    const pieces = decorateSpans(spans, 0, [[0, 5], [12, 16]], findLinks('error at http://x.io/a now'), true);
    expect(pieces).toEqual([
      { text: 'error', fg: 'red', match: 'current' },
      { text: ' at ', fg: 'red' },
      { text: 'htt', href: 'http://x.io/a' },
      { text: 'p://', href: 'http://x.io/a', match: 'current' },
      { text: 'x.io/a', href: 'http://x.io/a' },
      { text: ' now' },
    ]);
    expect(decorateSpans([{ text: 'abc' }], 0, [[1, 2]], [])).toEqual([{ text: 'a' }, { text: 'b', match: 'match' }, { text: 'c' }]);
  });

  it('counts positions from where the segment starts in the line', () => {
    expect(decorateSpans([{ text: 'abcdef' }], 10, [[12, 14]], [])).toEqual([{ text: 'ab' }, { text: 'cd', match: 'match' }, { text: 'ef' }]);
  });

  it('leaves spans alone when there is nothing to mark', () => {
    const spans = [{ text: 'plain' }];
    expect(decorateSpans(spans, 0, [], [])).toBe(spans);
  });
});
