/**
 * The print documents the PDF stage writes for Chromium: the book (or one part of it) and the front
 * matter, which is printed twice (see pdf.ts): once to count its pages, once with the contents' page
 * numbers filled in from where each heading landed.
 */
import { createHash } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Browser } from 'puppeteer-core';
import { printDocument, type PrintOptions } from '../../assemble/documents.ts';
import type { Templates } from '../../assemble/templates.ts';
import type { PageLookup } from '../../assemble/view.ts';
import type { PrintGuard } from '../../browser/print-guard.ts';
import { printFile } from '../../browser/print-tab.ts';
import type { RenderedBook } from '../../model.ts';
import { chapterAnchors } from '../output.ts';
import { fontUrl, printUrls } from '../print-urls.ts';
import { loadPdf } from './finish.ts';
import { pageLabeller } from './page-map.ts';
import type { PDFDocument } from 'pdf-lib';

/** The front matter as printed with its page numbers. */
export interface PrintedFront {
  /** A hash of the document printed. */
  key: string;
  doc: PDFDocument;
}

export type PrintPart = Pick<PrintOptions, 'part' | 'frontPages' | 'pageOf' | 'chapters'>;

/** The print document as the PDF stage prints it (the benchmark prints the same one). */
export function printHtml(
  rendered: RenderedBook,
  templates: Templates,
  part: PrintPart = { part: 'all', frontPages: 0 },
): string {
  return printDocument(rendered, templates, { urls: printUrls(rendered), fontUrl, ...part }).html;
}

/**
 * The front matter printed with the contents' page numbers filled in. Watch mode passes the last
 * one: when the document is the same (no number or title moved), it is not printed again.
 */
export async function printFront(
  rendered: RenderedBook,
  templates: Templates,
  browser: Browser,
  work: string,
  guard: PrintGuard | undefined,
  { frontPages, destPage }: { frontPages: number; destPage: Map<string, number> },
  last?: PrintedFront,
): Promise<PrintedFront> {
  const anchorOf = chapterAnchors(rendered);
  const folio = pageLabeller(frontPages);
  const pageOf: PageLookup = (chapterId, anchor) => {
    const index = destPage.get(anchorOf(chapterId, anchor));
    return index === undefined ? undefined : folio(index);
  };
  const html = printHtml(rendered, templates, { part: 'front', frontPages, pageOf });
  const key = createHash('sha256').update(html).digest('hex');
  if (last?.key === key) return last;
  const file = join(work, 'front-2.html');
  await writeFile(file, html);
  return { key, doc: await loadPdf(await printFile(browser, file, guard)) };
}

export async function writePrintHtml(
  rendered: RenderedBook,
  templates: Templates,
  work: string,
  name: string,
  part: PrintPart,
): Promise<string> {
  const file = join(work, `${name}.html`);
  await writeFile(file, printHtml(rendered, templates, part));
  return file;
}
