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
 * In watch mode, later builds reprint only the chapters that changed (reprint.ts).
 */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import type { Browser, Page } from 'puppeteer-core';
import { printPageCss } from '../../assemble/documents.ts';
import type { Templates } from '../../assemble/templates.ts';
import type { RenderedBook } from '../../model.ts';
import { writeFileAtomic } from '../../util/atomic.ts';
import { defineOutput } from '../output.ts';
import { loadPdf, scannable } from './finish.ts';
import { scanPdf } from './scan.ts';
import { blockedWarnings, printGuard, type PrintGuard } from '../../browser/print-guard.ts';
import { startUpdate } from './update.ts';
import { stableInPlace } from './stable-bytes.ts';
import { bookmarks, pdfMetadata } from './metadata.ts';
import { printFront, printHtml, writePrintHtml, type CountedFront, type PrintPart } from './print-documents.ts';
import { printLaterParts, printParts, standInsForLaterParts, type BookPart, type PlacedPart } from './parts.ts';
import { linkTargets, type ChapterPrint } from './chapter.ts';
import { chapterRanges, printKeys, reprintBook, type PdfSession } from './reprint.ts';
import { printWithRetry } from '../../browser/print-watchdog.ts';
import { openForPrint, pdfOf } from '../../browser/print-tab.ts';
import { makeWorkDir, removeWorkDir } from '../../util/work-dir.ts';
import { PAGE_MARK_CLASS } from '../../assemble/page-marks.ts';
import type { PrintedPages } from '../output.ts';
import { linkPageMarks, printedPages } from './page-map.ts';

export const pdfOutput = defineOutput<PdfSession>({
  name: 'pdf',
  createState: () => ({ spliced: false, wholeNext: false }),
  async write({ rendered, templates, outDir, browser, warn, state: session, progress: report }) {
    // The book carries page marks when an EPUB is built with it (build.ts): then the print says where they fall.
    const marked = rendered.pageMarks ?? false;
    const found: { pages?: PrintedPages } = {};
    const target = join(outDir, `${rendered.book.config.output.name}.pdf`);
    const work = await makeWorkDir('print');
    try {
      const guard = printGuard(rendered, work);
      const watchdog = { timeoutMs: rendered.book.config.pdf.printTimeout * 1000, what: 'the PDF', warn };
      const printed = await printWithRetry(browser, watchdog, async (chrome, progress) => {
        const reprinted =
          session && !session.wholeNext
            ? await reprintBook(rendered, templates, chrome, work, guard, session)
            : undefined;
        if (reprinted === 'unchanged' && existsSync(target)) return undefined;
        if (reprinted instanceof Uint8Array) return { pdf: reprinted, how: 'reprinted' as const };
        const printed = report && ((done: number, total: number) => report(done, total, 'prints'));
        const options = { work, guard, session, progress, printed, found: marked ? found : undefined };
        const pdf = await printBook(rendered, templates, chrome, options);
        return { pdf, how: 'whole' as const };
      });
      // The pages of the last whole print hold while no chapter has been reprinted into it.
      const whole = session && !session.spliced ? session.last?.pages : undefined;
      if (!printed) return { files: [target], how: 'unchanged', pages: whole };
      blockedWarnings(guard).forEach(warn);
      await writeFileAtomic(target, printed.pdf);
      return { files: [target], how: printed.how, pages: printed.how === 'whole' ? found.pages : undefined };
    } finally {
      await removeWorkDir(work);
    }
  },
  // The author paused: a PDF with chapters reprinted into it is printed whole once more, so that the
  // file is exactly a full build's, tags included.
  settle(session) {
    if (!session.spliced) return false;
    session.wholeNext = true;
    return true;
  },
});

/** The whole book: printed, then finished (see the top of this file). */
export interface PrintBookOptions {
  /** The print's working folder. */
  work: string;
  guard?: PrintGuard;
  /** Watch mode: keep this whole print for later reprints (reprint.ts). */
  session?: PdfSession;
  /** The size of a part when a long book is printed in parts (parts.ts); Infinity prints it whole. */
  partCharacters?: number;
  /** Print it as one document even if it is long (with the same pages as in parts). */
  whole?: boolean;
  /**
   * Filled in with how many parts were printed (a part that does not land on its pages makes it 1),
   * how many of the later ones side by side on a forecast start that held (parts.ts), and how many
   * of them had to be parsed whole to be joined (merge.ts).
   */
  stats?: { parts: number; forecast?: number; parsed?: number };
  /** Parts printed at once (parts.ts); by default as many as the machine has cores and memory for. */
  printers?: number;
  /** Called as each part is printed: the watchdog's time limit is for one print (print-watchdog.ts). */
  progress?: () => void;
  /**
   * Called with the prints made of all the book needs: the front matter, each part, the front
   * matter again. Chromium says nothing while it prints one, so these are the steps that show.
   */
  printed?: (done: number, total: number) => void;
  /** Filled in with where the pages start, when the book carries page marks (page-map.ts). */
  found?: { pages?: PrintedPages };
}

export async function printBook(
  book: RenderedBook,
  templates: Templates,
  browser: Browser,
  options: PrintBookOptions,
): Promise<Uint8Array> {
  // Watch mode keeps a whole print to reprint chapters into (reprint.ts); a long book's full build
  // is printed in parts (parts.ts). Both print a chapter longer than a part with the same breaks.
  const parted = printParts(book, options.partCharacters);
  const rendered = parted.rendered;
  const parts = options.session || options.whole ? [{ chapters: rendered.chapters }] : parted.parts;
  // Every id the book links to, found once for all parts (and for watch mode's keys).
  let linked: Set<string> | undefined;
  if (options.stats) Object.assign(options.stats, { forecast: 0, parsed: 0 });
  const prints = parts.length + 2;
  let done = 0;
  options.printed?.(0, prints);
  const job: PrintJob = {
    ...{ book, rendered, templates, browser, options, parts },
    firstPart: parts.length > 1 ? parts[0] : undefined,
    targets: () => (linked ??= linkTargets(rendered)),
    count: () => options.printed?.(++done, prints),
    write: (name, part) => writePrintHtml(rendered, templates, options.work, name, part),
  };
  const { work, guard } = options;

  // 1. The front matter alone, to count its pages, while the book loads in another tab. The front
  // matter's tab stays open for print 3 (print-documents.ts).
  const frontHtml = printHtml(rendered, templates, { part: 'front', frontPages: 0 });
  const frontFile = join(work, 'front-1.html');
  const [front, bookPage] = await allOpen(
    writeFile(frontFile, frontHtml)
      .then(() => openForPrint(browser, frontFile, guard))
      .then((tab) => closeOnError(tab, async () => ({ tab, pages: await pageCount(await pdfOf(tab, false)) }))),
    job
      .write('book', { part: 'all', frontPages: 0, chapters: job.firstPart?.chapters })
      .then((f) => openForPrint(browser, f, guard)),
  );
  try {
    job.count();
    const printed = await printFirst(job, bookPage, front.pages);
    return await finishBook(job, printed, front.pages, { html: frontHtml, tab: front.tab });
  } finally {
    await front.tab.close().catch(() => undefined);
  }
}

/** What the steps of one print of the book share. */
interface PrintJob {
  book: RenderedBook;
  /** The book as printed (parts.ts). */
  rendered: RenderedBook;
  templates: Templates;
  browser: Browser;
  options: PrintBookOptions;
  parts: BookPart[];
  /** The first of several parts; undefined when the book is printed in one. */
  firstPart: BookPart | undefined;
  targets: () => Set<string>;
  /** One more print done. */
  count: () => void;
  write: (name: string, part: PrintPart) => Promise<string>;
}

/** 2. Folios that start at 1 after the front matter, then the book (or its first part). */
async function printFirst(job: PrintJob, bookPage: Page, frontPages: number): Promise<Uint8Array> {
  try {
    const css = printPageCss(job.rendered, frontPages);
    const set = await bookPage.evaluate((text) => {
      const style = document.getElementById('quire-page-css');
      if (style) style.textContent = text;
      return style !== null;
    }, css);
    if (job.firstPart) await bookPage.evaluate(standInsForLaterParts, [...job.targets()]);
    // A book's own print.hbs may lack the style element: then load the book again with the right rules.
    if (!set) {
      const file = await job.write('book', { part: 'all', frontPages, chapters: job.firstPart?.chapters });
      await bookPage.goto(pathToFileURL(file).href, { timeout: 0 });
    }
    if (job.options.found) await bookPage.evaluate(linkPageMarks, PAGE_MARK_CLASS);
    const printed = await pdfOf(bookPage);
    job.options.progress?.();
    job.count();
    return printed;
  } finally {
    await bookPage.close().catch(() => undefined);
  }
}

/** 2b and 3: the later parts, the front matter with its numbers, and the finishing update. */
async function finishBook(
  job: PrintJob,
  printed: Uint8Array,
  frontPages: number,
  counted: CountedFront,
): Promise<Uint8Array> {
  const { rendered, templates, browser, options } = job;
  const { work, guard, session } = options;
  const metadata = pdfMetadata(rendered);
  const { bytes, scan } = await scannable(stableInPlace(printed, metadata.date));
  // The finishing update starts now: the later parts go into it as they are printed.
  const update = await startUpdate(bytes, scan, work);
  // 2b. The other parts, each from the page the one before ended on.
  let later: PlacedPart[] | undefined = [];
  if (job.firstPart) {
    const from = {
      ...{ start: scan.pageCount, frontPages, work, guard, targets: job.targets() },
      merge: async (print: ChapterPrint) => {
        const how = await update.appendPart(print);
        if (how === 'parsed' && options.stats) options.stats.parsed = (options.stats.parsed ?? 0) + 1;
      },
      printers: options.printers,
      stats: options.stats,
      alive: options.progress,
      progress: () => {
        options.progress?.();
        job.count();
      },
    };
    later = await printLaterParts(rendered, templates, browser, job.parts.slice(1), from);
    if (!later) return printBook(job.book, templates, browser, { ...options, whole: true });
  }
  if (options.stats) options.stats.parts = 1 + later.length;
  const destPage = scan.destinations;
  for (const { start, print } of later) {
    for (const [id, index] of print.destinations)
      if (index >= print.first) destPage.set(id, start + index - print.first);
  }
  if (options.found) options.found.pages = printedPages(destPage, frontPages);
  const front = await printFront(rendered, templates, browser, work, guard, { frontPages, destPage, counted });
  job.count();
  const finish = { frontPages, bookmarks: bookmarks(rendered), metadata };
  if (session) {
    const keys = printKeys(rendered, templates, job.targets());
    const ranges = chapterRanges(rendered, scan);
    session.last = { bytes, scan, frontPages, keys, ranges, front, reprints: new Map(), pages: options.found?.pages };
    session.spliced = false;
    session.wholeNext = false;
  }
  return update.finish({ front: front.doc, ...finish, partNames: later.map((p) => p.print.names) });
}

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
async function allOpen(
  front: Promise<{ tab: Page; pages: number }>,
  book: Promise<Page>,
): Promise<[{ tab: Page; pages: number }, Page]> {
  const [a, b] = await Promise.allSettled([front, book]);
  if (a.status === 'fulfilled' && b.status === 'fulfilled') return [a.value, b.value];
  if (a.status === 'fulfilled') await a.value.tab.close().catch(() => undefined);
  if (b.status === 'fulfilled') await b.value.close().catch(() => undefined);
  throw a.status === 'rejected' ? a.reason : (b as PromiseRejectedResult).reason;
}
