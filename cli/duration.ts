const UNIT_MS = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;
type Unit = keyof typeof UNIT_MS;
const ORDER: Unit[] = ['d', 'h', 'm', 's', 'ms'];

/**
 * A duration as people write one for --timeout and --grace: "30s", "5m", "1h30m", "500ms", "1.5h",
 * or a bare number of seconds ("90"). Units go from larger to smaller, each at most once, so a
 * typo such as "5m5m" or "30s1m" is refused instead of guessed at. Returns milliseconds.
 */
export function parseDuration(text: string): number {
  const input = text.trim();
  if (/^\d+(\.\d+)?$/.test(input)) return Math.round(Number(input) * 1000);
  const part = /(\d+(?:\.\d+)?)(ms|s|m|h|d)/y;
  let total = 0;
  let smallestSoFar = -1;
  let matched = 0;
  while (part.lastIndex < input.length) {
    const found = part.exec(input);
    const rank = found ? ORDER.indexOf(found[2] as Unit) : -1;
    if (!found || rank <= smallestSoFar) throw new Error(`not a duration: "${text}" (write e.g. 90, 30s, 5m, 1h30m)`);
    smallestSoFar = rank;
    total += Number(found[1]) * UNIT_MS[found[2] as Unit];
    matched += 1;
  }
  if (matched === 0) throw new Error(`not a duration: "${text}" (write e.g. 90, 30s, 5m, 1h30m)`);
  return Math.round(total);
}
