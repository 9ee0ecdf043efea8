/**
 * The later parts of a book printed in parts (parts.ts), printed side by side: each printer (a tab,
 * as many as the machine has cores and memory for) loads its parts one after another, forecasts
 * their pages, and prints each from the page the forecasts of the parts before it give, once the
 * first part (the front matter) is printed. Joined in order (merge.ts) as they come.
 */
import { availableParallelism, freemem } from 'node:os';
import type { Browser, Page } from 'puppeteer-core';
import type { Templates } from '../../assemble/templates.ts';
import type { PrintGuard } from '../../browser/print-guard.ts';
import { printTab } from '../../browser/print-tab.ts';
import type { RenderedBook } from '../../model.ts';
import { deferred } from '../../util/deferred.ts';
import { openChaptersAlone, writeChaptersAlone, type ChapterPrint, type OpenedChapters } from './chapter.ts';
import type { BookPart } from './parts.ts';

/** Where a later part landed: its pages and destinations, without its bytes (merged as printed). */
export type PlacedPart = { start: number; print: Omit<ChapterPrint, 'bytes' | 'doc'> };

export interface LaterPartsOptions {
  /**
   * Where the later parts begin (the first part's pages) and the front matter's length: known once
   * the first part is printed. The later parts load and forecast their pages meanwhile.
   */
  from: Promise<{ start: number; frontPages: number }>;
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
  // Loaded before the front matter is counted: its length is set when they print (chapter.ts).
  const files = new Map<BookPart, Promise<string>>();
  const write = (part: BookPart) => {
    const file = files.get(part) ?? writeChaptersAlone(rendered, templates, { ...options, frontPages: 0, ...part });
    files.set(part, file);
    return file;
  };
  const open = (part: BookPart, tab: Page) =>
    openChaptersAlone(rendered, templates, browser, { ...options, frontPages: 0, ...part, tab, file: write(part) });
  // The next part's document is written while a part prints: then it loads as soon as a tab is free.
  const ahead = (k: number) => void (k < parts.length && write(parts[k]!).catch(() => undefined));
  const newTab = () => printTab(browser, options.guard);
  const placed: PlacedPart[] = [];
  let merged = Promise.resolve();
  const printers = Math.min(options.printers ?? defaultPrinters(), parts.length);
  const side = printers > 1 ? sideBySide(parts, printers, { open, newTab, ahead }, options) : undefined;
  const from = await options.from.catch(async (cause: unknown) => {
    side?.stop();
    await side?.done.catch(() => undefined);
    throw cause;
  });
  let start = from.start;
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
  // Two slots, either of which may never be filled (the parts left may be one).
  const tabs: (Promise<Page> | undefined)[] = [undefined, undefined];
  const load = (k: number) => (tabs[k % 2] ??= newTab()).then((tab) => open(parts[k]!, tab));
  let opening = next < parts.length ? load(next) : undefined;
  try {
    for (; next < parts.length; next++) {
      const opened = await opening;
      opening = next + 1 < parts.length ? load(next + 1) : undefined;
      const print = await opened?.print(start, from.frontPages);
      if (!print) return undefined;
      place(print);
    }
    await merged;
  } finally {
    // A part opened ahead of one that failed, and the tabs.
    await opening?.catch(() => undefined);
    for (const tab of tabs) await tab?.then((t) => t.close()).catch(() => undefined);
  }
  return placed;
}

/** Cores, and a gigabyte of free memory for each renderer printing a part. */
function defaultPrinters(): number {
  return Math.max(1, Math.min(availableParallelism(), Math.floor(freemem() / 2 ** 30)));
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
  tabs: {
    open: (part: BookPart, tab: Page) => Promise<OpenedChapters | undefined>;
    newTab: () => Promise<Page>;
    ahead: (k: number) => void;
  },
  options: LaterPartsOptions,
) {
  const settle = parts.map(() => deferred<number | undefined>());
  const results = parts.map(() => deferred<Printed | undefined>());
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
          const from = await options.from;
          const start = before.reduce((sum: number, pages) => sum + pages!, from.start);
          tabs.ahead(taken);
          const print = await opened.print(start, from.frontPages);
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
