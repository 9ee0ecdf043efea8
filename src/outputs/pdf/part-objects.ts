/**
 * A part's objects read from its bytes (join-part.ts): each object from its offset in the
 * cross-reference table to where the next one starts, as a value (pdf-syntax.ts) or rewritten with
 * its stream's data as bytes; and the trees of a part read as values.
 */
import { readValue, Ref, rewrite, type Value } from './pdf-syntax.ts';
import type { PdfScan } from './scan.ts';

export interface PartObjects {
  /** Object `n` as a value (for the catalog, trees, elements: small objects). */
  read(n: number): Value;
  /** Object `n` from after `obj`, rewritten, and the rest up to `endobj` as bytes (a stream's data). */
  rewritten(n: number, how: Parameters<typeof rewrite>[3]): { value: string; tail: Buffer };
}

/** The part's objects, each from its offset to where the next one starts. */
export function partObjects(bytes: Uint8Array, scan: PdfScan): PartObjects {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const { offsets } = scan;
  const order = offsets.map((_, n) => n).filter((n) => offsets[n]! > 0);
  order.sort((a, b) => offsets[a]! - offsets[b]!);
  const ends = new Map<number, number>();
  order.forEach((n, i) => ends.set(n, i + 1 < order.length ? offsets[order[i + 1]!]! : scan.xrefOffset));
  const range = (n: number) => {
    const start = offsets[n];
    const end = ends.get(n);
    if (!start || end === undefined) throw new Error(`object ${n} is not in the part`);
    return { start, end };
  };
  /** The text from `start`, and where its value starts (after `n 0 obj`). */
  const head = (n: number, start: number, end: number) => {
    const text = buffer.toString('latin1', start, end);
    const obj = /^(\d+)\s+0\s+obj\b/.exec(text.slice(0, 32));
    if (!obj || Number(obj[1]) !== n) throw new Error(`object ${n} not where the table says`);
    return { text, at: obj[0].length };
  };
  return {
    read(n) {
      const { start, end } = range(n);
      const { text, at } = head(n, start, end);
      return readValue(text, at);
    },
    rewritten(n, how) {
      const { start, end } = range(n);
      // Most objects are small; a stream's data is not read as text unless its dictionary is long.
      let { text, at } = head(n, start, Math.min(end, start + 4096));
      let value: { text: string; end: number };
      try {
        value = rewrite(text, at, text.length, how);
      } catch (cause) {
        if (start + text.length >= end) throw cause;
        ({ text, at } = head(n, start, end));
        value = rewrite(text, at, text.length, how);
      }
      const rest = buffer.subarray(start + value.end, end);
      const close = rest.lastIndexOf('endobj');
      if (close < 0) throw new Error(`object ${n} has no end`);
      return { value: value.text, tail: rest.subarray(0, close + 'endobj'.length) };
    },
  };
}

/** The numbers of the page tree's nodes (not its pages). */
export function pageTreeNodes(read: PartObjects['read'], root: number): number[] {
  const nodes: number[] = [];
  const visit = (n: number, depth: number) => {
    const node = read(n);
    if (!(node instanceof Map) || node.get('/Type') !== '/Pages' || depth > 64) return;
    nodes.push(n);
    const kids = node.get('/Kids');
    for (const kid of Array.isArray(kids) ? kids : []) if (kid instanceof Ref) visit(kid.n, depth + 1);
  };
  visit(root, 0);
  return nodes;
}

/** True when every page a structure element's content is on is in `pages` (stops at the first that is not). */
export function onlyOn(read: PartObjects['read'], element: Value, pages: Set<number>): boolean {
  let found = false;
  const seen = new Set<number>();
  const pending: Value[] = [element];
  while (pending.length > 0) {
    const o = pending.pop();
    if (o instanceof Ref) {
      if (!seen.has(o.n)) pending.push(read(o.n));
      seen.add(o.n);
    } else if (o instanceof Map) {
      const page = o.get('/Pg');
      if (page instanceof Ref) {
        if (!pages.has(page.n)) return false;
        found = true;
      }
      const kids = o.get('/K');
      if (kids !== undefined) pending.push(kids);
    } else if (Array.isArray(o)) pending.push(...o);
  }
  return found;
}

/** The key and value pairs of a number or name tree (flat, or through /Kids). */
export function treeEntries(
  resolve: (v: Value | undefined) => Value | undefined,
  tree: Value | undefined,
  leaves: '/Nums' | '/Names',
): [Value, Value][] {
  const entries: [Value, Value][] = [];
  const visit = (o: Value | undefined) => {
    const dict = resolve(o);
    if (!(dict instanceof Map)) return;
    const list = resolve(dict.get(leaves));
    if (Array.isArray(list)) for (let i = 0; i + 1 < list.length; i += 2) entries.push([list[i]!, list[i + 1]!]);
    const kids = resolve(dict.get('/Kids'));
    if (Array.isArray(kids)) kids.forEach(visit);
  };
  visit(tree);
  return entries;
}
