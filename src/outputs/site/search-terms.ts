/**
 * The search's terms, as the page's script (templates/scripts/search-core.js) finds them in a query: the
 * two must fold and cut text alike, or a query misses what the index holds. Text is folded (lower
 * case, accents and full-width forms dropped, one character for one); Chinese and Japanese runs give
 * each character and each overlapping pair (容器編排: 容 器 編 排 容器 器編 編排); Korean, Latin and
 * other scripts give their words.
 */

const CJK = '\\p{sc=Han}\\p{sc=Hiragana}\\p{sc=Katakana}\\u30fc\\u3005\\u3006';
// The page's `(?:(?![CJK])[\p{L}\p{N}\p{M}_])+`, written as a set difference: the same runs, found
// in a third less time (a long book's text is megabytes).
const SEGMENT = new RegExp(`[${CJK}]+|[[\\p{L}\\p{N}\\p{M}_]--[${CJK}]]+`, 'gv');
export const IS_CJK = new RegExp(`^[${CJK}]`, 'u');

// Letters that are a base letter with a stroke, which Unicode does not decompose.
const STROKED: Record<string, string> = { ł: 'l', ø: 'o', đ: 'd', ħ: 'h', ı: 'i', ŧ: 't', ƀ: 'b', ɨ: 'i', ʉ: 'u' };

export function fold(text: string): string {
  const lower = text.replace(/\u0130/g, 'I').toLowerCase();
  const folded = lower.replace(
    /[\u00c0-\u024f\u1e00-\u1eff\uff01-\uff5e]/g,
    (c) => STROKED[c] ?? c.normalize('NFKD').charAt(0).toLowerCase(),
  );
  return folded.length === text.length ? folded : text;
}

/** Occurrences from which a term is marked frequent in its section; a title's terms always are. */
const FREQUENT = 3;

/** A section's terms, each with whether it is frequent there (1) or not (0). */
export interface SectionTerms {
  words: string[];
  wordFlags: Uint8Array;
  /**
   * Chinese and Japanese characters and pairs, by their hash (see bucketOf): no text kept. The top
   * 30 bits of FNV-1a, so that each is a small integer to V8 and a map keyed by them stays quick.
   */
  pairs: Uint32Array;
  pairFlags: Uint8Array;
}

/**
 * The terms of a section's title and text, and whether each is frequent there: the one bit of
 * weight the index keeps, since counts would cost as much as the terms themselves. Characters and
 * pairs are hashed straight from the text and counted by sorting (a long book has millions), so
 * neither a string nor a map entry is made for each.
 */
export function sectionTerms(title: string, text: string): SectionTerms {
  const words = new Map<string, number>();
  // At most a character and a pair for each UTF-16 unit, the title's counted FREQUENT times.
  const hashes = new Uint32Array((title.length * FREQUENT + text.length) * 2);
  let length = 0;
  const add = (source: string, times: number) => {
    for (const match of fold(source).matchAll(SEGMENT)) {
      const segment = match[0];
      if (!IS_CJK.test(segment)) {
        words.set(segment, (words.get(segment) ?? 0) + times);
        continue;
      }
      for (let i = 0; i < segment.length;) {
        const next = i + (segment.codePointAt(i)! > 0xffff ? 2 : 1);
        const one = fnv(segment, i, next, FNV_START);
        for (let t = 0; t < times; t++) hashes[length++] = one >>> 2;
        if (next < segment.length) {
          const pair = fnv(segment, next, next + (segment.codePointAt(next)! > 0xffff ? 2 : 1), one) >>> 2;
          for (let t = 0; t < times; t++) hashes[length++] = pair;
        }
        i = next;
      }
    }
  };
  add(title, FREQUENT);
  add(text, 1);
  // Sorted, each run of one hash is one term: kept once, frequent if the run is long enough.
  const sorted = hashes.subarray(0, length).sort();
  const pairs = new Uint32Array(length);
  const pairFlags = new Uint8Array(length);
  let count = 0;
  for (let i = 0; i < length;) {
    let j = i + 1;
    while (j < length && sorted[j] === sorted[i]) j++;
    pairs[count] = sorted[i]!;
    pairFlags[count++] = j - i >= FREQUENT ? 1 : 0;
    i = j;
  }
  return {
    words: [...words.keys()],
    wordFlags: Uint8Array.from(words.values(), (n) => (n >= FREQUENT ? 1 : 0)),
    pairs: pairs.slice(0, count),
    pairFlags: pairFlags.slice(0, count),
  };
}

const FNV_START = 0x811c9dc5;
/** FNV-1a of `text`'s UTF-16 units from `from` to `to`, going on from `h`. */
function fnv(text: string, from: number, to: number, h: number): number {
  for (let i = from; i < to; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

/**
 * The bucket of a Chinese or Japanese term, from its hash: the index keeps no list of these terms,
 * whose own text would weigh as much as the book's, only their buckets' sections. Two terms in one
 * bucket merely make candidates that the page then checks against the text.
 */
export const bucketOf = (hash: number, buckets: number) => hash % buckets;
