/**
 * Page marks: empty spans put where each block of a chapter starts its text (paragraphs, list items,
 * headings, table rows, captions, and every line of a code block), so that the print can say which
 * page each one landed on and the EPUB can mark the print edition's pages at the same places.
 *
 * The book is marked once, when the PDF and the EPUB are built together (build.ts), and both
 * write the same marked chapters, so a mark's id names the same place in both. A mark goes right before the block's first text (or image,
 * drawing, formula), inside the block: an empty inline there changes no layout, and it sits on the
 * line the text starts on, which is the page a reader finds that text on (a block's own box can
 * start on the page before, where only its top margin is).
 */
import { Parser } from 'htmlparser2';
import type { RenderedBook, RenderedChapter } from '../model.ts';

export const PAGE_MARK_CLASS = 'quire-page-mark';

/** The prefix of every mark's id: `quire-page-<chapter>-<n>`, `<chapter>` the chapter's index. */
const ID_PREFIX = 'quire-page-';

export const isPageMark = (id: string | undefined): boolean => id !== undefined && id.startsWith(ID_PREFIX);

/** Where a mark is: its chapter's index in the book, and its number in the chapter. */
export function pageMarkPlace(id: string): { chapter: number; n: number } {
  const [chapter, n] = id.slice(ID_PREFIX.length).split('-').map(Number);
  return { chapter: chapter!, n: n! };
}

/** Blocks whose first text gets a mark; one that holds another block gives its mark to that one. */
const BLOCKS = new Set([
  ...['p', 'li', 'dt', 'dd', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'tr', 'caption', 'figcaption', 'figure'],
  ...['blockquote', 'div', 'section', 'aside', 'details', 'summary', 'pre', 'address'],
]);

/** Where nothing may be put: raw text, foreign content, controls. */
const CLOSED = new Set([
  ...['svg', 'math', 'script', 'style', 'textarea', 'title', 'template', 'select', 'option', 'button'],
  ...['iframe', 'object', 'noscript', 'video', 'audio', 'picture'],
]);

/** What counts as the start of a block's content besides text: these are marked before their tag. */
const EMBEDDED = new Set(['img', 'svg', 'math', 'video', 'audio', 'picture']);

/** Every chapter of the book with its marks. */
export function withPageMarks(rendered: RenderedBook): RenderedBook {
  return { ...rendered, chapters: rendered.chapters.map((c, i) => markChapter(c, i)), pageMarks: true };
}

const markChapter = (c: RenderedChapter, index: number): RenderedChapter => ({
  ...c,
  html: markPageStarts(c.html, `${ID_PREFIX}${index}-`),
});

/** The chapter's HTML with a mark before the first content of each block and of each code line. */
export function markPageStarts(html: string, prefix: string): string {
  const at: number[] = [];
  // How many CLOSED elements the parser is inside.
  let closed = 0;
  let pending = false;
  let inPre = 0;
  // Nothing goes inside a CLOSED element: its block is marked at the next content after it.
  const mark = (offset: number) => {
    if (closed > 0) return;
    if (pending) at.push(offset);
    pending = false;
  };
  const content = /\S/g;
  const parser = new Parser(
    {
      onopentag(name) {
        if (EMBEDDED.has(name)) mark(parser.startIndex);
        // A table row's mark goes in its first cell with text (a span between cells is no HTML).
        if (BLOCKS.has(name) && closed === 0) pending = true;
        if (name === 'pre') inPre++;
        if (CLOSED.has(name)) closed++;
      },
      // htmlparser2 closes every element it opened (void and unclosed ones too), innermost first.
      onclosetag(name) {
        if (CLOSED.has(name)) closed--;
        if (name === 'pre') inPre--;
      },
      ontext(text) {
        // Each line of a code block is marked too: a listing longer than a page has its pages.
        content.lastIndex = 0;
        for (;;) {
          const first = content.exec(text)?.index;
          if (first === undefined) break;
          mark(parser.startIndex + first);
          const newline = inPre > 0 ? text.indexOf('\n', first) : -1;
          if (newline === -1) break;
          content.lastIndex = newline + 1;
          pending = true;
        }
      },
    },
    { decodeEntities: false },
  );
  parser.end(html);
  if (at.length === 0) return html;
  const pieces: string[] = [];
  let last = 0;
  at.forEach((offset, n) => {
    pieces.push(html.slice(last, offset), `<span class="${PAGE_MARK_CLASS}" id="${prefix}${n + 1}"></span>`);
    last = offset;
  });
  pieces.push(html.slice(last));
  return pieces.join('');
}
