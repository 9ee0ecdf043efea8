/** What markdown-it rules see of the book while rendering one chapter (markdown-it's `env`). */
import type { Asset, Chapter, SiteFiles } from '../model.ts';
import type { QuireError } from '../util/errors.ts';
import type { AnchorReference } from './references.ts';

export interface RenderEnv {
  [key: PropertyKey]: unknown;
  chapter: Chapter;
  /** The folder every file of the book is inside (a Docusaurus book: the one holding its site and docs). */
  bookRoot: string;
  /** A Docusaurus book's route base and static folders. */
  site: SiteFiles | undefined;
  /** book.yaml's `remoteImages`. */
  remoteImages: boolean;
  chaptersByFile: Map<string, Chapter>;
  /** Chapters by the routes their own tool serves them at (see routes.ts). */
  byRoute: Map<string, Chapter>;
  /**
   * Quire's own layout: a link to a missing page, file or section is an error. Books in other
   * tools' layouts get what their tool gives: the link kept (or made plain text), with a warning.
   */
  strict: boolean;
  /** Where the book's site is published, to make links that leave the book absolute in the PDF and EPUB. */
  siteUrl: string | undefined;
  /** Where this book's Quire settings go, for hints (`book.yaml`, book.toml's `[output.quire]` …). */
  settingsHint: string;
  /** Problems that do not stop the build. */
  warnings: QuireError[];
  /** Shared by every chapter of one build, so asset paths are collected once. */
  assets: Map<string, Asset>;
  anchorRefs: AnchorReference[];
  errors: QuireError[];
  /** markdown-it-footnote prefixes its ids with this, keeping them unique across chapters. */
  docId: string;
  /** markdown-it-anchor's used-slug set, shared by every chapter so heading ids are unique in the book. */
  markdownItAnchor: { slugs: Record<string, boolean> };
}
