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
import { fileURLToPath } from 'node:url';
import type { Page } from 'puppeteer-core';
import { KATEX_DIST_DIR } from '../assemble/math-assets.ts';
import { userFontDirs } from '../assemble/book-fonts.ts';
import type { RenderedBook } from '../model.ts';
import { QuireError } from '../util/errors.ts';

export interface PrintGuard {
  allows(url: string): boolean;
  /** Every URL refused, in the order first asked for. */
  blocked: Set<string>;
}

const require = createRequire(import.meta.url);

/** Where the bundled fonts are installed: the @fontsource packages' folder (of a package that is always there). */
export const BUNDLED_FONTS_DIR = dirname(dirname(require.resolve('@fontsource/noto-sans-mono/package.json')));

export function printGuard(rendered: RenderedBook, work: string): PrintGuard {
  const remote = rendered.assets.filter((a) => a.url).map((a) => a.file);
  return fileGuard(
    [
      rendered.book.site?.filesRoot ?? rendered.book.root,
      BUNDLED_FONTS_DIR,
      KATEX_DIST_DIR,
      work,
      ...userFontDirs(rendered.book),
    ],
    remote,
  );
}

/** A guard that lets a page load only files under `dirs`, the single `files`, and data: URLs. */
export function fileGuard(dirs: string[], files: string[] = []): PrintGuard {
  const real = (p: string) => (existsSync(p) ? realpathSync(p) : resolve(p));
  const roots = dirs.map(real);
  const singles = files.map(real);
  return {
    blocked: new Set(),
    allows(url) {
      if (url.startsWith('data:') || url === 'about:blank') return true;
      if (!url.startsWith('file:')) return false;
      let path = resolve(fileURLToPath(url));
      if (existsSync(path)) path = realpathSync(path);
      return singles.includes(path) || roots.some((root) => path === root || path.startsWith(root + sep));
    },
  };
}

/** Route every request of the page through the guard. */
export async function guardPage(page: Page, guard: PrintGuard): Promise<void> {
  await page.setRequestInterception(true);
  page.on('request', (request) => {
    if (request.isInterceptResolutionHandled()) return;
    const url = request.url();
    if (guard.allows(url)) void request.continue();
    else {
      guard.blocked.add(url);
      void request.abort('blockedbyclient');
    }
  });
}

export function blockedWarnings(guard: PrintGuard): QuireError[] {
  return [...guard.blocked].map(
    (url) =>
      new QuireError(`the print page asked for \`${url}\`, outside the book: blocked`, {
        hint: 'refer only to files inside the book; raw HTML that loads other files does not print',
      }),
  );
}
