/**
 * The PDF: the whole book printed by Chromium from one document, then finished with pdf-lib.
 *
 * Chromium cannot put page numbers in a table of contents (no target-counter()), so:
 *   1. print the front matter alone (cover, title page, contents, preface): how many pages it
 *      takes decides where arabic numbering starts;
 *   2. print the whole book, the contents' page numbers still blank in fixed-width slots;
 *   3. read from that PDF the page every chapter and section landed on, print the front matter
 *      again with the numbers filled in, and swap those pages' contents into the book.
 * Prints 1 and 3 are a few pages each, so the whole stage costs little more than one print.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'puppeteer-core';
import { printDocument, printPageCss, type PrintOptions } from '../assemble/documents.ts';
import type { Templates } from '../assemble/templates.ts';
import { chapterView, tocSections, type PageLookup } from '../assemble/view.ts';
import type { RenderedBook } from '../model.ts';
import { romanNumerals } from '../assemble/print-css.ts';
import { writeFileAtomic } from '../util/atomic.ts';
import { bookDate, sourceDateEpoch } from '../util/dates.ts';
import { QuireError } from '../util/errors.ts';
import { chapterAnchors, type Output, type UrlResolver } from './output.ts';
import { destinations, finishPdf, loadPdf, type Bookmark, type PdfMetadata } from './pdf-finish.ts';
import { scanPdf } from './pdf-scan.ts';
import { blockedWarnings, guardPage, printGuard, type PrintGuard } from './print-guard.ts';
import { finishIncrementally } from './pdf-update.ts';
import { printWithRetry } from './print-watchdog.ts';

export function printUrls(rendered: RenderedBook): UrlResolver {
  const anchorOf = chapterAnchors(rendered);
  const files = new Map(rendered.assets.map((a) => [a.path, a.file]));
  return {
    chapter: (id, anchor) => `#${anchorOf(id, anchor)}`,
    asset: (path, anchor) => pathToFileURL(files.get(path) ?? path).href + (anchor ? `#${anchor}` : ''),
  };
}

/** Fonts load straight from the npm packages. */
export const fontUrl = (face: { file: string }) => pathToFileURL(face.file).href;

type PrintPart = Pick<PrintOptions, 'part' | 'frontPages' | 'pageOf'>;

/** The print document as the PDF stage prints it (the benchmark prints the same one). */
export function printHtml(
  rendered: RenderedBook,
  templates: Templates,
  part: PrintPart = { part: 'all', frontPages: 0 },
): string {
  return printDocument(rendered, templates, { urls: printUrls(rendered), fontUrl, ...part }).html;
}

export const pdfOutput: Output = {
  name: 'pdf',
  async write({ rendered, templates, outDir, browser, warn }) {
    const target = join(outDir, `${rendered.book.config.output.name}.pdf`);
    const work = await mkdtemp(join(tmpdir(), 'quire-print-'));
    try {
      const guard = printGuard(rendered, work);
      const watchdog = { timeoutMs: rendered.book.config.pdf.printTimeout * 1000, what: 'the PDF', warn };
      const pdf = await printWithRetry(browser, watchdog, (chrome) =>
        printBook(rendered, templates, chrome, work, guard),
      );
      blockedWarnings(guard).forEach(warn);
      await writeFileAtomic(target, pdf);
    } finally {
      await rm(work, { recursive: true, force: true });
    }
    return [target];
  },
};

export async function printBook(
  rendered: RenderedBook,
  templates: Templates,
  browser: Browser,
  work: string,
  guard?: PrintGuard,
): Promise<Uint8Array> {
  const write = async (name: string, part: PrintPart) => {
    const file = join(work, `${name}.html`);
    await writeFile(file, printHtml(rendered, templates, part));
    return file;
  };
  const pageCount = async (bytes: Uint8Array) => scanPdf(bytes)?.pageCount ?? (await loadPdf(bytes)).getPageCount();

  // 1. The front matter alone, to count its pages, while the book loads in another tab.
  const [frontPages, bookPage] = await Promise.all([
    write('front-1', { part: 'front', frontPages: 0 })
      .then((f) => printFile(browser, f, guard))
      .then(pageCount),
    write('book', { part: 'all', frontPages: 0 }).then((f) => openForPrint(browser, f, guard)),
  ]);
  // 2. Folios that start at 1 after the front matter, then the book.
  let bookBytes: Uint8Array;
  try {
    const css = printPageCss(rendered, printUrls(rendered), frontPages);
    const set = await bookPage.evaluate((text) => {
      const style = document.getElementById('quire-page-css');
      if (style) style.textContent = text;
      return style !== null;
    }, css);
    // A book's own print.hbs may lack the style element: then load the book again with the right rules.
    if (!set) await bookPage.goto(pathToFileURL(await write('book', { part: 'all', frontPages })).href, { timeout: 0 });
    bookBytes = await pdfOf(bookPage);
  } finally {
    await bookPage.close().catch(() => undefined);
  }
  // 3. The contents with their page numbers, then the finishing touches: appended to Chromium's
  //    bytes as an incremental update when the quick scan understood the file, else through pdf-lib.
  const scan = scanPdf(bookBytes);
  const destPage = scan?.destinations ?? destinations(await loadPdf(bookBytes));
  const anchorOf = chapterAnchors(rendered);
  const roman = romanNumerals(frontPages);
  const folio = (index: number) => (index < frontPages ? roman[index]! : String(index - frontPages + 1));
  const pageOf: PageLookup = (chapterId, anchor) => {
    const index = destPage.get(anchorOf(chapterId, anchor));
    return index === undefined ? undefined : folio(index);
  };
  const front = await loadPdf(
    await printFile(browser, await write('front-2', { part: 'front', frontPages, pageOf }), guard),
  );
  const finish = { frontPages, bookmarks: bookmarks(rendered), metadata: pdfMetadata(rendered) };
  if (scan) return finishIncrementally(bookBytes, scan, { front, ...finish });
  return finishPdf(await loadPdf(bookBytes), { frontMatter: front, ...finish });
}

/** Document information: from book.yaml, dated SOURCE_DATE_EPOCH, else the book's date, else now. */
export function pdfMetadata(rendered: RenderedBook, title = rendered.book.config.title): PdfMetadata {
  const config = rendered.book.config;
  return {
    title,
    author: config.authors.join(', '),
    subject: config.description,
    keywords: config.keywords,
    language: config.language,
    date: sourceDateEpoch() ?? (config.date ? bookDate(config.date) : new Date()),
  };
}

/** Chapter > section bookmarks with the titles exactly as written. */
function bookmarks(rendered: RenderedBook): Bookmark[] {
  const urls = printUrls(rendered);
  return rendered.chapters.map((c) => ({
    title: chapterView(rendered, { ...c, html: '' }, urls).fullTitle,
    id: c.anchor,
    children: tocSections(c).map((h) => ({ title: h.text, id: h.id, children: [] })),
  }));
}

/** Print one HTML file to PDF bytes, once its fonts have loaded. */
export async function printFile(browser: Browser, file: string, guard?: PrintGuard): Promise<Uint8Array> {
  const page = await openForPrint(browser, file, guard);
  try {
    return await pdfOf(page, false);
  } finally {
    await page.close().catch(() => undefined);
  }
}

/** A tab with the document loaded and its fonts ready. */
async function openForPrint(browser: Browser, file: string, guard?: PrintGuard): Promise<Page> {
  const page = await browser.newPage();
  try {
    if (guard) await guardPage(page, guard);
    // Scripts in an author's raw HTML do not run while printing: a book prints the same every time.
    await page.setJavaScriptEnabled(false);
    await page.goto(pathToFileURL(file).href, { waitUntil: 'load', timeout: 0 });
    await page.evaluate(() => document.fonts.ready.then(() => undefined));
    return page;
  } catch (cause) {
    await page.close().catch(() => undefined);
    throw printError(cause);
  }
}

/** Print an open tab; `fontsChanged` when its styles changed since it loaded (new glyphs to fetch). */
async function pdfOf(page: Page, fontsChanged = true): Promise<Uint8Array> {
  try {
    if (fontsChanged) await page.evaluate(() => document.fonts.ready.then(() => undefined));
    // Bookmarks come from Quire (pdf-finish.ts); `tagged` keeps the structure for accessibility.
    return await page.pdf({ preferCSSPageSize: true, printBackground: true, outline: false, tagged: true, timeout: 0 });
  } catch (cause) {
    throw printError(cause);
  }
}

const printError = (cause: unknown) =>
  new QuireError('the browser failed to print the PDF', {
    cause,
    hint: 'run the build again; if it persists, report it with the message above',
  });
