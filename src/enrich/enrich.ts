/**
 * Stage 3, enrich: what the rendered book needs from outside itself before it is assembled. Remote
 * images are fetched (the Markdown allowed them), mermaid diagrams drawn by the browser; both are
 * kept in the user's cache, so a later build fetches and draws only what is new. It returns a new
 * rendered book; the one it was given is left as it was.
 */
import type { LazyBrowser } from '../browser/browser.ts';
import type { RenderedBook } from '../model.ts';
import type { UserCache } from '../util/user-cache.ts';
import { drawBookDiagrams } from './diagrams.ts';
import { fetchRemoteImages } from './remote-images.ts';

export interface EnrichContext {
  /** The build's browser, started only if a diagram is not in the cache. */
  browser: LazyBrowser;
  cache: UserCache;
  /** A work folder for fetched images when the cache is off; the build removes it when it ends. */
  workDir: () => Promise<string>;
  progress?: (done: number, total: number, unit: string) => void;
}

export async function enrichBook(rendered: RenderedBook, context: EnrichContext): Promise<RenderedBook> {
  const { browser, cache, workDir, progress } = context;
  const [assets, chapters] = await Promise.all([
    fetchRemoteImages(rendered, cache, workDir),
    drawBookDiagrams(rendered, browser, cache, progress),
  ]);
  return { ...rendered, assets, chapters };
}
