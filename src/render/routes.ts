/**
 * Where each chapter is served by the tool its book was written for, so that a link written for
 * that tool's site finds its chapter: mdBook and HonKit serve `dir/page.md` as `dir/page.html`
 * (a folder's README.md as `dir/index.html`), Docusaurus at routes its loader gives
 * (`Chapter.routes`). A link is read as a URL relative to the linking chapter's own route.
 */
import type { Chapter } from '../model.ts';

/** The route of a chapter from its path below the source folder: `dir/page.md` → `/dir/page.md`. */
const fileRoute = (chapter: Chapter) => `/${chapter.relPath}`;

/**
 * One key for every spelling of a page's address: `/a/b.html`, `/a/b.md`, `/a/b`, `/a/b/` give
 * `/a/b`; `/a/index.html`, `/a/README.md` and `/a/` give `/a`.
 */
export function routeKey(path: string): string {
  let key = path.replace(/\/+$/, '').replace(/\.(?:html?|mdx?)$/i, '');
  key = key.replace(/\/(?:index|readme)$/i, '');
  return key === '' ? '/' : key;
}

/** Chapters by the key of every route they are served at; a route claimed twice keeps its first chapter. */
export function chaptersByRoute(chapters: Chapter[]): Map<string, Chapter> {
  const byRoute = new Map<string, Chapter>();
  const claim = (route: string, chapter: Chapter) => {
    const key = routeKey(route);
    if (!byRoute.has(key)) byRoute.set(key, chapter);
  };
  for (const chapter of chapters) for (const route of chapter.routes ?? []) claim(route, chapter);
  for (const chapter of chapters) claim(fileRoute(chapter), chapter);
  // Routes that differ only in case, as sites served from case-insensitive file systems answer them.
  for (const [key, chapter] of [...byRoute]) if (!byRoute.has(caseless(key))) byRoute.set(caseless(key), chapter);
  return byRoute;
}

/** The chapter a link's path names when read as an address relative to the linking chapter's route. */
export function chapterAtRoute(path: string, from: Chapter, byRoute: Map<string, Chapter>): Chapter | undefined {
  const base = from.routes?.[0] ?? fileRoute(from);
  let resolved: string;
  try {
    resolved = decodeURIComponent(new URL(path, `http://book${base}`).pathname);
  } catch {
    return undefined;
  }
  const key = routeKey(resolved);
  return byRoute.get(key) ?? byRoute.get(caseless(key));
}

const caseless = (key: string) => `\0${key.toLowerCase()}`;
