/**
 * The print edition's page numbers in the EPUB, when the PDF is built in the same run: the PDF says
 * which page mark each of its pages starts at (outputs/pdf/page-map.ts); the chapters are written
 * with the same marks (assemble/page-marks.ts), those marks become page breaks, the others go
 * (chapter-body.ts), and the navigation document lists the breaks that were written.
 */
import { pageMarkPlace } from '../../assemble/page-marks.ts';
import type { RenderedBook } from '../../model.ts';
import type { PrintedPages } from '../output.ts';

/** The label of the page each mark starts, by mark; undefined when the PDF gave no pages. */
export function pageBreaksOf(printed: PrintedPages | undefined): Map<string, string> | undefined {
  return printed?.breaks.length ? new Map(printed.breaks.map((b) => [b.id, b.label])) : undefined;
}

/**
 * The page list: a link to every page break written, in the book's order. A mark the XHTML writer
 * had to leave out (inside raw HTML it dropped) has no entry: the list never points at nothing.
 * `chapters` are the EPUB's chapter documents in the book's order, with the ids each was written with.
 */
export function pageList(
  printed: PrintedPages | undefined,
  chapters: { filename: string; ids: Set<string> | undefined }[],
): { href: string; label: string }[] {
  return (printed?.breaks ?? []).flatMap(({ id, label }) => {
    const chapter = chapters[pageMarkPlace(id).chapter];
    return chapter?.ids?.has(id) ? [{ href: `${chapter.filename}#${id}`, label }] : [];
  });
}

/** The print edition, as the package's `dc:source` names it. */
export const printEdition = (rendered: RenderedBook): string =>
  `${rendered.book.config.title}: print edition (${rendered.book.config.output.name}.pdf)`;
