/**
 * The print edition's pages, for the EPUB built in the same run: for each page of the PDF that some
 * chapter text starts on, the page mark (assemble/page-marks.ts) of the first block or code line
 * that starts there, and the page's label as the PDF's /PageLabels give it (i, ii, … then 1, 2, …).
 *
 * Chromium writes a named destination for an element only when a link in the same document points
 * at it; it collects those links from the document, so links in a `display: none` holder are
 * enough: they are neither drawn nor tagged, and the layout is the same as without them.
 */
import { folio, pageNumbering } from '../../assemble/page-numbering.ts';
import { isPageMark, pageMarkPlace } from '../../assemble/page-marks.ts';
import type { PrintedPages } from '../output.ts';

/**
 * Runs in the print's tab: a hidden link to every page mark, so that Chromium writes each one's
 * destination. Takes the class as an argument: the function is serialized into the page.
 */
export function linkPageMarks(markClass: string): void {
  const holder = document.createElement('div');
  holder.style.display = 'none';
  for (const mark of document.querySelectorAll(`span.${markClass}[id]`)) {
    holder.appendChild(document.createElement('a')).href = `#${encodeURIComponent(mark.id)}`;
  }
  if (holder.firstChild) document.body.appendChild(holder);
}

/**
 * From the page each destination fell on, the page breaks the EPUB marks: one per page, at the
 * first mark on it, in the order of the book. Marks come in document order (their ids number them
 * within each chapter); one that falls on an earlier page than a mark before it (something moved
 * out of order by the layout) is passed over, so the page list only goes forward. A page on which
 * no chapter text starts (the cover, the contents, a blank page, one filled by a single image)
 * has no mark in the EPUB rather than one in the wrong place.
 *
 * Known limit: Chromium can report a destination one page early for text that its layout moved to
 * the next page after placing it (seen where a heading, kept with the image after it, went over
 * with that image): 7 of the 972 page breaks of the kubernetes-handbook corpus book, none in the
 * sample book or rust-by-example. Reading the printed text back would catch it; the destinations
 * alone cannot.
 */
export function printedPages(destPage: Map<string, number>, frontPages: number): PrintedPages {
  const marks = [...destPage].filter(([id]) => isPageMark(id)).sort(([a], [b]) => compareMarks(a, b));
  const numbering = pageNumbering(frontPages);
  const breaks: PrintedPages['breaks'] = [];
  let lastPage = -1;
  for (const [id, page] of marks) {
    if (page <= lastPage) continue;
    breaks.push({ id, label: folio(numbering, page) });
    lastPage = page;
  }
  return { breaks };
}

/** Marks in the book's order. */
function compareMarks(a: string, b: string): number {
  const [pa, pb] = [pageMarkPlace(a), pageMarkPlace(b)];
  return pa.chapter - pb.chapter || pa.n - pb.n;
}
