/**
 * The site's search data, in two parts (see search-index.ts): the index, `assets/search/index.js`,
 * which the page loads before it can search and which holds no text; and one script per chapter,
 * `assets/search/<id>.js`, the text of its sections, which the page loads only for the sections it
 * shows as results (for their snippets, and to check a Chinese or Japanese phrase is really there).
 * Scripts, not JSON, so a site opened from `file://` can load them; one per chapter, so a save in
 * watch mode rewrites just its chapter's text.
 */
import { Parser } from 'htmlparser2';
import type { RenderedBook, RenderedChapter } from '../../model.ts';
import { documentHash, LONG_CHARS, type PiecedDocument } from '../../assemble/pieces.ts';
import { searchIndex, type IndexedChapter, type IndexedSection } from './search-index.ts';
import { sectionTerms } from './search-terms.ts';

/** A section: its anchor, its title, and its text as the reader sees it (code blocks left out). */
export type SearchSection = [anchor: string, title: string, text: string];

/** Headings that start a section of their own in the results. */
const SECTION_HEADINGS = new Set(['h2', 'h3', 'h4']);
/**
 * What the search leaves out: code blocks (commands and listings, half of a technical book's
 * Markdown, whose words a reader rarely looks up in prose form), formulas (KaTeX writes each one
 * twice), drawings, and footnote marks.
 */
const SKIPPED = new Set(['pre', 'script', 'style', 'svg', 'math', 'template']);
const SKIPPED_CLASSES = /\b(katex|footnote-ref|footnote-backref)\b/;

/**
 * The sections of one chapter's HTML, each handed to `each` as soon as it ends (a long chapter's
 * text is never held whole): the text before its first heading belongs to the chapter's title.
 */
export function chapterSections(chapter: RenderedChapter, title: string, each: (section: SearchSection) => void): void {
  let current: { id: string; title: string } = { id: chapter.anchor, title };
  let text: string[] = [];
  let heading: { id: string; text: string[] } | undefined;
  let skipping = 0;
  const stack: boolean[] = [];
  const squeeze = (parts: string[]) => parts.join('').replace(/\s+/g, ' ').trim();
  const parser = new Parser(
    {
      onopentag(name, attributes) {
        const skip = SKIPPED.has(name) || SKIPPED_CLASSES.test(attributes.class ?? '');
        stack.push(skip);
        if (skip) skipping++;
        if (skipping > 0) return;
        if (SECTION_HEADINGS.has(name) && attributes.id) {
          each([current.id, current.title, squeeze(text)]);
          text = [];
          heading = { id: attributes.id, text: [] };
        }
        // Block boundaries separate words that the markup alone kept apart.
        if (BLOCKS.test(name)) (heading?.text ?? text).push(' ');
      },
      ontext(data) {
        if (skipping === 0) (heading?.text ?? text).push(data);
      },
      onclosetag(name) {
        if (stack.pop()) skipping--;
        if (heading && SECTION_HEADINGS.has(name) && skipping === 0) {
          current = { id: heading.id, title: squeeze(heading.text) };
          heading = undefined;
        }
      },
    },
    { decodeEntities: true },
  );
  parser.end(chapter.html);
  each([current.id, current.title, squeeze(text)]);
}

const BLOCKS = /^(p|li|td|th|dt|dd|br|div|h\d|tr|blockquote|figcaption)$/;

export interface SearchPiece {
  id: string;
  /** `assets/search/<id>.js` */
  path: string;
  /** The script; a long chapter's in pieces, a section each (see assemble/pieces.ts). */
  text: PiecedDocument;
  /** The SHA-1 of `text`: the site's file hash in watch mode, and (its start) the version pages load. */
  hash: string;
  /** What the index holds of the chapter. */
  indexed: IndexedChapter;
}

/**
 * Pieces as last made, by chapter id, with the HTML they were made from: watch mode makes again
 * only the pieces of chapters whose HTML changed (an unchanged chapter's is the same string).
 */
export type SearchMemo = Map<string, { html: string; title: string; piece: SearchPiece }>;

/** JSON that is safe inside a classic script: no `</script>`, no line separators older engines reject. */
const scriptJson = (value: unknown) =>
  JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/\u2028|\u2029/g, (c) => `\\u${c.charCodeAt(0).toString(16)}`);

/**
 * A chapter's text, `quireSearch.text(id, [section text, …])`, and its terms for the index. A long
 * chapter's sections are kept as UTF-8 pieces, one each, so its text never lies in memory as one string.
 */
function chapterPiece(chapter: RenderedChapter): SearchPiece {
  const { id } = chapter.chapter;
  const before = `quireSearch.text(${scriptJson(id)},[`;
  const after = ']);\n';
  const long = chapter.html.length > LONG_CHARS;
  const texts: (string | Buffer)[] = [];
  const sections: IndexedSection[] = [];
  chapterSections(chapter, chapter.titles.heading, ([anchor, title, text]) => {
    const json = scriptJson(text) + ',';
    texts.push(long ? Buffer.from(json) : json);
    sections.push({ anchor, title, terms: sectionTerms(title, text) });
  });
  const text: PiecedDocument = long ? { before, body: texts, after } : before + texts.join('') + after;
  const hash = documentHash(text);
  const indexed = { id, version: hash.slice(0, 10), title: chapter.titles.labelled, href: `${id}.html`, sections };
  return { id, path: `assets/search/${id}.js`, text, hash, indexed };
}

/** Every chapter's text and the index, as site files. */
export function searchFiles(
  rendered: RenderedBook,
  memo?: { last: SearchMemo; next: SearchMemo },
): { path: string; text: PiecedDocument; hash?: string }[] {
  const pieces = rendered.chapters.map((c) => {
    const title = c.titles.labelled;
    const known = memo?.last.get(c.chapter.id);
    const piece = known && known.html === c.html && known.title === title ? known.piece : chapterPiece(c);
    memo?.next.set(c.chapter.id, { html: c.html, title, piece });
    return piece;
  });
  const index = searchIndex(pieces.map((p) => p.indexed));
  return [
    ...pieces.map((p) => ({ path: p.path, text: p.text, hash: p.hash })),
    { path: 'assets/search/index.js', text: `quireSearch.index(${scriptJson(index)});\n` },
  ];
}
