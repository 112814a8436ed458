import type { Span } from './render-line';

/** [start, end) in a line's visible text: the text its spans show, segment after segment. */
export type TextRange = readonly [number, number];

export type Link = { start: number; end: number; href: string };

/** A piece of a span: its text and look, whether a search matched it, and the link it belongs to. */
export type DecoratedSpan = Span & { match?: 'match' | 'current'; href?: string };

// A URL has a host right after "//" and runs to the first blank, quote, angle bracket or backslash;
// what it may not end in is cut after.
const URL_CANDIDATE = /\bhttps?:\/\/[^\s"'`<>\\/][^\s"'`<>\\]*/gi;
const TRAILING = /[.,;:!?*_~]+$/;
const BRACKETS: Record<string, string> = { ')': '(', ']': '[', '}': '{' };

function count(text: string, character: string): number {
  return text.split(character).length - 1;
}

/** Drops what a sentence put after a URL: punctuation, and a closing bracket the URL did not open. */
function trimUrl(url: string): string {
  for (;;) {
    const trimmed = url.replace(TRAILING, '');
    const last = trimmed.at(-1) ?? '';
    const opening = BRACKETS[last];
    if (opening && count(trimmed, last) > count(trimmed, opening)) {
      url = trimmed.slice(0, -1);
      continue;
    }
    return trimmed;
  }
}

/**
 * The http and https URLs in a text, as links. Nothing else becomes one: no other scheme, no bare
 * domain; the address is what the URL parser makes of the text, so it can only be http(s).
 */
export function findLinks(text: string): Link[] {
  const links: Link[] = [];
  for (const match of text.matchAll(URL_CANDIDATE)) {
    const url = trimUrl(match[0]);
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      continue;
    }
    if ((parsed.protocol !== 'http:' && parsed.protocol !== 'https:') || parsed.hostname === '') continue;
    links.push({ start: match.index, end: match.index + url.length, href: parsed.href });
  }
  return links;
}

function covering<T extends { start: number; end: number }>(items: readonly T[], at: number): T | undefined {
  return items.find((item) => item.start <= at && at < item.end);
}

/**
 * Cuts spans where a search match or a link begins or ends, `offset` being where the first span
 * starts in the line's visible text. On the `current` line (the one the search went to) the
 * matches are marked as such.
 */
export function decorateSpans(
  spans: readonly Span[],
  offset: number,
  matches: readonly TextRange[],
  links: readonly Link[],
  current = false,
): DecoratedSpan[] {
  if (matches.length === 0 && links.length === 0) return spans as Span[];
  const marked = matches.map(([start, end]) => ({ start, end }));
  const out: DecoratedSpan[] = [];
  let position = offset;
  for (const span of spans) {
    const start = position;
    const end = start + span.text.length;
    position = end;
    const cuts = new Set([start, end]);
    for (const edge of [...marked, ...links]) {
      if (edge.start > start && edge.start < end) cuts.add(edge.start);
      if (edge.end > start && edge.end < end) cuts.add(edge.end);
    }
    const points = [...cuts].sort((a, b) => a - b);
    for (let i = 0; i + 1 < points.length; i++) {
      const [from, to] = [points[i], points[i + 1]];
      const match = covering(marked, from);
      const link = covering(links, from);
      out.push({
        ...span,
        text: span.text.slice(from - start, to - start),
        ...(match && { match: current ? ('current' as const) : ('match' as const) }),
        ...(link && { href: link.href }),
      });
    }
  }
  return out;
}
