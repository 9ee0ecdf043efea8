/**
 * Prints 1 and 2 of the book (pdf.ts): the front matter alone, to count its pages (how many decides
 * where arabic numbering starts), and the book, or its first part, with folios from that count.
 * With a guess (the last print of this book, front-guess.ts) the book prints at once, then the front
 * matter is counted in the book's tab, printed with the guessed contents' numbers, and the book
 * prints again only if the count was wrong; without one, the front matter is counted in a tab of its
 * own while the book loads. The front matter's tab stays open for print 3, which a right guess of
 * the numbers saves (print-documents.ts).
 */
import { join } from 'node:path';
import { writeFile } from 'node:fs/promises';
import type { Page } from 'puppeteer-core';
import { printPageCss } from '../../assemble/documents.ts';
import { PAGE_MARK_CLASS } from '../../assemble/page-marks.ts';
import { loadForPrint, openForPrint, pdfOf, replaceForPrint } from '../../browser/print-tab.ts';
import { loadPdf } from './finish.ts';
import { linkPageMarks } from './page-map.ts';
import { standInsForLaterParts } from './later-parts.ts';
import type { FrontGuess } from './front-guess.ts';
import { numberedFront, printHtml, type CountedFront } from './print-documents.ts';
import type { PrintJob } from './print-job.ts';
import { scanPdf } from './scan.ts';

/**
 * The book's first print, and the front matter counted, its tab open (the caller closes it). With a
 * guess the count is still being made in the book's tab when the print is handed back: the caller
 * reads the print meanwhile (pdf.ts), and if the count was not the guessed one, the book's print is
 * `reprinted`.
 */
export interface FirstPrint {
  printed: Uint8Array;
  front: Promise<{ counted: Counted; reprinted?: Uint8Array }>;
}

export async function printFirst(job: PrintJob): Promise<FirstPrint> {
  const { rendered, templates, browser, options } = job;
  const { work, guard } = options;
  const countFront = async (html: string, name: string): Promise<Counted> => {
    const file = join(work, `${name}.html`);
    await writeFile(file, html);
    const tab = await openForPrint(browser, file, guard);
    return closeOnError(tab, async () => {
      const printed = await pdfOf(tab, false);
      return { html, tab, printed, pages: await frontPageCount(job, tab, printed) };
    });
  };
  const unnumbered = () => countFront(printHtml(rendered, templates, { part: 'front', frontPages: 0 }), 'front-1');
  const openBook = (frontPages: number) => job.bookFile(frontPages).then((f) => openForPrint(browser, f, guard));
  const guess = options.front?.guess;
  if (guess !== undefined) return guessedFirst(job, guess, await openBook(guess.pages), unnumbered);
  const [front, bookPage] = await allOpen(unnumbered(), openBook(0));
  try {
    const printed = await printCounted(job, bookPage, front.pages);
    job.count();
    return { printed, front: Promise.resolve({ counted: front }) };
  } catch (cause) {
    await front.tab.close().catch(() => undefined);
    throw cause;
  } finally {
    // Not waited for: the book's print is in hand (see printBook's closing of the front matter's tab).
    void bookPage.close().catch(() => undefined);
  }
}

type Counted = CountedFront & { pages: number };

/**
 * With a guess: the book printed as loaded, with `guess.pages` front pages, then the front matter
 * counted in the same tab (countGuessed), while the caller reads the book's print.
 */
async function guessedFirst(
  job: PrintJob,
  guess: FrontGuess,
  bookPage: Page,
  unnumbered: () => Promise<Counted>,
): Promise<FirstPrint> {
  const printed = await closeOnError(bookPage, () => printAsLoaded(job, bookPage));
  job.count();
  const front = countGuessed(job, guess, bookPage, unnumbered);
  // Handled by the caller when it needs the count; until then a failure must not go unhandled.
  front.catch(() => undefined);
  return { printed, front };
}

/**
 * The front matter counted in the book's tab, printed with the guessed contents' numbers. Printed
 * so, it is often the front matter as finished (pdf.ts keeps it when the numbers hold). Beside the
 * book's print, in a tab of its own, the front matter's load slowed that print down by more than
 * the whole count takes after it in the book's tab, where the fonts are loaded. A count that is not
 * the guessed one is made again as without a guess, so that the count never depends on a guess,
 * and the book printed again.
 */
async function countGuessed(
  job: PrintJob,
  guess: FrontGuess,
  bookPage: Page,
  unnumbered: () => Promise<Counted>,
): Promise<{ counted: Counted; reprinted?: Uint8Array }> {
  let counted: Counted | undefined;
  try {
    const dests = new Map(Object.entries(guess.dests));
    const { html } = numberedFront(job.rendered, job.templates, guess.pages, dests);
    await replaceForPrint(bookPage, html);
    // Its fonts are ready: replaceForPrint waited for them.
    const front = await pdfOf(bookPage, false);
    job.options.progress?.();
    counted = { html, tab: bookPage, printed: front, pages: await frontPageCount(job, bookPage, front) };
    if (counted.pages === guess.pages) return { counted };
    counted = await unnumbered();
    await reloadBook(job, bookPage, counted.pages);
    const reprinted = await printAsLoaded(job, bookPage);
    await bookPage.close().catch(() => undefined);
    return { counted, reprinted };
  } catch (cause) {
    await bookPage.close().catch(() => undefined);
    if (counted && counted.tab !== bookPage) await counted.tab.close().catch(() => undefined);
    throw cause;
  }
}

/** The book printed as its tab holds it, with what the tab needs besides the document (see prepare). */
async function printAsLoaded(job: PrintJob, bookPage: Page): Promise<Uint8Array> {
  await prepare(job, bookPage);
  const printed = await pdfOf(bookPage);
  job.options.progress?.();
  return printed;
}

/** Stand-ins for the later parts' ids, and the page marks' links. */
async function prepare(job: PrintJob, bookPage: Page): Promise<void> {
  if (job.firstPart) await bookPage.evaluate(standInsForLaterParts, [...job.targets()]);
  if (job.options.found) await bookPage.evaluate(linkPageMarks, PAGE_MARK_CLASS);
}

/** The book, loaded with no front pages, printed with folios that start at 1 after `frontPages`. */
async function printCounted(job: PrintJob, bookPage: Page, frontPages: number): Promise<Uint8Array> {
  // A book's own print.hbs may lack the style element: then load the book again with the right rules.
  if (!(await setPageCss(bookPage, printPageCss(job.rendered, frontPages))))
    await reloadBook(job, bookPage, frontPages);
  return printAsLoaded(job, bookPage);
}

/** The book's document (or its first part's) written with `frontPages` and loaded into the tab. */
async function reloadBook(job: PrintJob, bookPage: Page, frontPages: number): Promise<void> {
  await loadForPrint(bookPage, await job.bookFile(frontPages));
}

/** The page rules replaced in a loaded print document; false when it has no place for them. */
const setPageCss = (page: Page, css: string) =>
  page.evaluate((text) => {
    const style = document.getElementById('quire-page-css');
    if (style) style.textContent = text;
    return style !== null;
  }, css);

const pageCount = async (bytes: Uint8Array) => scanPdf(bytes)?.pageCount ?? (await loadPdf(bytes)).getPageCount();

/**
 * The front matter's pages, printed in `tab`: none when it holds nothing at all (a book's own print
 * template may have no cover, title page or contents), though Chromium prints an empty document as
 * a blank page. Anything else, even an empty element, counts as printed: before a forced break, it
 * can leave a page of its own in the book. A long book's first part is the front matter printed
 * alone, and that print's page stays in the book: there it counts too.
 */
async function frontPageCount(job: PrintJob, tab: Page, printed: Uint8Array): Promise<number> {
  const pages = await pageCount(printed);
  // An empty document prints as one page: only then is the tab asked.
  if (job.firstPart || pages !== 1) return pages;
  const empty = await tab.evaluate(() => document.body.children.length === 0 && !document.body.textContent?.trim());
  return empty ? 0 : pages;
}

/** `use(tab)`, closing the tab if it fails. */
async function closeOnError<T>(tab: Page, use: () => Promise<T>): Promise<T> {
  try {
    return await use();
  } catch (cause) {
    await tab.close().catch(() => undefined);
    throw cause;
  }
}

/** Both tabs opened side by side: if one fails, the other is closed before the error goes on. */
async function allOpen(front: Promise<Counted>, book: Promise<Page>): Promise<[Counted, Page]> {
  const [a, b] = await Promise.allSettled([front, book]);
  if (a.status === 'fulfilled' && b.status === 'fulfilled') return [a.value, b.value];
  if (a.status === 'fulfilled') await a.value.tab.close().catch(() => undefined);
  if (b.status === 'fulfilled') await b.value.close().catch(() => undefined);
  throw a.status === 'rejected' ? a.reason : (b as PromiseRejectedResult).reason;
}
