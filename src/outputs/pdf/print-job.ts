/** What the PDF stage's steps share: the options of one print of the book, and the job they make. */
import type { Browser } from 'puppeteer-core';
import type { Templates } from '../../assemble/templates.ts';
import type { PrintGuard } from '../../browser/print-guard.ts';
import type { RenderedBook } from '../../model.ts';
import type { PrintedPages } from '../output.ts';
import type { FrontGuess } from './front-guess.ts';
import type { BookPart } from './parts.ts';
import type { PrintAhead } from './print-documents.ts';
import type { PdfSession } from './reprint.ts';

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
  /**
   * The front matter: `guess` (from the last print of the book, front-guess.ts) lets the book print
   * before its pages are counted; filled in with how it came out, the next print's guess.
   */
  front?: { guess?: FrontGuess; found?: FrontGuess };
  /**
   * The book's parts and first document, made before the browser was up (print-documents.ts), at the
   * default part size: unused when `partCharacters` is given.
   */
  ahead?: PrintAhead;
}

/** What the steps of one print of the book share. */
export interface PrintJob {
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
  /** The document print 2 loads (the book, or its first part) with `frontPages`, written. */
  bookFile: (frontPages: number) => Promise<string>;
}
