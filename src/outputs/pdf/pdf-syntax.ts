/**
 * PDF object syntax read from text (bytes as latin1), for joining a part's objects to the book
 * without pdf-lib (join-part.ts): a lexer, a light reader of values for the few objects whose
 * contents matter (catalog, trees, destinations), and a rewrite that changes only what it must
 * (references, and a few keys) and keeps every other byte as Chromium wrote it.
 */

export type Token = { kind: 'num' | 'name' | 'str' | 'open' | 'close' | 'word'; start: number; end: number };

/** An indirect reference `n 0 R`. */
export class Ref {
  constructor(readonly n: number) {}
}

/** Names are kept as written (`/Type`), strings with their delimiters (`(text)`, `<hex>`). */
export class Str {
  constructor(readonly raw: string) {}
}

export type Value = number | string | boolean | null | Ref | Str | Value[] | Map<string, Value>;

const WHITE = new Set([0, 9, 10, 12, 13, 32]);
const DELIMITER = new Set([...'()<>[]{}/%'].map((c) => c.charCodeAt(0)));

/** The tokens of `text` from `start` to `end`, ending early at `endobj` or `stream`. */
export function lex(text: string, start = 0, end = text.length): Token[] {
  const tokens: Token[] = [];
  let i = start;
  while (i < end) {
    const c = text.charCodeAt(i);
    if (WHITE.has(c)) {
      i++;
      continue;
    }
    const from = i;
    if (c === 37 /* % */) {
      while (i < end && text.charCodeAt(i) !== 10 && text.charCodeAt(i) !== 13) i++;
      continue;
    }
    if (c === 40 /* ( */) {
      i = literalEnd(text, i, end);
      tokens.push({ kind: 'str', start: from, end: i });
    } else if (c === 60 /* < */ && text.charCodeAt(i + 1) === 60) {
      tokens.push({ kind: 'open', start: from, end: (i += 2) });
    } else if (c === 62 /* > */ && text.charCodeAt(i + 1) === 62) {
      tokens.push({ kind: 'close', start: from, end: (i += 2) });
    } else if (c === 60) {
      i = text.indexOf('>', i);
      if (i < 0 || i >= end) throw new Error('unterminated hex string');
      tokens.push({ kind: 'str', start: from, end: ++i });
    } else if (c === 91 /* [ */ || c === 93 /* ] */) {
      tokens.push({ kind: c === 91 ? 'open' : 'close', start: from, end: ++i });
    } else if (c === 47 /* / */) {
      i++;
      while (i < end && !WHITE.has(text.charCodeAt(i)) && !DELIMITER.has(text.charCodeAt(i))) i++;
      tokens.push({ kind: 'name', start: from, end: i });
    } else {
      while (i < end && !WHITE.has(text.charCodeAt(i)) && !DELIMITER.has(text.charCodeAt(i))) i++;
      if (i === from) throw new Error(`unexpected ${text[i]}`);
      const word = text.slice(from, i);
      tokens.push({ kind: /^[+-]?(\d+\.?\d*|\.\d+)$/.test(word) ? 'num' : 'word', start: from, end: i });
      if (word === 'endobj' || word === 'stream') break;
    }
  }
  return tokens;
}

/** Where a literal string starting at `i` ends: parentheses nest, a backslash escapes the next byte. */
function literalEnd(text: string, i: number, end: number): number {
  let depth = 0;
  for (; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === 92 /* \ */) i++;
    else if (c === 40) depth++;
    else if (c === 41 && --depth === 0) return i + 1;
  }
  throw new Error('unterminated string');
}

const isRef = (text: string, tokens: Token[], i: number) =>
  tokens[i]?.kind === 'num' &&
  tokens[i + 1]?.kind === 'num' &&
  tokens[i + 2]?.kind === 'word' &&
  text.slice(tokens[i + 2]!.start, tokens[i + 2]!.end) === 'R';

/** The first value in `text` from `start` (after `n 0 obj`, or a whole direct value). */
export function readValue(text: string, start = 0): Value {
  const tokens = lex(text, start);
  let i = 0;
  const value = (): Value => {
    const t = tokens[i];
    if (!t) throw new Error('value missing');
    const s = text.slice(t.start, t.end);
    if (isRef(text, tokens, i)) {
      i += 3;
      return new Ref(Number(s));
    }
    i++;
    if (t.kind === 'num') return Number(s);
    if (t.kind === 'name') return s;
    if (t.kind === 'str') return new Str(s);
    if (s === '[') {
      const items: Value[] = [];
      while (tokens[i] && tokens[i]!.kind !== 'close') items.push(value());
      i++;
      return items;
    }
    if (s === '<<') {
      const dict = new Map<string, Value>();
      while (tokens[i] && tokens[i]!.kind === 'name') {
        const key = text.slice(tokens[i]!.start, tokens[i]!.end);
        i++;
        dict.set(key, value());
      }
      i++;
      return dict;
    }
    if (s === 'true' || s === 'false') return s === 'true';
    if (s === 'null') return null;
    throw new Error(`unexpected ${s}`);
  };
  return value();
}

/** A value written back (numbers as JavaScript writes them, which for Chromium's is as they were). */
export function writeValue(v: Value): string {
  if (v instanceof Ref) return `${v.n} 0 R`;
  if (v instanceof Str) return v.raw;
  if (Array.isArray(v)) return `[${v.map(writeValue).join(' ')}]`;
  if (v instanceof Map) return `<<${[...v].map(([k, x]) => `${k} ${writeValue(x)}`).join('\n')}>>`;
  if (typeof v === 'number') return Number.isInteger(v) || !/e/.test(String(v)) ? String(v) : v.toFixed(6);
  return String(v);
}

export interface Rewrite {
  /** A reference's new object number. */
  ref(n: number): number;
  /** Added to every /StructParent and /StructParents (keys into the parent tree). */
  shift: number;
  /** A structure element's id (a string as written) renamed: in /ID, and in /Headers arrays. */
  id(raw: string): string;
}

/**
 * The first value of `text` from `start` (up to `end`) with references renumbered and the keys of
 * `Rewrite` changed, every other byte as it was; and where that value ends (what follows, `endobj`
 * or a stream, is not rewritten). Throws if the value does not end before `end`.
 */
export function rewrite(text: string, start: number, end: number, how: Rewrite): { text: string; end: number } {
  const tokens = lex(text, start, end);
  const out: string[] = [];
  let copied = start;
  const replace = (from: number, to: number, by: string) => {
    out.push(text.slice(copied, from), by);
    copied = to;
  };
  // Per open container: whether it is a dictionary, the key its next value belongs to, if it is /Headers.
  const stack: { dict: boolean; key?: string; headers: boolean }[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    const top = stack.at(-1);
    const s = text.slice(t.start, t.end);
    if (top?.dict && top.key === undefined && t.kind === 'name') {
      top.key = s;
      continue;
    }
    const key = top?.dict ? top.key : undefined;
    if (top?.dict) top.key = undefined;
    let last = t;
    if (isRef(text, tokens, i)) {
      last = tokens[(i += 2)]!;
      replace(t.start, last.end, `${how.ref(Number(s))} 0 R`);
    } else if (t.kind === 'num' && (key === '/StructParent' || key === '/StructParents')) {
      replace(t.start, t.end, String(Number(s) + how.shift));
    } else if (t.kind === 'str' && (key === '/ID' || top?.headers)) {
      replace(t.start, t.end, how.id(s));
    } else if (t.kind === 'open') {
      stack.push({ dict: s === '<<', headers: key === '/Headers' && s === '[' });
    } else if (t.kind === 'close') {
      stack.pop();
    }
    if (stack.length === 0) {
      out.push(text.slice(copied, last.end));
      return { text: out.join(''), end: last.end };
    }
  }
  throw new Error('value not complete');
}
