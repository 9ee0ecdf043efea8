/**
 * The one way Quire opens a tab in its browser (print pages, the EPUB's cover, mermaid's page, image
 * conversion): every request goes through a guard (print-guard.ts), an author's scripts stay off
 * unless the page is Quire's own, and the fonts are ready before anything is measured or printed.
 */
import { pathToFileURL } from 'node:url';
import type { Browser, Page, Viewport } from 'puppeteer-core';
import { guardPage, type PrintGuard } from './print-guard.ts';

export interface PageOptions {
  /**
   * What the page may load. Every page of a build has one; only the benchmark's bare print, the
   * baseline Quire is measured against, opens a page without.
   */
  guard: PrintGuard | undefined;
  /** Quire's own page (mermaid's) runs scripts; a book's page never does, so it prints the same every time. */
  scripts?: boolean;
  viewport?: Viewport;
}

/** A tab with `file` loaded (or blank) and its fonts ready; closed again if opening fails. */
export async function openPage(browser: Browser, file: string | undefined, options: PageOptions): Promise<Page> {
  const page = await browser.newPage();
  try {
    if (options.guard) await guardPage(page, options.guard);
    if (!options.scripts) await page.setJavaScriptEnabled(false);
    if (options.viewport) await page.setViewport(options.viewport);
    if (file !== undefined) await loadInto(page, file);
    return page;
  } catch (cause) {
    await page.close().catch(() => undefined);
    throw cause;
  }
}

/**
 * `file` loaded into a tab opened here, its fonts ready. A tab keeps its guard and settings from one
 * document to the next, and its renderer keeps the font files it has loaded: the parts of a long
 * book loaded one after another into the same tab do not fetch and decode them again.
 */
export async function loadInto(page: Page, file: string): Promise<void> {
  // No time limit here: the print watchdog (print-watchdog.ts) stops a page that hangs.
  await page.goto(pathToFileURL(file).href, { waitUntil: 'load', timeout: 0 });
  await page.evaluate(() => document.fonts.ready.then(() => undefined));
}

/** The page's document replaced by `html` (its address kept), its fonts ready. */
export async function replaceIn(page: Page, html: string): Promise<void> {
  await page.setContent(html, { waitUntil: 'load', timeout: 0 });
  await page.evaluate(() => document.fonts.ready.then(() => undefined));
}

/** Open a page, use it, and close it whatever happens. */
export async function withPage<T>(
  browser: Browser,
  file: string | undefined,
  options: PageOptions,
  use: (page: Page) => Promise<T>,
): Promise<T> {
  const page = await openPage(browser, file, options);
  try {
    return await use(page);
  } finally {
    await page.close().catch(() => undefined);
  }
}

/**
 * A screenshot taken as the page is still being painted can hold only some of it (seen: the cover's
 * background top without its text), and a drawn cover is cached: shots are taken until two in a
 * row are the same.
 */
export async function settledScreenshot(page: Page): Promise<Uint8Array> {
  let shot = await page.screenshot({ type: 'png' });
  for (let i = 0; i < 5; i++) {
    const again = await page.screenshot({ type: 'png' });
    if (Buffer.compare(again, shot) === 0) break;
    shot = again;
  }
  return shot;
}
