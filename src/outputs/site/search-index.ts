/**
 * The search index (`assets/search/index.js`): what the page loads before it can search, so it
 * holds no text. Sections are numbered through the book; for each term, the sections holding it:
 *   - words (Latin, Korean, …): sorted, so the page finds those a typed start begins, each with
 *     its sections;
 *   - Chinese and Japanese characters and pairs: no list of them (see bucketOf), only each bucket's
 *     sections;
 *   - per chapter, its id, the version of its text (`<id>.js`), title, page and sections' anchors
 *     and titles, so results are listed before their text arrives.
 */
import { bucketOf, encodePostings, IS_CJK } from './search-terms.ts';

/** A section's terms, and whether each is frequent there (1) or not (0). */
export interface SectionTerms {
  anchor: string;
  title: string;
  terms: string[];
  frequent: Uint8Array;
}

export interface IndexedChapter {
  id: string;
  /** The version of its text file, which the page asks for. */
  version: string;
  title: string;
  href: string;
  sections: SectionTerms[];
}

export interface SearchIndexData {
  chapters: [id: string, version: string, title: string, href: string, sections: string[]][];
  words: string;
  wordPostings: string;
  buckets: number;
  pairs: string;
}

export function searchIndex(chapters: IndexedChapter[]): SearchIndexData {
  // Each term's postings, `(section << 1) | frequent`, in section order since sections are read in order.
  const postings = new Map<string, number[]>();
  let n = 0;
  for (const chapter of chapters) {
    for (const section of chapter.sections) {
      section.terms.forEach((term, i) => {
        const posting = (n << 1) | section.frequent[i]!;
        const list = postings.get(term);
        if (list) list.push(posting);
        else postings.set(term, [posting]);
      });
      n++;
    }
  }
  const words: string[] = [];
  const pairs: string[] = [];
  for (const term of postings.keys()) (IS_CJK.test(term) ? pairs : words).push(term);
  words.sort();
  // As many buckets as terms: about a third stay empty, and most terms have one of their own.
  const count = Math.max(1, pairs.length);
  const buckets: number[][] = Array.from({ length: count }, () => []);
  for (const term of pairs) {
    const b = bucketOf(term, count);
    buckets[b] = buckets[b]!.length === 0 ? postings.get(term)! : union(buckets[b]!, postings.get(term)!);
  }
  return {
    chapters: chapters.map((c) => [c.id, c.version, c.title, c.href, c.sections.flatMap((s) => [s.anchor, s.title])]),
    words: words.join(' '),
    wordPostings: words.map((w) => encodePostings(postings.get(w)!)).join(' '),
    buckets: count,
    pairs: buckets.map(encodePostings).join(' '),
  };
}

/** Two terms' postings in one bucket: every section of either, frequent if either is. */
function union(a: number[], b: number[]): number[] {
  const out: number[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    const x = i < a.length ? a[i]! >> 1 : Infinity;
    const y = j < b.length ? b[j]! >> 1 : Infinity;
    if (x < y) out.push(a[i++]!);
    else if (y < x) out.push(b[j++]!);
    else out.push(a[i++]! | b[j++]!);
  }
  return out;
}
