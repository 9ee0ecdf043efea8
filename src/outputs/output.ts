/**
 * Stage 4, outputs: each format is one small object behind this interface. An output that keeps
 * something between the builds of a watch session (the site's file hashes, the PDF's last whole
 * print) makes it with `createState`; build and watch hold it for the output without looking inside.
 */
import type { Templates } from '../assemble/templates.ts';
import type { OutputFormat } from '../load/config-schema.ts';
import type { RenderedBook } from '../model.ts';
import type { UrlResolver } from '../render/quire-urls.ts';
import type { QuireError } from '../util/errors.ts';
import type { UserCache } from '../util/user-cache.ts';
import type { LazyBrowser } from '../browser/browser.ts';

export interface OutputContext<State = unknown> {
  rendered: RenderedBook;
  templates: Templates;
  /** The output folder (dist/ or --out). */
  outDir: string;
  /** The outputs this build writes (the site links to the PDF and EPUB when they are among them). */
  formats?: (OutputFormat | 'handouts')[];
  /** The build's one browser, started on first use. */
  browser: LazyBrowser;
  /** What earlier builds made that this one can reuse (off with --no-cache). */
  cache: UserCache;
  /** Watch mode: what this output kept from the session's builds before; undefined in a one-off build. */
  state: State | undefined;
  /** Report a problem that does not stop the build. */
  warn: (warning: QuireError) => void;
  /** Report how far the output is, in units that advance as the work does (see Progress in model.ts). */
  progress?: (done: number, total: number, unit: string) => void;
  /**
   * The EPUB, when the PDF is built in the same run: the print edition's pages, once the PDF is
   * written (undefined when it could not say where they fall, or failed).
   */
  printedPages?: Promise<PrintedPages | undefined>;
}

/**
 * Where the print edition's pages start in the chapters: each a page mark's id
 * (assemble/page-marks.ts) and the label the page prints under, in the book's order.
 */
export interface PrintedPages {
  breaks: { id: string; label: string }[];
}

/** What an output wrote. */
export interface Written {
  /** The paths written (for the site, its front page). */
  files: string[];
  /** The site: the files whose content changed (watch mode reloads the pages open on them). */
  changed?: string[];
  /** The PDF: printed whole, with chapters reprinted into the last whole print, or found current. */
  how?: 'whole' | 'reprinted' | 'unchanged';
  /**
   * The PDF, when asked to mark its pages for the EPUB: where they start, when the file is a whole
   * print of this book (chapters reprinted into it may have moved text between pages).
   */
  pages?: PrintedPages;
}

export interface Output<State = unknown> {
  /** The stage's name in timings: a format, or `handouts`. */
  name: OutputFormat | 'handouts';
  /** Watch mode: a new state for a session (see the top of this file). */
  createState?(): State;
  /** Write the output atomically. */
  write(context: OutputContext<State>): Promise<Written>;
  /**
   * Watch mode, once the author has paused: whether this output wants to build again now (the PDF,
   * to print the whole book after chapters were reprinted into it).
   */
  settle?(state: State): boolean;
}

/** An output, its state's type known only to itself: what build and watch hold. */
export type AnyOutput = Output<unknown>;

/** Erase an output's state type for the list of outputs; each output alone reads its own state. */
export const defineOutput = <State>(output: Output<State>): AnyOutput => output as unknown as AnyOutput;

/** Resolves chapter links to the chapter's own anchor when the link names no section. */
export function chapterAnchors(rendered: RenderedBook): (chapterId: string, anchor: string | undefined) => string {
  const anchors = new Map(rendered.chapters.map((c) => [c.chapter.id, c.anchor]));
  return (chapterId, anchor) => anchor ?? anchors.get(chapterId) ?? chapterId;
}

export type { UrlResolver };
