/**
 * Watch mode's PDF: after an edit, reprint only the chapters whose pages changed and splice them
 * into the last whole print, instead of printing the whole book again.
 *
 * The last whole print is kept with what it was printed from (a key for the book's templates and
 * settings, and one per chapter). A later build reprints each chapter whose key changed alone, on
 * the pages it has in the book (chapter.ts), prints the contents again with the page numbers
 * that moved, and appends all of it to the whole print as one incremental update (update.ts).
 * That is only right while every other page stays where it was, so anything else (a chapter that
 * grows or shrinks by a page, a change to the settings, templates or chapter list, the front
 * matter) returns undefined and the caller prints the whole book.
 */
import type { Browser } from 'puppeteer-core';
import { frontChapters, leftHeads } from '../../assemble/documents.ts';
import type { Templates } from '../../assemble/templates.ts';
import { printChapterView } from '../../assemble/view.ts';
import type { RenderedBook } from '../../model.ts';
import { linkTargets, printChaptersAlone, type ChapterPrint } from './chapter.ts';
import type { PdfScan } from './scan.ts';
import type { PrintGuard } from '../../browser/print-guard.ts';
import { printUrls } from '../print-urls.ts';
import { bookmarks, pdfMetadata } from './metadata.ts';
import { printParts } from './parts.ts';
import { printFront, type PrintedFront } from './print-documents.ts';
import { finishIncrementally } from './update.ts';
import type { PrintedPages } from '../output.ts';
import { contentKey } from '../../util/content-key.ts';

/** A whole print of the book, as watch mode keeps it between builds. */
export interface PrintedBook {
  /** Chromium's bytes, made stable (update.ts), before the finishing update. */
  bytes: Uint8Array;
  scan: PdfScan;
  frontPages: number;
  keys: PrintKeys;
  /** Where each chapter's pages are: the index of its first page, and how many. */
  ranges: Map<string, { start: number; count: number }>;
  /** The front matter as last printed with page numbers. */
  front: PrintedFront;
  /** Chapters reprinted since the whole print, by id: spliced in on every later build. */
  reprints: Map<string, ChapterPrint>;
  /** Where its pages start, when the book was printed with page marks for the EPUB. */
  pages?: PrintedPages;
}

export interface PrintKeys {
  book: string;
  chapters: Map<string, string>;
}

/** What the PDF output keeps between builds of one watch session. */
export interface PdfSession {
  last?: PrintedBook;
  /** The PDF on disk has reprinted chapters in it: its tags are a whole print's only after the next one. */
  spliced: boolean;
  /** Print the whole book next time, whatever changed. */
  wholeNext: boolean;
}

/** Reprinting one chapter costs a few pages; past this many it is no faster than the whole book. */
const MAX_REPRINTS = 4;

/**
 * What a chapter's pages are printed from: its view (title, label, HTML) and which of its ids the
 * book links to (Chromium writes destinations only for those). The book's key covers the rest
 * (settings, templates, which chapters there are, and in what order).
 */
export function printKeys(rendered: RenderedBook, templates: Templates, targets = linkTargets(rendered)): PrintKeys {
  const urls = printUrls(rendered);
  const left = leftHeads(rendered);
  const chapters = new Map(
    rendered.chapters.map((c) => {
      const ids = [...c.html.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1]!).filter((id) => targets.has(id));
      const view = printChapterView(rendered, c, urls);
      return [c.chapter.id, contentKey(JSON.stringify([view, ids, left.get(c.chapter.id)]))] as const;
    }),
  );
  const book = contentKey(
    JSON.stringify([
      rendered.book.config,
      templates.fingerprint,
      rendered.chapters.map((c) => [c.chapter.id, c.chapter.depth, c.chapter.parent, c.chapter.part]),
      rendered.book.parts,
      frontChapters(rendered).length,
    ]),
  );
  return { book, chapters };
}

/** The chapters to reprint, or undefined when only a whole print will do. */
export function chaptersToReprint(rendered: RenderedBook, last: PrintedBook, keys: PrintKeys): string[] | undefined {
  if (keys.book !== last.keys.book) return undefined;
  const changed = [...keys.chapters].filter(([id, key]) => last.keys.chapters.get(id) !== key).map(([id]) => id);
  const front = new Set(frontChapters(rendered).map((c) => c.chapter.id));
  if (changed.some((id) => front.has(id)) || changed.length > MAX_REPRINTS) return undefined;
  return changed;
}

/** The index of each chapter's first page in the whole print, and its page count. */
export function chapterRanges(rendered: RenderedBook, scan: PdfScan): Map<string, { start: number; count: number }> {
  const starts = rendered.chapters.map((c) => scan.destinations.get(c.anchor));
  const ranges = new Map<string, { start: number; count: number }>();
  rendered.chapters.forEach((c, i) => {
    const start = starts[i];
    const next = starts.slice(i + 1).find((s) => s !== undefined) ?? scan.pageCount;
    if (start !== undefined) ranges.set(c.chapter.id, { start, count: next - start });
  });
  return ranges;
}

/** Reprint `ids` alone; undefined when any of them no longer fits the pages it had. */
export async function reprintChapters(
  rendered: RenderedBook,
  templates: Templates,
  browser: Browser,
  last: PrintedBook,
  ids: string[],
  options: { work: string; guard?: PrintGuard; targets: Set<string> },
): Promise<Map<string, ChapterPrint> | undefined> {
  const ranges = last.ranges;
  const recto = rendered.book.config.pdf.recto;
  const reprints = new Map(last.reprints);
  for (const id of ids) {
    const chapter = rendered.chapters.find((c) => c.chapter.id === id);
    const range = ranges.get(id);
    if (!chapter || !range) return undefined;
    const print = await printChaptersAlone(rendered, templates, browser, {
      chapters: [chapter],
      start: range.start,
      frontPages: last.frontPages,
      ...options,
    });
    // With recto starts, a blank left-hand page may end the chapter's range: it stays as it was.
    const fits =
      print &&
      (print.count === range.count ||
        (recto && print.count + 1 === range.count && (range.start + print.count) % 2 === 1));
    if (!fits) return undefined;
    reprints.set(id, print);
  }
  return reprints;
}

/** Page index of each destination once the reprints are in place. */
export function reprintedDestinations(last: PrintedBook, reprints: Map<string, ChapterPrint>): Map<string, number> {
  const ranges = last.ranges;
  const spans = [...reprints].map(([id, print]) => ({ start: ranges.get(id)!.start, print }));
  const inSpan = (index: number) => spans.some(({ start, print }) => index >= start && index < start + print.count);
  const result = new Map([...last.scan.destinations].filter(([, index]) => !inSpan(index)));
  for (const { start, print } of spans) {
    for (const [id, index] of print.destinations) if (index >= print.first) result.set(id, start + index - print.first);
  }
  return result;
}

/**
 * Watch mode: the last whole print with the chapters that changed since reprinted and spliced in;
 * `unchanged` when no page changed; undefined when only a whole print will do (reprint.ts).
 */
export async function reprintBook(
  book: RenderedBook,
  templates: Templates,
  browser: Browser,
  work: string,
  guard: PrintGuard,
  session: PdfSession,
): Promise<Uint8Array | 'unchanged' | undefined> {
  const last = session.last;
  if (!last) return undefined;
  // With the breaks the whole print has in a chapter longer than a part (parts.ts).
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
