/**
 * How a document printed from files (the PDF, handouts, the EPUB's drawn cover, `quire check`)
 * refers to chapters, assets and fonts. Kept apart from pdf.ts so that EPUB-only builds and
 * `quire check` do not load pdf-lib.
 */
import { pathToFileURL } from 'node:url';
import type { RenderedBook } from '../model.ts';
import { chapterAnchors, type UrlResolver } from './output.ts';

/** Chapters are anchors in the one print document; assets are the files themselves. */
export function printUrls(rendered: RenderedBook): UrlResolver {
  const anchorOf = chapterAnchors(rendered);
  const files = new Map(rendered.assets.map((a) => [a.path, a.file]));
  return {
    chapter: (id, anchor) => `#${anchorOf(id, anchor)}`,
    asset: (path, anchor) => pathToFileURL(files.get(path) ?? path).href + (anchor ? `#${anchor}` : ''),
  };
}

/** Fonts load straight from the npm packages. */
export const fontUrl = (face: { file: string }) => pathToFileURL(face.file).href;
