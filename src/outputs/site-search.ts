/**
 * The site's search data: one script per chapter (`assets/search/<id>.js`) holding the text of its
 * sections, and a list of them (`assets/search/index.js`). Scripts, not JSON, so a site opened from
 * `file://` can load them; one per chapter, so a long book's first query waits for no single big file
 * and a save in watch mode rewrites just its chapter's piece. The page's script (scripts/search.js)
 * indexes each piece as it arrives, with the tokenizer it also runs on queries.
 */
import { createHash } from 'node:crypto';
import { Parser } from 'htmlparser2';
import type { RenderedBook, RenderedChapter } from '../model.ts';
import { chapterMeta } from '../assemble/view.ts';

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

/** The sections of one chapter's HTML: the text before its first heading belongs to the chapter's title. */
export function chapterSections(chapter: RenderedChapter, title: string): SearchSection[] {
  const sections: SearchSection[] = [[chapter.anchor, title, '']];
  let text: string[] = [];
  let heading: { id: string; text: string[] } | undefined;
  let skipping = 0;
  const stack: boolean[] = [];
  const flush = () => {
    const last = sections[sections.length - 1]!;
    last[2] = (last[2] + ' ' + text.join('')).replace(/\s+/g, ' ').trim();
    text = [];
  };
  const parser = new Parser(
    {
      onopentag(name, attributes) {
        const skip = SKIPPED.has(name) || SKIPPED_CLASSES.test(attributes.class ?? '');
        stack.push(skip);
        if (skip) skipping++;
        if (skipping === 0 && SECTION_HEADINGS.has(name) && attributes.id) heading = { id: attributes.id, text: [] };
        // Block boundaries separate words that the markup alone kept apart.
        if (skipping === 0 && /^(p|li|td|th|dt|dd|br|div|h\d|tr|blockquote|figcaption)$/.test(name)) {
          (heading?.text ?? text).push(' ');
        }
      },
      ontext(data) {
        if (skipping === 0) (heading?.text ?? text).push(data);
      },
      onclosetag(name) {
        if (stack.pop()) skipping--;
        if (heading && SECTION_HEADINGS.has(name) && skipping === 0) {
          flush();
          sections.push([heading.id, heading.text.join('').replace(/\s+/g, ' ').trim(), '']);
          heading = undefined;
        }
      },
    },
    { decodeEntities: true },
  );
  parser.end(chapter.html);
  flush();
  return sections;
}

export interface SearchPiece {
  id: string;
  /** `assets/search/<id>.js` */
  path: string;
  text: string;
  hash: string;
}

/**
 * Pieces as last made, by chapter id, with the HTML they were made from: watch mode makes again
 * only the pieces of chapters whose HTML changed (an unchanged chapter's is the same string).
 */
export type SearchMemo = Map<string, { html: string; title: string; piece: SearchPiece }>;

const sha1 = (text: string) => createHash('sha1').update(text).digest('hex');

/** Script text that calls the page's search with `data`, safe inside a classic script. */
const call = (fn: string, ...args: unknown[]) =>
  `${fn}(${args
    .map((a) =>
      JSON.stringify(a)
        .replace(/</g, '\\u003c')
        .replace(/\u2028|\u2029/g, (c) => `\\u${c.charCodeAt(0).toString(16)}`),
    )
    .join(',')});\n`;

/** Every chapter's piece and the list of them, as site files. */
export function searchFiles(
  rendered: RenderedBook,
  memo?: { last: SearchMemo; next: SearchMemo },
): { path: string; text: string }[] {
  const pieces = rendered.chapters.map((c) => {
    const meta = chapterMeta(rendered, c);
    const id = meta.id;
    const known = memo?.last.get(id);
    if (known && known.html === c.html && known.title === meta.fullTitle) {
      memo!.next.set(id, known);
      return known.piece;
    }
    const href = `${id}.html`;
    const text = call('quireSearch.piece', id, {
      title: meta.fullTitle,
      href,
      sections: chapterSections(c, meta.title),
    });
    const piece = { id, path: `assets/search/${id}.js`, text, hash: sha1(text).slice(0, 10) };
    memo?.next.set(id, { html: c.html, title: meta.fullTitle, piece });
    return piece;
  });
  const index = call(
    'quireSearch.pieces',
    pieces.map((p) => [p.id, p.hash]),
  );
  return [...pieces.map((p) => ({ path: p.path, text: p.text })), { path: 'assets/search/index.js', text: index }];
}
