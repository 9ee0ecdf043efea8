/**
 * The PDF: the whole book printed by Chromium from one document, then finished with pdf-lib.
 *
 * Chromium cannot put page numbers in a table of contents (no target-counter()), so:
 *   1. print the front matter alone (cover, title page, contents, preface): how many pages it
 *      takes decides where arabic numbering starts;
 *   2. print the whole book, the contents' page numbers still blank in fixed-width slots (when the
 *      last print of the book says how long its front matter was, before print 1: first-print.ts);
 *   3. read from that PDF the page every chapter and section landed on, print the front matter
 *      again with the numbers filled in, and swap those pages' contents into the book.
 * Prints 1 and 3 are a few pages each, so the whole stage costs little more than one print.
 * In watch mode, later builds reprint only the chapters that changed (reprint.ts).
 */
import { join } from 'node:path';
import { existsSync } from 'node:fs';
import type { Browser } from 'puppeteer-core';
import type { Templates } from '../../assemble/templates.ts';
import type { RenderedBook } from '../../model.ts';
import { writeFileAtomic } from '../../util/atomic.ts';
import { defineOutput } from '../output.ts';
import { scannable } from './finish.ts';
import { blockedWarnings, printGuard } from '../../browser/print-guard.ts';
import { startUpdate, type BookUpdate } from './update.ts';
import { deferred, type Deferred } from '../../util/deferred.ts';
import type { PdfPieces } from './update-bytes.ts';
import { stableInPlace } from './stable-bytes.ts';
import { bookmarks, pdfMetadata } from './metadata.ts';
import { printAhead, printFront, writeDocument, writePrintHtml } from './print-documents.ts';
import { printParts } from './parts.ts';
import { printLaterParts, type PlacedPart } from './later-parts.ts';
import { linkTargets, type ChapterPrint } from './chapter.ts';
import { chapterRanges, printKeys, reprintBook, type PdfSession } from './reprint.ts';
import { printWithRetry } from '../../browser/print-watchdog.ts';
import { makeWorkDir, removeWorkDir } from '../../util/work-dir.ts';
import type { PrintedPages } from '../output.ts';
import { printedPages } from './page-map.ts';
import { frontGuess, keepFrontGuess } from './front-guess.ts';
import { printFirst, type FirstPrint } from './first-print.ts';
import type { PrintBookOptions, PrintJob } from './print-job.ts';

export const pdfOutput = defineOutput<PdfSession>({
  name: 'pdf',
  createState: () => ({ spliced: false, wholeNext: false }),
  async write({ rendered, templates, outDir, browser, cache, warn, state: session, progress: report }) {
    // The book carries page marks when an EPUB is built with it (build.ts): then the print says where they fall.
    const marked = rendered.pageMarks ?? false;
    const found: { pages?: PrintedPages } = {};
    const target = join(outDir, `${rendered.book.config.output.name}.pdf`);
    const work = await makeWorkDir('print');
    try {
      const guard = printGuard(rendered, work);
      const watchdog = { timeoutMs: rendered.book.config.pdf.printTimeout * 1000, what: 'the PDF', warn };
      const kept = frontGuess(cache, rendered);
      // Made now, while the browser starts: a 100-page book's document takes some 80 ms. Watch mode's
      // browser is up, and its guess is the last print's.
      const ahead = session ? undefined : printAhead(rendered, templates, kept?.pages ?? 0);
      const printed = await printWithRetry(browser, watchdog, async (chrome, progress) => {
        const reprinted =
          session && !session.wholeNext
            ? await reprintBook(rendered, templates, chrome, work, guard, session)
            : undefined;
        if (reprinted === 'unchanged' && existsSync(target)) return undefined;
        if (reprinted instanceof Uint8Array) return { pdf: reprinted, how: 'reprinted' as const };
        const printed = report && ((done: number, total: number) => report(done, total, 'prints'));
        const last = session?.last && { pages: session.last.frontPages, dests: session.last.front.looked };
        const front: PrintBookOptions['front'] & object = { guess: last ?? kept };
        const options = { work, guard, session, progress, printed, front, ahead, found: marked ? found : undefined };
        const pdf = await printBook(rendered, templates, chrome, options);
        if (front.found) keepFrontGuess(cache, rendered, front.found, kept);
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

export async function printBook(
  book: RenderedBook,
  templates: Templates,
  browser: Browser,
  options: PrintBookOptions,
): Promise<PdfPieces> {
  // Watch mode keeps a whole print to reprint chapters into (reprint.ts); a long book's full build
  // is printed in parts (parts.ts). Both print a chapter longer than a part with the same breaks.
  // Parts made ahead are cut at the default size: a part size given here cuts them again.
  const ahead = options.partCharacters === undefined ? options.ahead : undefined;
  const parted = ahead?.parted ?? printParts(book, options.partCharacters);
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
    bookFile: (frontPages) => {
      const { work } = options;
      const chapters = job.firstPart?.chapters;
      if (ahead?.frontPages === frontPages && ahead.chapters === chapters)
        return writeDocument(work, 'book', ahead.html);
      return writePrintHtml(rendered, templates, work, 'book', { part: 'all', frontPages, chapters });
    },
  };
  // 2b, begun now: a long book's later parts load and forecast their pages while its first part
  // (the front matter) prints; they print once it is known where they begin (later-parts.ts).
  const begun = deferred<{ start: number; frontPages: number }>();
  const updated = deferred<BookUpdate>();
  // Rejected if the print fails, when a book in one part has no later parts waiting on them.
  for (const { promise } of [begun, updated]) promise.catch(() => undefined);
  const later =
    job.firstPart &&
    printLaterParts(rendered, templates, browser, job.parts.slice(1), {
      ...{ from: begun.promise, work: options.work, guard: options.guard, targets: job.targets() },
      merge: async (print: ChapterPrint) => {
        const how = await (await updated.promise).appendPart(print);
        if (how === 'parsed' && options.stats) options.stats.parsed = (options.stats.parsed ?? 0) + 1;
      },
      ...{ printers: options.printers, stats: options.stats, alive: options.progress },
      progress: () => {
        options.progress?.();
        job.count();
      },
    });
  later?.catch(() => undefined);
  const rest = { begun, updated, later };
  try {
    // 1 and 2: the front matter counted, the book (or its first part) printed (first-print.ts).
    const first = await printFirst(job);
    try {
      return await finishBook(job, first, rest);
    } finally {
      // Not waited for (some 20 ms): nothing depends on it, and the build's end closes the browser.
      void first.front.then(({ counted }) => counted.tab.close()).catch(() => undefined);
    }
  } catch (cause) {
    // The later parts stop where they wait, and close their tabs.
    begun.reject(cause);
    updated.reject(cause);
    await later?.catch(() => undefined);
    throw cause;
  }
}

/** The later parts' side of the print: started with the first part, told where they begin. */
interface LaterParts {
  begun: Deferred<{ start: number; frontPages: number }>;
  updated: Deferred<BookUpdate>;
  later: Promise<PlacedPart[] | undefined> | undefined;
}

/** 2b and 3: the later parts, the front matter with its numbers, and the finishing update. */
async function finishBook(job: PrintJob, first: FirstPrint, rest: LaterParts): Promise<PdfPieces> {
  const { rendered, templates, browser, options } = job;
  const { work, guard, session } = options;
  const metadata = pdfMetadata(rendered);
  // The finishing update starts from the book's print: the later parts go into it as they are printed.
  const opened = async (printed: Uint8Array) => {
    const { bytes, scan } = await scannable(stableInPlace(printed, metadata.date));
    return { bytes, scan, update: await startUpdate(bytes, scan, work) };
  };
  // Read while the front matter is counted in the browser (first-print.ts), as it nearly always
  // holds: only a wrong guess of the front matter's length prints the book again.
  const early = opened(first.printed);
  early.catch(() => undefined);
  const { counted, reprinted } = await first.front;
  const frontPages = counted.pages;
  const { bytes, scan, update } = reprinted ? await opened(reprinted) : await early;
  rest.updated.resolve(update);
  rest.begun.resolve({ start: scan.pageCount, frontPages });
  const later = rest.later ? await rest.later : [];
  if (!later) return printBook(job.book, templates, browser, { ...options, whole: true });
  if (options.stats) options.stats.parts = 1 + later.length;
  const destPage = scan.destinations;
  for (const { start, print } of later) {
    for (const [id, index] of print.destinations)
      if (index >= print.first) destPage.set(id, start + index - print.first);
  }
  if (options.found) options.found.pages = printedPages(destPage, frontPages);
  const front = await printFront(rendered, templates, browser, work, guard, { frontPages, destPage, counted });
  if (options.front) options.front.found = { pages: frontPages, dests: front.looked };
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
