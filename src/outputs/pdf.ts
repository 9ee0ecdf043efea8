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
 * In watch mode, later builds reprint only the chapters that changed (pdf-reprint.ts).
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import type { Browser } from 'puppeteer-core';
import { printDocument, printPageCss, type PrintOptions } from '../assemble/documents.ts';
import type { Templates } from '../assemble/templates.ts';
import { chapterMeta, tocSections, tocTree, type PageLookup, type TocNode } from '../assemble/view.ts';
import type { RenderedBook } from '../model.ts';
import { describesEveryImage } from '../render/image-alt.ts';
import { romanNumerals } from '../assemble/print-css.ts';
import { writeFileAtomic } from '../util/atomic.ts';
import { bookDate, sourceDateEpoch } from '../util/dates.ts';
import { chapterAnchors, type Output } from './output.ts';
import { fontUrl, printUrls } from './print-urls.ts';
import { destinations, finishPdf, loadPdf, type Bookmark, type PdfMetadata } from './pdf-finish.ts';
import { scanPdf } from './pdf-scan.ts';
import { blockedWarnings, printGuard, type PrintGuard } from './print-guard.ts';
import { finishIncrementally, stableInPlace } from './pdf-update.ts';
import { printLaterParts, printParts } from './pdf-parts.ts';
import { linkTargets } from './pdf-chapter.ts';
import {
  chapterRanges,
  chaptersToReprint,
  printKeys,
  reprintChapters,
  reprintedDestinations,
  type PdfSession,
  type PrintedFront,
} from './pdf-reprint.ts';
import { printWithRetry } from './print-watchdog.ts';
import { openForPrint, pdfOf, printFile } from './print-tab.ts';
import { makeWorkDir, removeWorkDir } from '../util/work-dir.ts';

type PrintPart = Pick<PrintOptions, 'part' | 'frontPages' | 'pageOf' | 'chapters'>;

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
  async write({ rendered, templates, outDir, browser, warn, pdf: session }) {
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
        const pdf = await printBook(rendered, templates, chrome, { work, guard, session, progress });
        return { pdf, how: 'whole' as const };
      });
      if (session) session.lastPrint = printed?.how ?? 'unchanged';
      if (!printed) return [target];
      const pdf = printed.pdf;
      blockedWarnings(guard).forEach(warn);
      await writeFileAtomic(target, pdf);
    } finally {
      await removeWorkDir(work);
    }
    return [target];
  },
};

/** The whole book: printed, then finished (see the top of this file). */
export interface PrintBookOptions {
  /** The print's working folder. */
  work: string;
  guard?: PrintGuard;
  /** Watch mode: keep this whole print for later reprints (pdf-reprint.ts). */
  session?: PdfSession;
  /** The size of a part when a long book is printed in parts (pdf-parts.ts); Infinity prints it whole. */
  partCharacters?: number;
  /** Print it as one document even if it is long (with the same pages as in parts). */
  whole?: boolean;
  /** Filled in with how many parts were printed (a part that does not land on its pages makes it 1). */
  stats?: { parts: number };
  /** Called as each part is printed: the watchdog's time limit is for one print (print-watchdog.ts). */
  progress?: () => void;
}

export async function printBook(
  book: RenderedBook,
  templates: Templates,
  browser: Browser,
  options: PrintBookOptions,
): Promise<Uint8Array> {
  const { work, guard, session } = options;
  // Watch mode keeps a whole print to reprint chapters into (pdf-reprint.ts); a long book's full build
  // is printed in parts (pdf-parts.ts). Both print a chapter longer than a part with the same breaks.
  const parted = printParts(book, options.partCharacters);
  const rendered = parted.rendered;
  const parts = session || options.whole ? [{ chapters: rendered.chapters }] : parted.parts;
  const write = (name: string, part: PrintPart) => writePrintHtml(rendered, templates, work, name, part);
  const pageCount = async (bytes: Uint8Array) => scanPdf(bytes)?.pageCount ?? (await loadPdf(bytes)).getPageCount();
  // Every id the book links to, found once for all parts (and for watch mode's keys).
  let linked: Set<string> | undefined;
  const targets = () => (linked ??= linkTargets(rendered));
  const firstPart = parts.length > 1 ? parts[0] : undefined;

  // 1. The front matter alone, to count its pages, while the book loads in another tab.
  const [frontPages, bookPage] = await Promise.all([
    write('front-1', { part: 'front', frontPages: 0 })
      .then((f) => printFile(browser, f, guard))
      .then(pageCount),
    write('book', { part: 'all', frontPages: 0, chapters: firstPart?.chapters }).then((f) =>
      openForPrint(browser, f, guard),
    ),
  ]);
  // 2. Folios that start at 1 after the front matter, then the book (or its first part).
  let printed: Uint8Array;
  try {
    const css = printPageCss(rendered, frontPages);
    const set = await bookPage.evaluate((text) => {
      const style = document.getElementById('quire-page-css');
      if (style) style.textContent = text;
      return style !== null;
    }, css);
    if (firstPart) await bookPage.evaluate(standInsForLaterParts, [...targets()]);
    // A book's own print.hbs may lack the style element: then load the book again with the right rules.
    if (!set) {
      const file = await write('book', { part: 'all', frontPages, chapters: firstPart?.chapters });
      await bookPage.goto(pathToFileURL(file).href, { timeout: 0 });
    }
    printed = await pdfOf(bookPage);
    options.progress?.();
  } finally {
    await bookPage.close().catch(() => undefined);
  }
  const metadata = pdfMetadata(rendered);
  const bytes = stableInPlace(printed, metadata.date);
  const scan = scanPdf(bytes);
  // 2b. The other parts, each from the page the one before ended on.
  let later: Awaited<ReturnType<typeof printLaterParts>> = [];
  if (firstPart) {
    const from = {
      start: scan?.pageCount ?? 0,
      frontPages,
      work,
      guard,
      targets: targets(),
      progress: options.progress,
    };
    later = scan && (await printLaterParts(rendered, templates, browser, parts.slice(1), from));
    if (!later) return printBook(book, templates, browser, { ...options, whole: true });
  }
  if (options.stats) options.stats.parts = 1 + later.length;
  const destPage = scan?.destinations ?? destinations(await loadPdf(bytes));
  for (const { start, print } of later) {
    for (const [id, index] of print.destinations)
      if (index >= print.first) destPage.set(id, start + index - print.first);
  }
  const front = await printFront(rendered, templates, browser, work, guard, { frontPages, destPage });
  const finish = { frontPages, bookmarks: bookmarks(rendered), metadata };
  if (!scan) return finishPdf(await loadPdf(bytes), { frontMatter: front.doc, ...finish });
  if (session) {
    const keys = printKeys(rendered, templates, targets());
    const ranges = chapterRanges(rendered, scan);
    session.last = { bytes, scan, frontPages, keys, ranges, front, reprints: new Map() };
    session.spliced = false;
    session.wholeNext = false;
  }
  return finishIncrementally(bytes, scan, { front: front.doc, ...finish, parts: later.map((p) => p.print) });
}

/**
 * Watch mode: the last whole print with the chapters that changed since reprinted and spliced in;
 * `unchanged` when no page changed; undefined when only a whole print will do (pdf-reprint.ts).
 */
async function reprintBook(
  book: RenderedBook,
  templates: Templates,
  browser: Browser,
  work: string,
  guard: PrintGuard,
  session: PdfSession,
): Promise<Uint8Array | 'unchanged' | undefined> {
  const last = session.last;
  if (!last) return undefined;
  // With the breaks the whole print has in a chapter longer than a part (pdf-parts.ts).
  const { rendered } = printParts(book);
  const targets = linkTargets(rendered);
  const keys = printKeys(rendered, templates, targets);
  const changed = chaptersToReprint(rendered, last, keys);
  if (!changed) return undefined;
  if (changed.length === 0) return 'unchanged';
  const reprints = await reprintChapters(rendered, templates, browser, last, changed, { work, guard, targets });
  if (!reprints) return undefined;
  const { frontPages } = last;
  const destPage = reprintedDestinations(last, reprints);
  const front = await printFront(rendered, templates, browser, work, guard, { frontPages, destPage }, last.front);
  // New page numbers must not lengthen the contents.
  if (front.doc.getPageCount() !== frontPages) return undefined;
  const pdf = await finishIncrementally(last.bytes, last.scan, {
    front: front.doc,
    frontPages,
    bookmarks: bookmarks(rendered),
    // The reprinted pages are out of the structure tree until the next whole print.
    metadata: { ...pdfMetadata(rendered), pdfua: false },
    chapters: [...reprints].map(([id, print]) => ({ start: last.ranges.get(id)!.start, print })),
  });
  last.reprints = reprints;
  last.front = front;
  for (const id of changed) last.keys.chapters.set(id, keys.chapters.get(id)!);
  session.spliced = true;
  return pdf;
}

/**
 * The front matter printed with the contents' page numbers filled in. Watch mode passes the last
 * one: when the document is the same (no number or title moved), it is not printed again.
 */
async function printFront(
  rendered: RenderedBook,
  templates: Templates,
  browser: Browser,
  work: string,
  guard: PrintGuard | undefined,
  { frontPages, destPage }: { frontPages: number; destPage: Map<string, number> },
  last?: PrintedFront,
): Promise<PrintedFront> {
  const anchorOf = chapterAnchors(rendered);
  const roman = romanNumerals(frontPages);
  const folio = (index: number) => (index < frontPages ? roman[index]! : String(index - frontPages + 1));
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

async function writePrintHtml(
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

/**
 * Runs in the first part's tab: Chromium keeps a link only when its target is in the document, so
 * links to the later parts' chapters (the contents, cross-references) get empty stand-ins at the
 * end; their destinations are replaced by the later parts' own (pdf-merge.ts).
 */
function standInsForLaterParts(targets: string[]): void {
  const holder = document.createElement('div');
  holder.style.cssText = 'position: absolute; width: 0; height: 0; overflow: hidden;';
  for (const target of targets) {
    if (!document.getElementById(target)) holder.appendChild(document.createElement('span')).id = target;
  }
  const sections = document.querySelectorAll('[data-chapter]');
  (sections[sections.length - 1] ?? document.body).appendChild(holder);
}

/** Document information: from book.yaml, dated SOURCE_DATE_EPOCH, else the book's date, else now. */
export function pdfMetadata(rendered: RenderedBook, title = rendered.book.config.title): PdfMetadata {
  const config = rendered.book.config;
  return {
    title,
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
function bookmarks(rendered: RenderedBook): Bookmark[] {
  const mark = (node: TocNode): Bookmark => ({
    title: node.part?.title ?? chapterMeta(rendered, node.chapter).fullTitle,
    id: node.chapter.anchor,
    children: [
      ...(node.part ? [] : tocSections(node.chapter).map((h) => ({ title: h.text, id: h.id, children: [] }))),
      ...node.children.map(mark),
    ],
  });
  return tocTree(rendered).map(mark);
}
