/** What markdown-it rules see of the book while rendering one chapter (markdown-it's `env`). */
import type { Asset, Chapter } from '../model.ts';
import type { QuireError } from '../util/errors.ts';
import type { AnchorReference } from './references.ts';

export interface RenderEnv {
  [key: PropertyKey]: unknown;
  chapter: Chapter;
  bookRoot: string;
  /** book.yaml's `remoteImages`. */
  remoteImages: boolean;
  chaptersByFile: Map<string, Chapter>;
  /** Shared by every chapter of one build, so asset paths are collected once. */
  assets: Map<string, Asset>;
  anchorRefs: AnchorReference[];
  errors: QuireError[];
  /** markdown-it-footnote prefixes its ids with this, keeping them unique across chapters. */
  docId: string;
  /** markdown-it-anchor's used-slug set, shared by every chapter so heading ids are unique in the book. */
  markdownItAnchor: { slugs: Record<string, boolean> };
}
