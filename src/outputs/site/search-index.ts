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
import { bucketOf, type SectionTerms } from './search-terms.ts';

export interface IndexedSection {
  anchor: string;
  title: string;
  terms: SectionTerms;
}

export interface IndexedChapter {
  id: string;
  /** The version of its text file, which the page asks for. */
  version: string;
  title: string;
  href: string;
  sections: IndexedSection[];
}

export interface SearchIndexData {
  chapters: [id: string, version: string, title: string, href: string, sections: string[]][];
  words: string;
  wordPostings: string;
  buckets: number;
  pairs: string;
}

export function searchIndex(chapters: IndexedChapter[]): SearchIndexData {
  const sections = chapters.flatMap((c) => c.sections.map((s) => s.terms));
  const words = collect(
    sections,
    (s) => s.words,
    (s) => s.wordFlags,
  );
  const pairs = collect(
    sections,
    (s) => s.pairs,
    (s) => s.pairFlags,
  );
  const byWord = words.keys.map((_, id) => id).sort((a, b) => (words.keys[a]! < words.keys[b]! ? -1 : 1));
  // As many buckets as terms: about a third stay empty, and most terms have one of their own.
  const count = Math.max(1, pairs.keys.length);
  const buckets: number[][] = Array.from({ length: count }, () => []);
  pairs.keys.forEach((hash, id) => buckets[bucketOf(hash, count)]!.push(id));
  const wordText = new PostingsText(words.postings.length);
  for (const id of byWord) wordText.list(words.of(id));
  const pairText = new PostingsText(pairs.postings.length);
  for (const ids of buckets) pairText.list(ids.length === 1 ? pairs.of(ids[0]!) : union(ids.map(pairs.of)));
  return {
    // An anchor that is its title (a heading's id in Chinese often is) is written once.
    chapters: chapters.map((c) => [
      c.id,
      c.version,
      c.title,
      c.href,
      c.sections.flatMap((s) => [s.anchor === s.title ? '' : s.anchor, s.title]),
    ]),
    words: byWord.map((id) => words.keys[id]).join(' '),
    wordPostings: wordText.text(),
    buckets: count,
    pairs: pairText.text(),
  };
}

/**
 * Every term's postings, `(section << 1) | frequent`, in section order, in one typed array: a long
 * book has about a million, which arrays per term would make slow to gather and to collect.
 */
function collect<T>(
  sections: SectionTerms[],
  terms: (s: SectionTerms) => ArrayLike<T>,
  flags: (s: SectionTerms) => Uint8Array,
): { keys: T[]; postings: Int32Array; of: (id: number) => Int32Array } {
  const ids = new Map<T, number>();
  const keys: T[] = [];
  const total = sections.reduce((sum, s) => sum + terms(s).length, 0);
  const termOf = new Int32Array(total);
  const postingOf = new Int32Array(total);
  let counts = new Int32Array(1024);
  let k = 0;
  sections.forEach((section, n) => {
    const list = terms(section);
    const frequent = flags(section);
    for (let i = 0; i < list.length; i++) {
      let id = ids.get(list[i]!);
      if (id === undefined) {
        id = keys.push(list[i]!) - 1;
        ids.set(list[i]!, id);
        if (id === counts.length) counts = grow(counts);
      }
      counts[id]!++;
      termOf[k] = id;
      postingOf[k++] = (n << 1) | frequent[i]!;
    }
  });
  const starts = new Int32Array(keys.length + 1);
  for (let id = 0; id < keys.length; id++) starts[id + 1] = starts[id]! + counts[id]!;
  const next = starts.slice(0, keys.length);
  const postings = new Int32Array(total);
  for (let j = 0; j < total; j++) postings[next[termOf[j]!]!++] = postingOf[j]!;
  return { keys, postings, of: (id) => postings.subarray(starts[id], starts[id + 1]) };
}

const grow = (a: Int32Array) => {
  const more = new Int32Array(a.length * 2);
  more.set(a);
  return more;
};

/** The postings of the terms in one bucket: every section of any, frequent if any is. */
function union(lists: Int32Array[]): Int32Array {
  return lists.reduce((a: Int32Array, b) => {
    const out = new Int32Array(a.length + b.length);
    let i = 0;
    let j = 0;
    let k = 0;
    while (i < a.length || j < b.length) {
      const x = i < a.length ? a[i]! >> 1 : Infinity;
      const y = j < b.length ? b[j]! >> 1 : Infinity;
      out[k++] = x < y ? a[i++]! : y < x ? b[j++]! : a[i++]! | b[j++]!;
    }
    return out.subarray(0, k);
  }, new Int32Array(0));
}

// A number in text: 5 bits a character, the last from one alphabet and those before from another,
// so a list needs no separators and small numbers (most gaps between sections) take one character.
const LAST = Buffer.from('0123456789abcdefghijklmnopqrstuv');
const MORE = Buffer.from('ABCDEFGHIJKLMNOPQRSTUVWXYZ!#$%&(');
const SPACE = 32;

/**
 * Lists of postings as text, one after another with a space between: each posting as its gap
 * from the one before and its frequent bit, `((section − last − 1) << 1) | frequent`. Written as
 * bytes, since a long book's lists come to megabytes of digits.
 */
class PostingsText {
  private bytes: Buffer;
  private length = 0;
  private lists = 0;
  constructor(postings: number) {
    this.bytes = Buffer.alloc(postings * 2 + 1024);
  }
  list(postings: ArrayLike<number>): void {
    if (this.lists++ > 0) this.write(SPACE);
    let last = -1;
    for (let i = 0; i < postings.length; i++) {
      const section = postings[i]! >> 1;
      const n = ((section - last - 1) << 1) | (postings[i]! & 1);
      last = section;
      let shift = 0;
      while (n >>> (shift + 5) > 0) shift += 5;
      for (; shift > 0; shift -= 5) this.write(MORE[(n >>> shift) & 31]!);
      this.write(LAST[n & 31]!);
    }
  }
  text(): string {
    return this.bytes.toString('latin1', 0, this.length);
  }
  private write(byte: number): void {
    if (this.length === this.bytes.length) {
      const more = Buffer.alloc(this.bytes.length * 2);
      this.bytes.copy(more);
      this.bytes = more;
    }
    this.bytes[this.length++] = byte;
  }
}
