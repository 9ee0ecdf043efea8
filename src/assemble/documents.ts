/**
 * Stage 3, assemble: rendered chapters through the templates into whole documents,
 * one function per kind of document. Outputs only write what these return.
 */
import { pathToFileURL } from 'node:url';
import type { RenderedBook, RenderedChapter } from '../model.ts';
import { facesFor, textOf, type FontFace } from './fonts.ts';
import { bookFamilies, bookFontCss } from './book-fonts.ts';
import { hyphenateHtml } from './hyphenate.ts';
import { bookHasMath, KATEX_CSS } from './math-assets.ts';
import type { Templates } from './templates.ts';
import { labelsFor } from '../render/labels.ts';
import { cssString, pageCss } from './print-css.ts';
import { pageNumbering } from './page-numbering.ts';
import { aroundBody, balancedPieces, BODY_MARK, LONG_CHARS, type PiecedDocument } from './pieces.ts';
import { bookView, chapterMeta, pageView, printChapterView, type PageLookup } from './view.ts';
import { resolveQuireUrls, type UrlResolver } from '../render/quire-urls.ts';

// Templates print `{{{fontFaces}}}` where the @font-face rules go; they are known only
// once the text is, so a marker stands in and is replaced after rendering.
const FONT_MARKER = '/*quire:font-faces*/';

export interface PrintDocument {
  html: string;
}

export interface PrintOptions {
  urls: UrlResolver;
  fontUrl: (face: FontFace) => string;
  /**
   * `front`: only what comes before the first numbered chapter (cover, title page, contents, preface);
   * `chapters`: the chapters given alone, for printing them apart (see outputs/pdf/chapter.ts).
   * `all` with `chapters`: the front matter and those chapters (the first part of a book printed in parts).
   */
  part: 'all' | 'front' | 'chapters';
  /** The chapters to print, when not all of them (a long chapter's share of a part has only its share of HTML). */
  chapters?: RenderedChapter[];
  /** Pages before the first numbered chapter, once known (0 before). */
  frontPages: number;
  /** Page numbers for the table of contents, once known. */
  pageOf?: PageLookup;
}

/** Chapters printed in the front matter: the unnumbered ones before the first numbered chapter. */
export function frontChapters(rendered: RenderedBook): RenderedChapter[] {
  const first = rendered.chapters.findIndex((c) => c.chapter.number !== undefined);
  return first === -1 ? [] : rendered.chapters.slice(0, first);
}

/** The whole book (or its front matter) as one HTML document for the browser to print. */
export function printDocument(rendered: RenderedBook, templates: Templates, options: PrintOptions): PrintDocument {
  const { urls } = options;
  const frontCount = frontChapters(rendered).length;
  const included =
    options.part === 'front' ? rendered.chapters.slice(0, frontCount) : (options.chapters ?? rendered.chapters);
  const chapters = included.map((c) => printChapterView(rendered, forPrint(rendered, c), urls));
  const html = templates.render('print.hbs', {
    ...pageView(rendered, urls, options.pageOf ?? (() => placeholderPage)),
    chapters,
    styles: { base: templates.css('styles/base.css'), print: templates.css('styles/print.css') },
    pageCss: printPageCss(rendered, options.frontPages),
    fontFaces: FONT_MARKER,
    mathCss: printMathCss(rendered),
  });
  return withFonts(html, rendered, options.fontUrl);
}

/** A chapter as printed: justified, so with soft hyphens where its language allows them. */
const forPrint = (rendered: RenderedBook, chapter: RenderedChapter): RenderedChapter => ({
  ...chapter,
  html: figuresAsGroups(hyphenateHtml(chapter.html, rendered.book.config.language)),
});

/**
 * Chromium tags an HTML `<figure>` as a /Figure of its own with no alternative text (it takes that
 * from an image's alt alone) around the image's /Figure, and PDF/UA wants every Figure described.
 * As a group the figure is a plain container: its image is the one Figure, its caption a /Caption.
 */
const figuresAsGroups = (html: string) => html.replace(/<figure\b(?![^>]*\srole\s*=)/gi, '<figure role="group"');

/** KaTeX's stylesheet, straight from the package (the print guard allows its folder), when needed. */
const printMathCss = (rendered: RenderedBook) => (bookHasMath(rendered) ? pathToFileURL(KATEX_CSS).href : undefined);

/**
 * The print document's page rules (print.hbs puts them in `<style id="quire-page-css">`): page size,
 * folios and running heads. Only `frontPages` changes between the prints of one book.
 */
export function printPageCss(rendered: RenderedBook, frontPages: number): string {
  const frontCount = frontChapters(rendered).length;
  const left = leftHeads(rendered);
  return pageCss({
    pdf: rendered.book.config.pdf,
    bookTitle: rendered.book.config.title,
    numbering: pageNumbering(frontPages),
    heads: rendered.chapters.map((c, i) => ({
      page: `ch-${c.chapter.id}`,
      title: c.titles.labelled,
      front: i < frontCount,
      left: left.get(c.chapter.id),
    })),
  });
}

/**
 * The left running head of each chapter, by id, where it is not the book's title: a sub-chapter's
 * pages name its chapter, a chapter's pages its part.
 */
export function leftHeads(rendered: RenderedBook): Map<string, string | undefined> {
  const byId = new Map(rendered.chapters.map((c) => [c.chapter.id, c]));
  const parts = new Map(rendered.book.parts.map((p) => [p.id, p.title]));
  return new Map(
    rendered.chapters.map((chapter) => {
      let top = chapter;
      while (top.chapter.parent !== undefined && byId.has(top.chapter.parent)) top = byId.get(top.chapter.parent)!;
      const left =
        top !== chapter
          ? top.titles.labelled
          : chapter.chapter.part === undefined
            ? undefined
            : parts.get(chapter.chapter.part);
      return [chapter.chapter.id, left];
    }),
  );
}

/** Replace the font marker with @font-face rules for just the faces the document's text needs. */
function withFonts(html: string, rendered: RenderedBook, fontUrl: (face: FontFace) => string): PrintDocument {
  const { book } = rendered;
  const faces = facesFor(textOf(html), bookFamilies(book));
  return { html: html.replace(FONT_MARKER, () => bookFontCss(book, faces, fontUrl)) };
}

/** One chapter as a handout: book and chapter title in the head, "page X of Y" in the foot. */
export function handoutDocument(
  rendered: RenderedBook,
  chapter: RenderedChapter,
  templates: Templates,
  options: Pick<PrintOptions, 'urls' | 'fontUrl'>,
): PrintDocument {
  const config = rendered.book.config;
  const view = printChapterView(rendered, forPrint(rendered, chapter), options.urls);
  const head = { page: view.page, title: view.fullTitle, front: false };
  const html = templates.render('handout.hbs', {
    ...pageView(rendered, options.urls),
    chapter: view,
    styles: { base: templates.css('styles/base.css'), print: templates.css('styles/print.css') },
    pageCss: [
      pageCss({
        pdf: { ...config.pdf, recto: false },
        bookTitle: config.title,
        numbering: pageNumbering(0),
        heads: [head],
      }),
      `@page ${view.page} { @bottom-center { content: ${pageOfContent(labelsFor(config.language).pageOf)}; } }`,
    ].join('\n'),
    fontFaces: FONT_MARKER,
    mathCss: printMathCss(rendered),
  });
  return withFonts(html, rendered, options.fontUrl);
}

/** The cover as a page of its own, for the browser to photograph when the book has no cover image. */
export function coverImageDocument(
  rendered: RenderedBook,
  templates: Templates,
  fontUrl: (face: FontFace) => string,
): PrintDocument {
  const html = templates.render('cover-image.hbs', {
    book: bookView(rendered),
    styles: { base: templates.css('styles/base.css') },
    fontFaces: FONT_MARKER,
  });
  return withFonts(html, rendered, fontUrl);
}

/** "第 {page} 頁，共 {pages} 頁" as CSS content: strings around counter(page) and counter(pages). */
export function pageOfContent(template: string): string {
  return template
    .split(/(\{page\}|\{pages\})/)
    .filter(Boolean)
    .map((part) => (part === '{page}' ? 'counter(page)' : part === '{pages}' ? 'counter(pages)' : cssString(part)))
    .join(' ');
}

/**
 * Before page numbers are known the contents show this in their fixed-width slots: the same layout,
 * and text in the same places, so the pages printed later with real numbers replace them exactly.
 */
const placeholderPage = '0';

export interface EpubChapter {
  id: string;
  title: string;
  filename: string;
  /** The chapter document; a long chapter's body in pieces that each close what they open. */
  html: PiecedDocument;
}

/** Each chapter as the body of one EPUB content document. */
export function epubChapters(rendered: RenderedBook, templates: Templates, urls: UrlResolver): EpubChapter[] {
  const page = pageView(rendered, urls);
  return rendered.chapters.map((c) => {
    const meta = chapterMeta(rendered, c);
    const layout = (html: string) => templates.render('epub-chapter.hbs', { ...page, chapter: { ...meta, html } });
    const html =
      (c.html.length > LONG_CHARS &&
        aroundBody(
          layout(BODY_MARK),
          balancedPieces(c.html).map((piece) => resolveQuireUrls(piece, urls)),
        )) ||
      layout(resolveQuireUrls(c.html, urls));
    return { id: meta.id, title: meta.fullTitle, filename: `${meta.id}.xhtml`, html };
  });
}
