/**
 * Printing a long book in parts: Chromium's time per page grows with the document (on the benchmark
 * books, a 2,000-page print took almost three times as long per page as a 500-page one), most of all
 * with many link targets, as the page marks for the EPUB's page list are: Chromium looks for every
 * target on every page it prints, so their cost grows with pages times targets (with marks, a
 * 100-page print took 1.15× as long as without, a 300-page one 2.3×). A book is cut into parts of
 * about PART_CHARACTERS of chapter HTML (some 160 pages), between chapters or before a section
 * heading of a longer one, printed side by side, each on its pages in the book (chapter.ts), and
 * joined into one PDF (merge.ts). Each part costs a load, a print and a join: a 100-page book cut
 * in two took longer. The 500-page benchmark book's PDF stage in a full build: 19 s in parts of
 * 550 pages, 10–11 s in parts of 140–200 (PDF alone, 10.5 s and 9 s).
 */
import { Parser } from 'htmlparser2';
import type { Templates } from '../../assemble/templates.ts';
import { frontChapters } from '../../assemble/documents.ts';
import { tocSections } from '../../assemble/view.ts';
import type { RenderedBook, RenderedChapter } from '../../model.ts';
import type { Browser, Page } from 'puppeteer-core';
import { printTab } from '../../browser/print-tab.ts';
import { availableParallelism, freemem } from 'node:os';
import { openChaptersAlone, type ChapterPrint, type OpenedChapters } from './chapter.ts';
import type { PrintGuard } from '../../browser/print-guard.ts';

const PART_CHARACTERS = 400_000;

/**
 * Where a chapter longer than a part is cut: an empty element that starts a page, put before a
 * section heading of the chapter in every print of the book (whole or in parts), so that both
 * give the same pages.
 */
const PART_BREAK = '<div class="quire-part-break" style="break-before: page"></div>';

export interface BookPart {
  /** The part's chapters, a long chapter cut between parts holding only its share of the HTML. */
  chapters: RenderedChapter[];
  /** When the part opens in the middle of its first chapter: the id of the heading it resumes at. */
  resumesAt?: string;
}

export interface PartedBook {
  /** The book as printed: chapters longer than a part have PART_BREAKs in them. */
  rendered: RenderedBook;
  /** The first holds the front matter's chapters too; a book that is not long is one part. */
  parts: BookPart[];
}

/**
 * The book cut into parts between chapters, and inside a chapter longer than a part at one of its
 * section headings. Books that start chapters on right-hand pages are printed whole: the blank page
 * a part would end with belongs to the chapter after it.
 */
export function printParts(rendered: RenderedBook, partCharacters = PART_CHARACTERS): PartedBook {
  if (rendered.book.config.pdf.recto || partCharacters === Infinity) {
    return { rendered, parts: [{ chapters: rendered.chapters }] };
  }
  const front = frontChapters(rendered).length;
  // The front matter is printed whole in the first part: its chapters are never cut.
  const cuts = rendered.chapters.map((c, i) => (i < front ? [] : chapterCuts(c, partCharacters)));
  const printed: RenderedChapter[] = [];
  const parts: BookPart[] = [{ chapters: [] }];
  let size = 0;
  rendered.chapters.forEach((c, i) => {
    const at = cuts[i]!;
    // The chapter's shares: each after the first opens with the break.
    const bounds = [0, ...at.map((cut) => cut.offset), c.html.length];
    const pieces =
      at.length === 0
        ? [c.html]
        : bounds.slice(1).map((end, k) => (k === 0 ? '' : PART_BREAK) + c.html.slice(bounds[k], end));
    printed.push(at.length === 0 ? c : { ...c, html: pieces.join('') });
    pieces.forEach((html, k) => {
      if (k > 0) parts.push({ chapters: [], resumesAt: at[k - 1]!.id });
      else if (size >= partCharacters && i > front) parts.push({ chapters: [] });
      if (k > 0 || parts.at(-1)!.chapters.length === 0) size = 0;
      parts.at(-1)!.chapters.push(at.length === 0 ? c : { ...c, html });
      size += html.length;
    });
  });
  // A short last part costs a print of its own for little: it joins the one before.
  if (parts.length > 1 && size < partCharacters / 3) {
    const last = parts.pop()!;
    const before = parts.at(-1)!.chapters;
    // Resuming the chapter the part before ends with: the two shares are one again.
    const [first, ...rest] = last.chapters;
    const previous = last.resumesAt ? before.pop()! : undefined;
    before.push(previous ? { ...previous, html: previous.html + first!.html } : first!, ...rest);
  }
  // In parts, the first holds the front matter alone. Chromium writes a destination only for an element
  // that something in the same document links to, and a chapter's ids may be linked to only from later
  // parts (a cross-reference, a cut chapter's footnotes); a part printed alone links to all its ids
  // (chapter.ts).
  const body = parts[0]!.chapters.slice(front);
  if (parts.length > 1 && body.length > 0)
    parts.splice(0, 1, { chapters: parts[0]!.chapters.slice(0, front) }, { chapters: body });
  return { rendered: { ...rendered, chapters: printed }, parts };
}

/**
 * Where a chapter longer than a part is cut: before section headings at the top level of its HTML
 * (not inside a list, quote or box), at least a part apart, and not so near its end that the
 * last share would be short.
 */
function chapterCuts(c: RenderedChapter, partCharacters: number): { offset: number; id: string }[] {
  if (c.html.length <= partCharacters) return [];
  const sections = new Set(tocSections(c).map((h) => h.id));
  const cuts: { offset: number; id: string }[] = [];
  let depth = 0;
  let previous = 0;
  const parser = new Parser({
    onopentag(name, attributes) {
      const offset = parser.startIndex;
      const id = attributes.id;
      if (
        depth === 0 &&
        /^h[1-6]$/.test(name) &&
        id !== undefined &&
        sections.has(id) &&
        offset - previous >= partCharacters &&
        c.html.length - offset >= partCharacters / 3
      ) {
        cuts.push({ offset, id });
        previous = offset;
      }
      depth++;
    },
    onclosetag() {
      depth--;
    },
  });
  parser.end(c.html);
  return cuts;
}

/** Where a later part landed: its pages and destinations, without its bytes (merged as printed). */
export type PlacedPart = { start: number; print: Omit<ChapterPrint, 'bytes' | 'doc'> };

export interface LaterPartsOptions {
  start: number;
  frontPages: number;
  work: string;
  guard?: PrintGuard;
  targets: Set<string>;
  /** A part is printed and joined, in order. */
  progress?: () => void;
  /** A print finished, used or not: the watchdog's sign of life (print-watchdog.ts). */
  alive?: () => void;
  merge: (print: ChapterPrint) => Promise<void>;
  /** Parts printed at once; by default as many as the machine has cores and memory for. */
  printers?: number;
  /** Filled in with how many parts were printed side by side on a forecast start that held. */
  stats?: { forecast?: number };
}

/**
 * Parts 2… printed from page index `start`, each joined (`merge`) as it is printed while others
 * print. Side by side, each part starts where the forecasts of the parts before it say
 * (page-estimate.ts); a forecast that proves wrong sends the parts after it to be printed again in
 * turn, from the pages the prints showed. The pages are the same either way. Undefined if a part
 * does not land on the book's pages.
 */
export async function printLaterParts(
  rendered: RenderedBook,
  templates: Templates,
  browser: Browser,
  parts: BookPart[],
  options: LaterPartsOptions,
): Promise<PlacedPart[] | undefined> {
  // Each printer loads its parts one after another into a tab of its own, which keeps the fonts it has
  // loaded (guarded-page.ts): a 130-page part of a Chinese book loaded in 0.9 s so, 1.3–1.5 s in a new tab.
  const open = (part: BookPart, tab: Page) =>
    openChaptersAlone(rendered, templates, browser, { ...options, ...part, tab });
  const newTab = () => printTab(browser, options.guard);
  const placed: PlacedPart[] = [];
  let merged = Promise.resolve();
  let start = options.start;
  const place = (print: ChapterPrint) => {
    const { first, count, destinations, names } = print;
    placed.push({ start, print: { first, count, destinations, names } });
    merged = merged.then(async () => {
      await options.merge(print);
      // Joined: the bytes are not needed again, but the side-by-side printers' results hold the print.
      print.bytes = new Uint8Array(0);
    });
    // A merge that fails shows when the parts are done; until then it must not go unhandled.
    merged.catch(() => undefined);
    options.progress?.();
    start += count;
  };
  const printers = Math.min(options.printers ?? defaultPrinters(), parts.length);
  const side = printers > 1 ? sideBySide(parts, printers, { open, newTab }, options) : undefined;
  let next = 0;
  if (side) {
    for (; next < parts.length; next++) {
      const printed = await side.printed[next]!;
      if (!printed || printed.start !== start) break;
      place(printed.print);
      if (options.stats) options.stats.forecast = (options.stats.forecast ?? 0) + 1;
    }
    side.stop();
    await side.done;
  }
  // In turn: each loads (in one of two tabs) while the one before it prints (in the other).
  const tabs: Promise<Page>[] = [];
  const load = (k: number) => (tabs[k % 2] ??= newTab()).then((tab) => open(parts[k]!, tab));
  let opening = next < parts.length ? load(next) : undefined;
  try {
    for (; next < parts.length; next++) {
      const opened = await opening;
      opening = next + 1 < parts.length ? load(next + 1) : undefined;
      const print = await opened?.print(start);
      if (!print) return undefined;
      place(print);
    }
    await merged;
  } finally {
    // A part opened ahead of one that failed, and the tabs.
    await opening?.catch(() => undefined);
    for (const tab of tabs) await tab.then((t) => t.close()).catch(() => undefined);
  }
  return placed;
}

/** Cores, and a gigabyte of free memory for each renderer printing a part. */
function defaultPrinters(): number {
  return Math.max(1, Math.min(availableParallelism(), Math.floor(freemem() / 2 ** 30)));
}

/** A promise and its resolve (Promise.withResolvers, which Node 20 lacks). */
function later<T>(): { promise: Promise<T>; resolve: (value: T) => void } {
  let resolve!: (value: T) => void;
  return { promise: new Promise<T>((r) => (resolve = r)), resolve };
}

interface Printed {
  start: number;
  print: ChapterPrint;
}

/**
 * `printers` tabs at a time take the parts in order: each loads its part, forecasts its pages, and
 * prints it from the page the forecasts before it give. `printed[k]` is undefined when a part could
 * not be printed that way (no forecast, stopped, or not on the book's pages).
 */
function sideBySide(
  parts: BookPart[],
  printers: number,
  tabs: { open: (part: BookPart, tab: Page) => Promise<OpenedChapters | undefined>; newTab: () => Promise<Page> },
  options: LaterPartsOptions,
) {
  const settle = parts.map(() => later<number | undefined>());
  const results = parts.map(() => later<Printed | undefined>());
  let stopped = false;
  let taken = 0;
  const worker = async () => {
    // One tab for all of this printer's parts.
    let tab: Promise<Page> | undefined;
    try {
      for (let k = taken++; k < parts.length; k = taken++) {
        if (!stopped) tab ??= tabs.newTab();
        const opened = stopped ? undefined : await tab!.then((t) => tabs.open(parts[k]!, t)).catch(() => undefined);
        try {
          settle[k]!.resolve(await opened?.estimate().catch(() => undefined));
          const before: (number | undefined)[] = await Promise.all(settle.slice(0, k).map((e) => e.promise));
          if (!opened || stopped || before.some((pages) => pages === undefined)) continue;
          const start = before.reduce((sum: number, pages) => sum + pages!, options.start);
          const print = await opened.print(start);
          options.alive?.();
          results[k]!.resolve(print && { start, print });
        } finally {
          settle[k]!.resolve(undefined);
          results[k]!.resolve(undefined);
          await opened?.close();
        }
      }
    } finally {
      await tab?.then((t) => t.close()).catch(() => undefined);
    }
  };
  const done = Promise.all(Array.from({ length: printers }, worker));
  // A print that failed shows when the parts are awaited in order.
  done.catch(() => undefined);
  return {
    printed: results.map((r) => r.promise),
    stop: () => (stopped = true),
    done,
  };
}

/**
 * Runs in the first part's tab: Chromium keeps a link only when its target is in the document, so
 * links to the later parts' chapters (the contents, cross-references) get empty stand-ins at the
 * end; their destinations are replaced by the later parts' own (merge.ts).
 */
export function standInsForLaterParts(targets: string[]): void {
  const holder = document.createElement('div');
  holder.style.cssText = 'position: absolute; width: 0; height: 0; overflow: hidden;';
  for (const target of targets) {
    if (!document.getElementById(target)) holder.appendChild(document.createElement('span')).id = target;
  }
  const sections = document.querySelectorAll('[data-chapter]');
  (sections[sections.length - 1] ?? document.body).appendChild(holder);
}
