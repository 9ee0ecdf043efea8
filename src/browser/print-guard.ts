/**
 * Contained printing: while Chromium prints (or draws the cover), the page may load only files
 * inside the book, Quire's own bundled fonts (and KaTeX's) and the print's working folder. Every
 * other request (any network address, any file elsewhere) is blocked and reported, so a build is
 * the same offline and an author's raw HTML cannot pull a private file into the PDF. The page that
 * draws diagrams is held tighter still: its folder, the fonts and the one mermaid bundle file.
 */
import { existsSync, realpathSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, resolve, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Page } from 'puppeteer-core';
import { KATEX_DIST_DIR } from '../assemble/math-assets.ts';
import { userFontDirs } from '../assemble/book-fonts.ts';
import type { RenderedBook } from '../model.ts';
import { QuireError } from '../util/errors.ts';

export interface PrintGuard {
  allows(url: string): boolean;
  /** Every URL refused, in the order first asked for. */
  blocked: Set<string>;
  /** Folders the browser loads from without asking: Quire's own, where no author's file can lead out. */
  own: string[];
  /** Folders each of whose files is asked about as it loads: a symbolic link in the book may lead out. */
  asked: string[];
  /** Single files allowed besides (fetched remote images, kept in the cache). */
  files: string[];
}

const require = createRequire(import.meta.url);

/** Where the bundled fonts are installed: the @fontsource packages' folder (of a package that is always there). */
export const BUNDLED_FONTS_DIR = dirname(dirname(require.resolve('@fontsource/noto-sans-mono/package.json')));

export function printGuard(rendered: RenderedBook, work: string): PrintGuard {
  const remote = rendered.assets.filter((a) => a.url).map((a) => a.file);
  const book = rendered.book.site?.filesRoot ?? rendered.book.root;
  return fileGuard([BUNDLED_FONTS_DIR, KATEX_DIST_DIR, work], [book, ...userFontDirs(rendered.book)], remote);
}

/**
 * A guard that lets a page load only files under `own` and `asked` (followed to where their links
 * lead), the single `files`, and data: URLs.
 */
export function fileGuard(own: string[], asked: string[] = [], files: string[] = []): PrintGuard {
  const roots = [...own, ...asked].map(real);
  const singles = files.map(real);
  return {
    ...{ own, asked, files, blocked: new Set<string>() },
    allows(url) {
      if (url.startsWith('data:') || url === 'about:blank') return true;
      if (!url.startsWith('file:')) return false;
      let path = resolve(fileURLToPath(url));
      if (existsSync(path)) path = realpathSync(path);
      return singles.includes(path) || roots.some((root) => path === root || path.startsWith(root + sep));
    },
  };
}

const real = (p: string) => (existsSync(p) ? realpathSync(p) : resolve(p));
/** A folder as given and as its links lead: a page may name either. */
const bothPaths = (dir: string) => [...new Set([resolve(dir), real(dir)])];

/**
 * Every request of the page checked against the guard. Asking Node about each one costs a round trip
 * per file, and a print loads a hundred font files while Node's thread is busy with the EPUB and the
 * site; so the browser decides by itself where it can (a list of URL patterns, first match wins):
 * Quire's own folders and the single files load, everything else is blocked. Node is asked only
 * about the book's files (where a link may lead out), about every document a page opens (the print
 * document, and an object or frame of an author's, whose load no pattern list stops), and about any
 * network address that gets past the list.
 */
export async function guardPage(page: Page, guard: PrintGuard): Promise<void> {
  const client = await page.createCDPSession();
  const asked = guard.asked.flatMap(bothPaths);
  const urlPatterns = [
    ...[...guard.own.flatMap(bothPaths), ...asked].map((dir) => ({
      urlPattern: `${urlPatternOf(dir)}/*`,
      block: false,
    })),
    ...guard.files.map((file) => ({ urlPattern: urlPatternOf(file), block: false })),
    ...['*://*:*/*', 'file:///*'].map((urlPattern) => ({ urlPattern, block: true })),
  ];
  // Only the requests the list blocks are reported from here: a URL of each request as it starts.
  const urls = new Map<string, string>();
  client.on('Network.requestWillBeSent', ({ requestId, request }) =>
    urls.set(requestId, request.url + (request.urlFragment ?? '')),
  );
  client.on('Network.loadingFailed', ({ requestId, blockedReason }) => {
    const url = urls.get(requestId);
    if (blockedReason === 'inspector' && url !== undefined) guard.blocked.add(url);
  });
  client.on('Fetch.requestPaused', ({ requestId, request }) => {
    const url = request.url + (request.urlFragment ?? '');
    if (guard.allows(url)) return void client.send('Fetch.continueRequest', { requestId }).catch(() => undefined);
    guard.blocked.add(url);
    void client.send('Fetch.failRequest', { requestId, errorReason: 'BlockedByClient' }).catch(() => undefined);
  });
  await client.send('Network.enable');
  await client.send('Network.setBlockedURLs', { urlPatterns });
  const patterns = [
    { urlPattern: '*', resourceType: 'Document' as const },
    ...asked.map((dir) => ({ urlPattern: `${globOf(dir)}/*` })),
    ...['http*', 'ws*', 'ftp*'].map((urlPattern) => ({ urlPattern })),
  ];
  await client.send('Fetch.enable', { patterns });
}

/** A file URL as a URL pattern (the URLPattern syntax): its special characters escaped. */
const urlPatternOf = (path: string) =>
  pathToFileURL(path)
    .href.replace(/[*?+(){}:\\]/g, (c) => `\\${c}`)
    .replace(/^file\\:/, 'file:');

/** A file URL as a glob of the Fetch domain: `*`, `?` and the escape character escaped. */
const globOf = (path: string) => pathToFileURL(path).href.replace(/[*?\\]/g, (c) => `\\${c}`);

export function blockedWarnings(guard: PrintGuard): QuireError[] {
  return [...guard.blocked].map(
    (url) =>
      new QuireError(`the print page asked for \`${url}\`, outside the book: blocked`, {
        hint: 'refer only to files inside the book; raw HTML that loads other files does not print',
      }),
  );
}
