/** Stage 4, outputs: each format is one small object behind this interface. */
import type { Templates } from '../assemble/templates.ts';
import type { OutputFormat } from '../load/config-schema.ts';
import type { RenderedBook } from '../model.ts';
import type { UrlResolver } from '../render/quire-urls.ts';
import type { QuireError } from '../util/errors.ts';
import type { LazyBrowser } from './browser.ts';
import type { SiteState } from './html.ts';
import type { PdfSession } from './pdf-reprint.ts';

export interface OutputContext {
  rendered: RenderedBook;
  templates: Templates;
  /** The output folder (dist/ or --out). */
  outDir: string;
  /** The outputs this build writes (the site links to the PDF and EPUB when they are among them). */
  formats?: (OutputFormat | 'handouts')[];
  /** The build's one browser, started on first use. */
  browser: LazyBrowser;
  /** Watch mode: the site as last written, so only what changed is written again. */
  site?: SiteState;
  /** Watch mode: the last whole print, so an edit reprints only its chapters. */
  pdf?: PdfSession;
  /** Report a problem that does not stop the build. */
  warn: (warning: QuireError) => void;
}

export interface Output {
  /** The stage's name in timings: a format, or `handouts`. */
  name: OutputFormat | 'handouts';
  /** Write the output atomically; returns the paths written. */
  write(context: OutputContext): Promise<string[]>;
}

/** Resolves chapter links to the chapter's own anchor when the link names no section. */
export function chapterAnchors(rendered: RenderedBook): (chapterId: string, anchor: string | undefined) => string {
  const anchors = new Map(rendered.chapters.map((c) => [c.chapter.id, c.anchor]));
  return (chapterId, anchor) => anchor ?? anchors.get(chapterId) ?? chapterId;
}

export type { UrlResolver };
