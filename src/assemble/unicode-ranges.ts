/** Sets of code points as sorted, disjoint, inclusive ranges (what a CSS unicode-range says). */
export type Ranges = [number, number][];

/** `U+4E00-4E05, U+30??` as sorted, merged ranges. */
export function parseUnicodeRange(value: string): Ranges {
  const ranges = value
    .split(',')
    .map((part) => part.trim().replace(/^U\+/i, ''))
    .filter(Boolean)
    .map((part): [number, number] => {
      const [from, to] = part.split('-');
      const start = parseInt(from!.replace(/\?/g, '0'), 16);
      const end = to ? parseInt(to, 16) : parseInt(from!.replace(/\?/g, 'f'), 16);
      return [start, end];
    });
  return normalise(ranges);
}

/** Sorted and merged (touching or overlapping ranges become one). */
export function normalise(ranges: Ranges): Ranges {
  const sorted = [...ranges].sort((a, b) => a[0] - b[0]);
  const out: Ranges = [];
  for (const [from, to] of sorted) {
    const last = out[out.length - 1];
    if (last && from <= last[1] + 1) last[1] = Math.max(last[1], to);
    else out.push([from, to]);
  }
  return out;
}

/** Ranges from a list of code points. */
export function rangesOf(points: Iterable<number>): Ranges {
  return normalise([...points].map((p): [number, number] => [p, p]));
}

export const formatRanges = (ranges: Ranges): string =>
  ranges.map(([a, b]) => (a === b ? `U+${hex(a)}` : `U+${hex(a)}-${hex(b)}`)).join(',');

/** Compact form for tables: `4e00-4e05,4e07`. */
export const packRanges = (ranges: Ranges): string =>
  ranges.map(([a, b]) => (a === b ? a.toString(16) : `${a.toString(16)}-${b.toString(16)}`)).join(',');

export const unpackRanges = (packed: string): Ranges => (packed ? parseUnicodeRange(packed) : []);

const hex = (n: number) => n.toString(16).toUpperCase();

/** `ranges` without the code points in `gaps` (both sorted ranges). */
export function subtractPoints(ranges: Ranges, gaps: Ranges): Ranges {
  if (gaps.length === 0) return ranges;
  const out: Ranges = [];
  let g = 0;
  for (const [from, to] of ranges) {
    let start = from;
    while (g < gaps.length && gaps[g]![1] < start) g++;
    let k = g;
    while (k < gaps.length && gaps[k]![0] <= to) {
      const [gFrom, gTo] = gaps[k]!;
      if (gFrom > start) out.push([start, gFrom - 1]);
      start = Math.max(start, gTo + 1);
      k++;
    }
    if (start <= to) out.push([start, to]);
  }
  return out;
}

/** Whether sorted, disjoint `ranges` hold `cp` (binary search). */
export function rangesHold(ranges: Ranges, cp: number): boolean {
  let [low, high] = [0, ranges.length - 1];
  while (low <= high) {
    const mid = (low + high) >>> 1;
    const [from, to] = ranges[mid]!;
    if (cp < from) high = mid - 1;
    else if (cp > to) low = mid + 1;
    else return true;
  }
  return false;
}
