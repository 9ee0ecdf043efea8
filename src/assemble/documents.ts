/**
 * Stage 3, assemble: rendered chapters through the templates into whole documents,
 * one function per kind of document. Outputs only write what these return.
 */
import type { RenderedBook } from '../model.ts';
import type { UrlResolver } from '../render/references.ts';
import { facesFor, fontFaceCss, textOf, type FontFace } from './fonts.ts';
import type { Templates } from './templates.ts';
import { chapterView, pageView } from './view.ts';

/** CSS page sizes for book.yaml's `pdf.pageSize`. */
const PAGE_SIZES: Record<string, string> = { A4: 'A4', A5: 'A5', Letter: 'letter', '6x9': '6in 9in' };

// Templates print `{{{fontFaces}}}` where the @font-face rules go; they are known only
// once the text is, so a marker stands in and is replaced after rendering.
const FONT_MARKER = '/*quire:font-faces*/';

export interface PrintDocument {
  html: string;
  /** The font files the document uses. */
  faces: FontFace[];
}

/** The whole book as one HTML document for the browser to print. */
export function printDocument(
  rendered: RenderedBook,
  templates: Templates,
  urls: UrlResolver,
  fontUrl: (f: FontFace) => string,
): PrintDocument {
  const html = templates.render('print.hbs', {
    ...pageView(rendered, urls),
    chapters: rendered.chapters.map((c) => chapterView(rendered, c, urls)),
    styles: { base: templates.css('styles/base.css'), print: templates.css('styles/print.css') },
    pageCss: `@page { size: ${PAGE_SIZES[rendered.book.config.pdf.pageSize] ?? 'A4'}; }`,
    fontFaces: FONT_MARKER,
  });
  const faces = facesFor(textOf(html));
  return { html: html.replace(FONT_MARKER, fontFaceCss(faces, fontUrl)), faces };
}

export interface SitePage {
  /** File name inside the site folder. */
  file: string;
  html: string;
}

/** The HTML site: an index (cover and contents) and one page per chapter. */
export function sitePages(rendered: RenderedBook, templates: Templates, urls: UrlResolver): SitePage[] {
  const page = pageView(rendered, urls);
  const chapters = rendered.chapters.map((c) => chapterView(rendered, c, urls));
  const link = (i: number) => {
    const c = chapters[i];
    return c && { href: urls.chapter(c.id, undefined), title: c.label ? `${c.label} ${c.title}` : c.title };
  };
  return [
    { file: 'index.html', html: templates.render('layout.hbs', { ...page, assets: 'assets/' }) },
    ...chapters.map((chapter, i) => ({
      file: `${chapter.id}.html`,
      html: templates.render('layout.hbs', {
        ...page,
        assets: 'assets/',
        chapter,
        prev: link(i - 1),
        next: link(i + 1),
      }),
    })),
  ];
}

export interface EpubChapter {
  id: string;
  title: string;
  filename: string;
  html: string;
}

/** Each chapter as the body of one EPUB content document. */
export function epubChapters(rendered: RenderedBook, templates: Templates, urls: UrlResolver): EpubChapter[] {
  const page = pageView(rendered, urls);
  return rendered.chapters.map((c) => {
    const chapter = chapterView(rendered, c, urls);
    return {
      id: chapter.id,
      title: chapter.label ? `${chapter.label} ${chapter.title}` : chapter.title,
      filename: `${chapter.id}.xhtml`,
      html: templates.render('epub-chapter.hbs', { ...page, chapter }),
    };
  });
}
