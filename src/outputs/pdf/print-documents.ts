/**
 * The print documents the PDF stage writes for Chromium: the book (or one part of it) and the front
 * matter, which is printed twice (see pdf.ts): once to count its pages, once with the contents' page
 * numbers filled in from where each heading landed. The second print reuses the first one's tab
 * when it can: only numbers change, and loading the document and its fonts again is most of the
 * cost of printing a few pages. When the first print had the numbers right (guessed from the last
 * print of the book), there is no second.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Browser } from 'puppeteer-core';
import { printDocument, type PrintOptions } from '../../assemble/documents.ts';
import type { Templates } from '../../assemble/templates.ts';
import type { PageLookup } from '../../assemble/view.ts';
import type { PrintGuard } from '../../browser/print-guard.ts';
import { pdfOf, printFile } from '../../browser/print-tab.ts';
import type { Page } from 'puppeteer-core';
import type { RenderedBook, RenderedChapter } from '../../model.ts';
import { printParts, type PartedBook } from './parts.ts';
import { chapterAnchors } from '../output.ts';
import { fontUrl, printUrls } from '../print-urls.ts';
import { loadPdf } from './finish.ts';
import { folio, pageNumbering } from '../../assemble/page-numbering.ts';
import type { PDFDocument } from 'pdf-lib';
import { contentKey } from '../../util/content-key.ts';

/** The front matter as printed with its page numbers. */
export interface PrintedFront {
  /** A hash of the document printed. */
  key: string;
  doc: PDFDocument;
  /** The page (from 0) of each destination its numbers came from: the next print's guess (front-guess.ts). */
  looked: Record<string, number>;
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
 * The front matter with the contents' page numbers taken from `destPage` (where each destination
 * fell in the book's print), and the destinations it looked up.
 */
export function numberedFront(
  rendered: RenderedBook,
  templates: Templates,
  frontPages: number,
  destPage: ReadonlyMap<string, number>,
): { html: string; looked: Record<string, number> } {
  const anchorOf = chapterAnchors(rendered);
  const numbering = pageNumbering(frontPages);
  const looked: Record<string, number> = {};
  const pageOf: PageLookup = (chapterId, anchor) => {
    const id = anchorOf(chapterId, anchor);
    const index = destPage.get(id);
    if (index === undefined) return undefined;
    looked[id] = index;
    return folio(numbering, index);
  };
  return { html: printHtml(rendered, templates, { part: 'front', frontPages, pageOf }), looked };
}

/**
 * The front matter as first printed (to count its pages), its tab still open. When the numbers
 * were guessed (front-guess.ts), `printed` is that print: kept if the guess was right.
 */
export interface CountedFront {
  html: string;
  tab: Page;
  printed?: Uint8Array;
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
  { frontPages, destPage, counted }: { frontPages: number; destPage: Map<string, number>; counted?: CountedFront },
  last?: PrintedFront,
): Promise<PrintedFront> {
  const { html, looked } = numberedFront(rendered, templates, frontPages, destPage);
  const key = contentKey(html);
  if (last?.key === key) return last;
  if (counted?.printed && counted.html === html) return { key, looked, doc: await loadPdf(counted.printed) };
  if (counted && (await fillIn(counted, html))) return { key, looked, doc: await loadPdf(await pdfOf(counted.tab)) };
  const file = join(work, 'front-2.html');
  await writeFile(file, html);
  return { key, looked, doc: await loadPdf(await printFile(browser, file, guard)) };
}

export async function writePrintHtml(
  rendered: RenderedBook,
  templates: Templates,
  work: string,
  name: string,
  part: PrintPart,
): Promise<string> {
  return writeDocument(work, name, printHtml(rendered, templates, part));
}

/** A print document written to the print's working folder, for the browser to load. */
export async function writeDocument(work: string, name: string, html: string): Promise<string> {
  const file = join(work, `${name}.html`);
  await writeFile(file, html);
  return file;
}

/**
 * The book cut into parts (parts.ts) and the document its first print loads, with `frontPages`:
 * made while the browser starts, which the PDF stage waits for (pdf.ts).
 */
export interface PrintAhead {
  parted: PartedBook;
  frontPages: number;
  /** The first part's chapters, when the book is printed in parts (PrintJob.firstPart). */
  chapters: RenderedChapter[] | undefined;
  html: string;
}

export function printAhead(book: RenderedBook, templates: Templates, frontPages: number): PrintAhead {
  const parted = printParts(book);
  const chapters = parted.parts.length > 1 ? parted.parts[0]!.chapters : undefined;
  const html = printHtml(parted.rendered, templates, { part: 'all', frontPages, chapters });
  return { parted, frontPages, chapters, html };
}

/** The page rules that depend on the front matter's length (print-css.ts), apart from the rest. */
const PAGE_CSS = /(<style id="quire-page-css">)([\s\S]*?)(<\/style>)/;

/**
 * The numbered front matter put into the tab that printed it unnumbered: its page rules replaced,
 * and in its body every text and attribute that differs, when both bodies have the same elements.
 * False (nothing changed) when the documents differ in anything else: a fresh tab prints it then.
 */
async function fillIn({ html: before, tab }: CountedFront, html: string): Promise<boolean> {
  const outside = (doc: string) => doc.replace(PAGE_CSS, '$1$3').replace(/<body[\s\S]*$/, '');
  const css = PAGE_CSS.exec(html)?.[2];
  if (css === undefined || outside(before) !== outside(html)) return false;
  return tab.evaluate(
    (html, css) => {
      const next = new DOMParser().parseFromString(html, 'text/html').body;
      const edits: (() => void)[] = [];
      // Walked with a stack, not a named inner function: the page has none of the helpers the
      // TypeScript loader wraps named functions in.
      const pairs: [Node, Node][] = [[document.body, next]];
      for (let pair = pairs.pop(); pair; pair = pairs.pop()) {
        const [a, b] = pair;
        if (a.nodeType !== b.nodeType || a.nodeName !== b.nodeName) return false;
        if (a instanceof CharacterData) {
          const data = (b as CharacterData).data;
          if (a.data !== data) edits.push(() => (a.data = data));
          continue;
        }
        if (a instanceof Element && b instanceof Element) {
          for (const name of new Set([...a.getAttributeNames(), ...b.getAttributeNames()])) {
            const value = b.getAttribute(name);
            if (a.getAttribute(name) === value) continue;
            edits.push(() => (value === null ? a.removeAttribute(name) : a.setAttribute(name, value)));
          }
        }
        if (a.childNodes.length !== b.childNodes.length) return false;
        a.childNodes.forEach((child, i) => pairs.push([child, b.childNodes[i]!]));
      }
      const style = document.getElementById('quire-page-css');
      if (!style) return false;
      style.textContent = css;
      edits.forEach((edit) => edit());
      return true;
    },
    html,
    css,
  );
}
