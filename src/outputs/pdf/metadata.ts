/** What the PDF says about itself: document information and the outline (bookmarks). */
import { tocSections, tocTree, type TocNode } from '../../assemble/view.ts';
import type { RenderedBook } from '../../model.ts';
import { describesEveryImage } from '../../render/image-alt.ts';
import { bookDate, sourceDateEpoch } from '../../util/dates.ts';
import type { Bookmark, PdfMetadata } from './finish.ts';

/** Document information: from book.yaml, dated SOURCE_DATE_EPOCH, else the book's date, else now. */
export function pdfMetadata(rendered: RenderedBook): PdfMetadata {
  const config = rendered.book.config;
  return {
    title: config.title,
    authors: config.authors,
    subject: config.description,
    keywords: config.keywords,
    language: config.language,
    date: sourceDateEpoch() ?? (config.date ? bookDate(config.date) : new Date()),
    // Chromium tags an image without alt text as a Figure without any: not PDF/UA.
    pdfua: rendered.chapters.every((c) => describesEveryImage(c.html)),
  };
}

/** Part > chapter > sub-chapter > section bookmarks with the titles exactly as written. */
export function bookmarks(rendered: RenderedBook): Bookmark[] {
  const mark = (node: TocNode): Bookmark => ({
    title: node.part?.title ?? node.chapter.titles.labelled,
    id: node.chapter.anchor,
    children: [
      ...(node.part ? [] : tocSections(node.chapter).map((h) => ({ title: h.text, id: h.id, children: [] }))),
      ...node.children.map(mark),
    ],
  });
  return tocTree(rendered).map(mark);
}
