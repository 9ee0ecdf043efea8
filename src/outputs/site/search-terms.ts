/**
 * The search's terms, as the page's script (templates/scripts/search.js) finds them in a query: the
 * two must fold and cut text alike, or a query misses what the index holds. Text is folded (lower
 * case, accents and full-width forms dropped, one character for one); Chinese and Japanese runs give
 * each character and each overlapping pair (容器編排: 容 器 編 排 容器 器編 編排); Korean, Latin and
 * other scripts give their words.
 */

const CJK = '\\p{sc=Han}\\p{sc=Hiragana}\\p{sc=Katakana}\\u30fc\\u3005\\u3006';
const SEGMENT = new RegExp(`[${CJK}]+|(?:(?![${CJK}])[\\p{L}\\p{N}\\p{M}_])+`, 'gu');
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

/** A title's terms count for this many of the text's: a section about a word names it in its heading. */
const TITLE_WEIGHT = 5;
/** Occurrences (title ones weighted) from which a term is marked frequent in its section. */
const FREQUENT = 3;

/**
 * The terms of a section's title and text, and whether each is frequent there: the one bit of
 * weight the index keeps, since counts would cost as much as the terms themselves.
 */
export function sectionTerms(title: string, text: string): Map<string, boolean> {
  const counts = new Map<string, number>();
  const add = (source: string, weight: number) => {
    for (const [segment] of fold(source).matchAll(SEGMENT)) {
      if (!IS_CJK.test(segment)) {
        counts.set(segment, (counts.get(segment) ?? 0) + weight);
        continue;
      }
      const chars = Array.from(segment);
      for (let i = 0; i < chars.length; i++) {
        counts.set(chars[i]!, (counts.get(chars[i]!) ?? 0) + weight);
        if (i + 1 < chars.length) {
          const pair = chars[i]! + chars[i + 1]!;
          counts.set(pair, (counts.get(pair) ?? 0) + weight);
        }
      }
    }
  };
  add(title, TITLE_WEIGHT);
  add(text, 1);
  return new Map([...counts].map(([term, count]) => [term, count >= FREQUENT]));
}

/**
 * The bucket of a Chinese or Japanese term (FNV-1a of its UTF-16 units): the index keeps no list
 * of these terms, whose own text would weigh as much as the book's, only their buckets' sections.
 * Two terms in one bucket merely make candidates that the page then checks against the text.
 */
export function bucketOf(term: string, buckets: number): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < term.length; i++) {
    h ^= term.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h % buckets;
}

// A number in text: 5 bits a character, the last from one alphabet and those before from another,
// so a list needs no separators and small numbers (most gaps between sections) take one character.
const LAST = '0123456789abcdefghijklmnopqrstuv';
const MORE = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ!#$%&(';

/** Sorted section numbers, each with its frequent bit, as gaps: `(gap << 1) | frequent`. */
export function encodePostings(postings: number[]): string {
  let out = '';
  let last = -1;
  for (const posting of postings) {
    const section = posting >> 1;
    let n = ((section - last - 1) << 1) | (posting & 1);
    last = section;
    let digits = LAST[n & 31]!;
    for (n >>>= 5; n > 0; n >>>= 5) digits = MORE[n & 31]! + digits;
    out += digits;
  }
  return out;
}
