/**
 * Printing a long book in parts: Chromium's time per page grows with the document (on the benchmark
 * books, a 2,000-page print took almost three times as long per page as a 500-page one), most of all
 * with many link targets, as the page marks for the EPUB's page list are: Chromium looks for every
 * target on every page it prints, so their cost grows with pages times targets (with marks, a
 * 100-page print took 1.15× as long as without, a 300-page one 2.3×). A book is cut into parts of
 * about PART_CHARACTERS of chapter HTML (some 160 pages), between chapters or before a section
 * heading of a longer one, printed side by side (later-parts.ts), each on its pages in the book (chapter.ts), and
 * joined into one PDF (merge.ts). Each part costs a load, a print and a join: a 100-page book cut
 * in two took longer. The 500-page benchmark book's PDF stage in a full build: 19 s in parts of
 * 550 pages, 10–11 s in parts of 140–200 (PDF alone, 10.5 s and 9 s).
 */
import { Parser } from 'htmlparser2';
import { frontChapters } from '../../assemble/documents.ts';
import { tocSections } from '../../assemble/view.ts';
import type { RenderedBook, RenderedChapter } from '../../model.ts';

const PART_CHARACTERS = 400_000;

/**
 * Where a chapter longer than a part is cut: an empty element that starts a page, put before a
 * section heading of the chapter in every print of the book (whole or in parts), so that both
 * give the same pages.
 */
const PART_BREAK = '<div class="quire-part-break" style="break-before: page"></div>';

export interface BookPart {
  /** The part's chapters, a long chapter cut between parts holding only its share of the HTML. */
  chapters: RenderedChapter[];
  /** When the part opens in the middle of its first chapter: the id of the heading it resumes at. */
  resumesAt?: string;
}

export interface PartedBook {
  /** The book as printed: chapters longer than a part have PART_BREAKs in them. */
  rendered: RenderedBook;
  /** The first holds the front matter's chapters too; a book that is not long is one part. */
  parts: BookPart[];
}

/**
 * The book cut into parts between chapters, and inside a chapter longer than a part at one of its
 * section headings. Books that start chapters on right-hand pages are printed whole: the blank page
 * a part would end with belongs to the chapter after it.
 */
export function printParts(rendered: RenderedBook, partCharacters = PART_CHARACTERS): PartedBook {
  if (rendered.book.config.pdf.recto || partCharacters === Infinity) {
    return { rendered, parts: [{ chapters: rendered.chapters }] };
  }
  const front = frontChapters(rendered).length;
  // The front matter is printed whole in the first part: its chapters are never cut.
  const cuts = rendered.chapters.map((c, i) => (i < front ? [] : chapterCuts(c, partCharacters)));
  const printed: RenderedChapter[] = [];
  const parts: BookPart[] = [{ chapters: [] }];
  let size = 0;
  rendered.chapters.forEach((c, i) => {
    const at = cuts[i]!;
    // The chapter's shares: each after the first opens with the break.
    const bounds = [0, ...at.map((cut) => cut.offset), c.html.length];
    const pieces =
      at.length === 0
        ? [c.html]
        : bounds.slice(1).map((end, k) => (k === 0 ? '' : PART_BREAK) + c.html.slice(bounds[k], end));
    printed.push(at.length === 0 ? c : { ...c, html: pieces.join('') });
    pieces.forEach((html, k) => {
      if (k > 0) parts.push({ chapters: [], resumesAt: at[k - 1]!.id });
      else if (size >= partCharacters && i > front) parts.push({ chapters: [] });
      if (k > 0 || parts.at(-1)!.chapters.length === 0) size = 0;
      parts.at(-1)!.chapters.push(at.length === 0 ? c : { ...c, html });
      size += html.length;
    });
  });
  // A short last part costs a print of its own for little: it joins the one before.
  if (parts.length > 1 && size < partCharacters / 3) {
    const last = parts.pop()!;
    const before = parts.at(-1)!.chapters;
    // Resuming the chapter the part before ends with: the two shares are one again.
    const [first, ...rest] = last.chapters;
    const previous = last.resumesAt ? before.pop()! : undefined;
    before.push(previous ? { ...previous, html: previous.html + first!.html } : first!, ...rest);
  }
  // In parts, the first holds the front matter alone. Chromium writes a destination only for an element
  // that something in the same document links to, and a chapter's ids may be linked to only from later
  // parts (a cross-reference, a cut chapter's footnotes); a part printed alone links to all its ids
  // (chapter.ts).
  const body = parts[0]!.chapters.slice(front);
  if (parts.length > 1 && body.length > 0)
    parts.splice(0, 1, { chapters: parts[0]!.chapters.slice(0, front) }, { chapters: body });
  return { rendered: { ...rendered, chapters: printed }, parts };
}

/**
 * Where a chapter longer than a part is cut: before section headings at the top level of its HTML
 * (not inside a list, quote or box), at least a part apart, and not so near its end that the
 * last share would be short.
 */
function chapterCuts(c: RenderedChapter, partCharacters: number): { offset: number; id: string }[] {
  if (c.html.length <= partCharacters) return [];
  const sections = new Set(tocSections(c).map((h) => h.id));
  const cuts: { offset: number; id: string }[] = [];
  let depth = 0;
  let previous = 0;
  const parser = new Parser({
    onopentag(name, attributes) {
      const offset = parser.startIndex;
      const id = attributes.id;
      if (
        depth === 0 &&
        /^h[1-6]$/.test(name) &&
        id !== undefined &&
        sections.has(id) &&
        offset - previous >= partCharacters &&
        c.html.length - offset >= partCharacters / 3
      ) {
        cuts.push({ offset, id });
        previous = offset;
      }
      depth++;
    },
    onclosetag() {
      depth--;
    },
  });
  parser.end(c.html);
  return cuts;
}
