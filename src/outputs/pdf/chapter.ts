/**
 * One chapter printed alone, on exactly the pages it has in the book: what lets watch mode reprint
 * only the chapter an author edited (see reprint.ts).
 *
 * The chapter's print document is the book's own (same templates, styles and page rules), with the
 * other chapters left out. Two things make its pages the book's pages:
 * - blank pages before it (one or two) give its first page the same parity as in the book, so left
 *   and right pages (mirrored margins, recto starts) and `:first` fall as they do there;
 * - the page counter is reset so its folios are the book's.
 * Chromium writes a named destination only for an element that something links to, and a link
 * only to an element that exists: on the first blank page, links to every id of the chapter that
 * the book links to give its pages the book's destinations, and stand-ins for the other chapters'
 * ids keep its links to them.
 * The blank pages are dropped when the pages are spliced in.
 */
import { createHash } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { PDFDocument, PDFName } from 'pdf-lib';
import type { Browser, Page } from 'puppeteer-core';
import { printDocument, printPageCss } from '../../assemble/documents.ts';
import { pageArea } from '../../assemble/print-css.ts';
import { counterReset, pageNumbering } from '../../assemble/page-numbering.ts';
import { estimatePages } from './page-estimate.ts';
import type { Templates } from '../../assemble/templates.ts';
import { tocSections } from '../../assemble/view.ts';
import type { RenderedBook, RenderedChapter } from '../../model.ts';
import { loadForPrint, openForPrint, pdfOf } from '../../browser/print-tab.ts';
import { fontUrl, printUrls } from '../print-urls.ts';
import { loadPdf } from './finish.ts';
import { scanPdf } from './scan.ts';
import type { PrintGuard } from '../../browser/print-guard.ts';
import { PAGE_MARK_CLASS } from '../../assemble/page-marks.ts';
import { linkPageMarks } from './page-map.ts';
import { percentDecoded } from '../../util/percent.ts';

export interface ChapterPrint {
  /** Chromium's PDF. */
  bytes: Uint8Array;
  /** It parsed, once something needs it (see chapterDoc). */
  doc?: PDFDocument;
  /** Index of the chapter's first page in `doc` (after the blank pages). */
  first: number;
  /** The chapter's pages. */
  count: number;
  /** Page index in `doc` of each destination, by id. */
  destinations: Map<string, number>;
  /** Each destination's name as written in the file, by id. */
  names: Map<string, PDFName>;
}

interface AloneOptions {
  chapters: RenderedChapter[];
  frontPages: number;
  work: string;
  guard?: PrintGuard;
  /** The book's link targets (linkTargets), found once per print. */
  targets: Set<string>;
  /** The first chapter is a long one's later share (parts.ts), resuming at this heading. */
  resumesAt?: string;
  /** A tab of this print to load them into (openForPrint's), left open for the caller to close. */
  tab?: Page;
  /** Their document, already written by writeChaptersAlone. */
  file?: Promise<string>;
}

/** `chapters` (consecutive in the book) printed alone, the first starting on page index `start`. */
export async function printChaptersAlone(
  rendered: RenderedBook,
  templates: Templates,
  browser: Browser,
  options: AloneOptions & { start: number },
): Promise<ChapterPrint | undefined> {
  const opened = await openChaptersAlone(rendered, templates, browser, options);
  return opened && opened.print(options.start);
}

export interface OpenedChapters {
  /** How many pages they will take, forecast without printing (page-estimate.ts). */
  estimate(): Promise<number | undefined>;
  /**
   * Print them from page index `start`, after `frontPages` of front matter (by default the count
   * they were opened with); undefined when they do not land on the book's pages.
   */
  print(start: number, frontPages?: number): Promise<ChapterPrint | undefined>;
  close(): Promise<void>;
}

/**
 * The document openChaptersAlone loads, written in the work folder: a long book's parts are written
 * while the parts before them print, when Node has little else to do.
 */
export async function writeChaptersAlone(
  rendered: RenderedBook,
  templates: Templates,
  options: Pick<AloneOptions, 'chapters' | 'frontPages' | 'work' | 'resumesAt'>,
): Promise<string> {
  const { chapters } = options;
  // Named for where it starts: the shares of a long chapter are parts of their own, loaded side by side.
  const share = options.resumesAt && `-${createHash('sha1').update(options.resumesAt).digest('hex').slice(0, 12)}`;
  const file = join(options.work, `chapters-${chapters[0]!.chapter.id}${share ?? ''}.html`);
  const part = {
    urls: printUrls(rendered),
    fontUrl,
    part: 'chapters',
    chapters,
    frontPages: options.frontPages,
  } as const;
  await writeFile(file, printDocument(rendered, templates, part).html);
  return file;
}

/**
 * The chapters' document loaded in a tab, everything else taken out, ready to print once it is
 * known where they start (parts of a long book are loaded while the part before is printing).
 * Long because most of it runs in the page as one function: the page has none of the helpers the
 * TypeScript loader wraps named inner functions in.
 */
export async function openChaptersAlone(
  rendered: RenderedBook,
  templates: Templates,
  browser: Browser,
  options: AloneOptions,
): Promise<OpenedChapters | undefined> {
  const { chapters } = options;
  const ids = chapters.map((c) => c.chapter.id);
  const file = await (options.file ?? writeChaptersAlone(rendered, templates, options));
  const { tab } = options;
  const page = tab ? await loadForPrint(tab, file).then(() => tab) : await openForPrint(browser, file, options.guard);
  const close = async () => void (tab ? undefined : await page.close().catch(() => undefined));
  const ready = await page
    .evaluate(
      (ids, targets, resumes) => {
        const sections = [...document.querySelectorAll<HTMLElement>('[data-chapter]')].filter((e) =>
          ids.includes(e.dataset.chapter!),
        );
        if (sections.length !== ids.length || !document.getElementById('quire-page-css')) return false;
        // Whatever a book's print template puts around the chapters (cover, contents) goes.
        const keep = new Set<Element>(sections);
        for (const section of sections) {
          for (let e = section.parentElement; e && e !== document.documentElement; e = e.parentElement) keep.add(e);
        }
        for (const e of keep) {
          if (sections.includes(e as HTMLElement)) continue;
          for (const child of [...e.children]) if (!keep.has(child)) child.remove();
        }
        // A long chapter's later share: the chapter's heading (and whatever the template puts before
        // its text) was printed with the first share.
        if (resumes) {
          let from: Element | null = sections[0]!.querySelector('.quire-part-break');
          while (from && from.parentElement !== sections[0]) from = from.parentElement;
          if (!from) return false;
          while (from.previousSibling) from.previousSibling.remove();
        }
        // The first blank page (see the top of this file).
        const blank = document.createElement('div');
        blank.id = 'quire-blank-pages';
        blank.style.cssText = 'height: 1px;';
        sections[0]!.before(blank);
        for (const target of targets) {
          const selector = `[id="${CSS.escape(target)}"]`;
          if (sections.some((s) => s.querySelector(selector))) {
            const link = blank.appendChild(document.createElement('a'));
            link.href = `#${encodeURIComponent(target)}`;
            link.textContent = '.';
          } else {
            // A stand-in for another chapter's element, so links to it are kept (their named
            // destinations resolve to the book's own when spliced in).
            blank.appendChild(document.createElement('span')).id = target;
          }
        }
        return true;
      },
      ids,
      [...options.targets],
      options.resumesAt,
    )
    .then(async (ready) => (ready && (await page.evaluate(linkPageMarks, PAGE_MARK_CLASS)), ready))
    .catch(async (cause: unknown) => {
      await close();
      throw cause;
    });
  if (!ready) {
    await close();
    return undefined;
  }

  return {
    close,
    estimate: () => estimatePages(page, pageArea(rendered.book.config.pdf), '#quire-blank-pages + *'),
    async print(start, frontPages = options.frontPages) {
      try {
        // Page index 0 is a right-hand page: start on an index of the same parity as in the book.
        const blanks = start % 2 === 0 ? 2 : 1;
        // The document's first page is the book's page `start - blanks`: its folios are the book's.
        const css = `${printPageCss(rendered, frontPages)}\n${counterReset(pageNumbering(frontPages), start - blanks)}`;
        await page.evaluate(
          (blanks, css) => {
            const first = document.getElementById('quire-blank-pages')!;
            if (blanks === 2) {
              const second = document.createElement('div');
              second.style.cssText = 'height: 1px; break-before: page;';
              first.after(second);
            }
            document.getElementById('quire-page-css')!.textContent = css;
          },
          blanks,
          css,
        );
        const bytes = await pdfOf(page);
        const scan = scanPdf(bytes);
        const first = scan?.destinations.get(options.resumesAt ?? chapters[0]!.anchor);
        // The chapters must open where the blank pages end, or their pages are not the book's.
        if (!scan || first !== blanks) return undefined;
        return {
          bytes,
          first,
          count: scan.pageCount - first,
          destinations: scan.destinations,
          names: scan.destinationNames,
        };
      } finally {
        await close();
      }
    },
  };
}

/** Every id the book links to: fragments of links in the chapters, and the contents' entries. */
export function linkTargets(rendered: RenderedBook): Set<string> {
  const targets = new Set<string>();
  for (const c of rendered.chapters) {
    targets.add(c.anchor);
    for (const h of tocSections(c)) targets.add(h.id);
    for (const m of c.html.matchAll(/href="[^"#]*#([^"]+)"/g)) targets.add(fragment(m[1]!));
  }
  return targets;
}

const fragment = (raw: string) =>
  percentDecoded(
    raw
      .replace(/&amp;/g, '&')
      .replace(/&quot;/g, '"')
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>'),
  );

/** The print parsed by pdf-lib, kept with it (watch mode splices the same reprint in again and again). */
export async function chapterDoc(print: ChapterPrint): Promise<PDFDocument> {
  print.doc ??= await loadPdf(print.bytes);
  return print.doc;
}
