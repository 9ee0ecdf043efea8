/**
 * Prints 1 and 2 of the book (pdf.ts): the front matter alone, to count its pages (how many decides
 * where arabic numbering starts), and the book, or its first part, with folios from that count.
 * With a guess (the last print of this book, front-guess.ts) the book prints at once while the front
 * matter is counted beside it, printed with the guessed contents' numbers, and the book prints again
 * only if the count was wrong; without one, it waits for the count. The front matter's tab stays
 * open for print 3, which a right guess of the numbers saves (print-documents.ts).
 */
import { join } from 'node:path';
import { writeFile } from 'node:fs/promises';
import type { Page } from 'puppeteer-core';
import { printPageCss } from '../../assemble/documents.ts';
import { PAGE_MARK_CLASS } from '../../assemble/page-marks.ts';
import { loadForPrint, openForPrint, pdfOf } from '../../browser/print-tab.ts';
import { loadPdf } from './finish.ts';
import { linkPageMarks } from './page-map.ts';
import { standInsForLaterParts } from './later-parts.ts';
import type { FrontGuess } from './front-guess.ts';
import { numberedFront, printHtml, type CountedFront } from './print-documents.ts';
import type { PrintJob } from './print-job.ts';
import { scanPdf } from './scan.ts';

/** The book's first print, and the front matter counted, its tab open (the caller closes it). */
export async function printFirst(job: PrintJob): Promise<{ printed: Uint8Array; front: Counted }> {
  const { rendered, templates, browser, options } = job;
  const { work, guard } = options;
  const countFront = async (html: string, name: string): Promise<Counted> => {
    const file = join(work, `${name}.html`);
    await writeFile(file, html);
    const tab = await openForPrint(browser, file, guard);
    return closeOnError(tab, async () => {
      const printed = await pdfOf(tab, false);
      return { html, tab, printed, pages: await pageCount(printed) };
    });
  };
  const unnumbered = () => countFront(printHtml(rendered, templates, { part: 'front', frontPages: 0 }), 'front-1');
  const openBook = (frontPages: number) =>
    job
      .write('book', { part: 'all', frontPages, chapters: job.firstPart?.chapters })
      .then((f) => openForPrint(browser, f, guard));
  const guess = options.front?.guess;
  const [counting, bookPage] =
    guess === undefined
      ? await allOpen(unnumbered(), openBook(0)).then(([front, tab]) => [Promise.resolve(front), tab] as const)
      : await openBook(guess.pages).then((tab) => [guessedFront(job, guess, countFront, unnumbered), tab] as const);
  // Awaited after the book's print; a failure before then must not go unhandled meanwhile.
  counting.catch(() => undefined);
  try {
    const printed = await printBook(job, bookPage, guess?.pages, counting);
    const front = await counting;
    job.count();
    return { printed, front };
  } catch (cause) {
    await counting.then((f) => f.tab.close()).catch(() => undefined);
    throw cause;
  }
}

type Counted = CountedFront & { pages: number };

/**
 * The front matter printed with the guessed numbers, and its pages counted. Printed so, it is
 * often the front matter as finished (pdf.ts keeps it when the numbers hold); a count that is not
 * the guessed one is made again as without a guess, so that the count never depends on a guess.
 */
async function guessedFront(
  job: PrintJob,
  guess: FrontGuess,
  countFront: (html: string, name: string) => Promise<Counted>,
  unnumbered: () => Promise<Counted>,
): Promise<Counted> {
  const dests = new Map(Object.entries(guess.dests));
  const { html } = numberedFront(job.rendered, job.templates, guess.pages, dests);
  const counted = await countFront(html, 'front-1');
  if (counted.pages === guess.pages) return counted;
  await counted.tab.close().catch(() => undefined);
  return unnumbered();
}

/**
 * Folios that start at 1 after the front matter: printed as loaded with `guess` front pages, and
 * again once the count says otherwise.
 */
async function printBook(
  job: PrintJob,
  bookPage: Page,
  guess: number | undefined,
  counting: Promise<{ pages: number }>,
): Promise<Uint8Array> {
  // What the book's tab needs besides the document: stand-ins for the later parts' ids, page marks' links.
  const prepare = async () => {
    if (job.firstPart) await bookPage.evaluate(standInsForLaterParts, [...job.targets()]);
    if (job.options.found) await bookPage.evaluate(linkPageMarks, PAGE_MARK_CLASS);
  };
  const print = async () => {
    const printed = await pdfOf(bookPage);
    job.options.progress?.();
    return printed;
  };
  try {
    await prepare();
    let printed = guess === undefined ? undefined : await print();
    const { pages } = await counting;
    if (pages !== guess) {
      // A book's own print.hbs may lack the style element: then load the book again with the right rules.
      if (!(await setPageCss(bookPage, printPageCss(job.rendered, pages)))) {
        const file = await job.write('book', { part: 'all', frontPages: pages, chapters: job.firstPart?.chapters });
        await loadForPrint(bookPage, file);
        await prepare();
      }
      printed = await print();
    }
    job.count();
    return printed!;
  } finally {
    await bookPage.close().catch(() => undefined);
  }
}

/** The page rules replaced in a loaded print document; false when it has no place for them. */
const setPageCss = (page: Page, css: string) =>
  page.evaluate((text) => {
    const style = document.getElementById('quire-page-css');
    if (style) style.textContent = text;
    return style !== null;
  }, css);

const pageCount = async (bytes: Uint8Array) => scanPdf(bytes)?.pageCount ?? (await loadPdf(bytes)).getPageCount();

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
