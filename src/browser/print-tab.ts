/**
 * Printing one HTML file in a tab of the build's browser: the document loaded with its scripts off
 * and its fonts ready (including those only the page-margin boxes need), then printed to PDF.
 */
import type { Browser, Page } from 'puppeteer-core';
import { QuireError } from '../util/errors.ts';
import { loadInto, openPage, replaceIn } from './guarded-page.ts';
import type { PrintGuard } from './print-guard.ts';

/**
 * Print one HTML file to PDF bytes, once its fonts have loaded. `linked`: ids that must have a
 * named destination in the PDF (bookmarks point at them), linked or not in the text.
 */
export async function printFile(
  browser: Browser,
  file: string,
  guard?: PrintGuard,
  linked: string[] = [],
): Promise<Uint8Array> {
  const page = await openForPrint(browser, file, guard);
  try {
    if (linked.length > 0)
      await page.evaluate(linkIds, linked).catch((cause: unknown) => Promise.reject(printError(cause)));
    return await pdfOf(page, false);
  } finally {
    await page.close().catch(() => undefined);
  }
}

/**
 * Runs in the print tab. Chromium writes a named destination only for an id that something in the
 * document links to; a hidden link to each id gives it one, and prints nothing.
 */
function linkIds(ids: string[]): void {
  const holder = document.createElement('div');
  holder.style.display = 'none';
  for (const id of ids) holder.appendChild(document.createElement('a')).href = `#${encodeURIComponent(id)}`;
  document.body.appendChild(holder);
}

/** A tab with the document loaded and its fonts ready. */
export async function openForPrint(browser: Browser, file: string, guard?: PrintGuard): Promise<Page> {
  return openPage(browser, file, { guard }).catch((cause: unknown) => {
    throw printError(cause);
  });
}

/** A tab to load print documents into, one after another (loadForPrint): an empty one. */
export async function printTab(browser: Browser, guard?: PrintGuard): Promise<Page> {
  return openPage(browser, undefined, { guard }).catch((cause: unknown) => {
    throw printError(cause);
  });
}

/** `file` loaded into a tab of printTab's or openForPrint's, its fonts ready (see loadInto). */
export async function loadForPrint(tab: Page, file: string): Promise<void> {
  await loadInto(tab, file).catch((cause: unknown) => {
    throw printError(cause);
  });
}

/**
 * The tab's document replaced by `html`, its fonts ready: a short document printed after a long one
 * in its tab, whose renderer has the fonts loaded. Relative addresses in `html` resolve against the
 * document the tab held.
 */
export async function replaceForPrint(tab: Page, html: string): Promise<void> {
  await replaceIn(tab, html).catch((cause: unknown) => {
    throw printError(cause);
  });
}

/** Print an open tab; `fontsChanged` when its styles changed since it loaded (new glyphs to fetch). */
export async function pdfOf(page: Page, fontsChanged = true): Promise<Uint8Array> {
  try {
    if (fontsChanged) await page.evaluate(() => document.fonts.ready.then(() => undefined));
    // As source text: tsx names inner functions with a helper that the page does not have.
    await page.evaluate(`(() => { const __name = (f) => f; return (${loadMarginBoxFonts.toString()})(); })()`);
    // Bookmarks come from Quire (pdf/finish.ts); `tagged` keeps the structure for accessibility.
    return await page.pdf({ preferCSSPageSize: true, printBackground: true, outline: false, tagged: true, timeout: 0 });
  } catch (cause) {
    throw printError(cause);
  }
}

/**
 * Runs in the print tab. Running heads and folios live in page-margin boxes, which exist only while
 * printing, so their glyphs may need font files the page never loaded (a title's characters in
 * the heads' weight); Chromium then prints no margin box at all, on any page. Load every declared
 * face that covers a character of the stylesheets' `content` strings first.
 */
function loadMarginBoxFonts(): Promise<number> {
  const styles = [...document.querySelectorAll('style')].map((s) => s.textContent ?? '').join('\n');
  const chars = new Set<number>();
  for (const m of styles.matchAll(/content:\s*"((?:[^"\\]|\\.)*)"/g))
    for (const ch of m[1]!) chars.add(ch.codePointAt(0)!);
  const covers = (range: string) =>
    range.split(',').some((part) => {
      const [from, to] = part.trim().replace(/^U\+/i, '').split('-');
      const low = parseInt(from!, 16);
      const high = to ? parseInt(to, 16) : low;
      for (const c of chars) if (c >= low && c <= high) return true;
      return false;
    });
  const faces = [...document.fonts].filter((f) => f.status === 'unloaded' && covers(f.unicodeRange));
  return Promise.all(faces.map((f) => f.load().catch(() => undefined))).then(() => faces.length);
}

const printError = (cause: unknown) =>
  new QuireError('the browser failed to print the PDF', {
    cause,
    hint: 'run the build again; if it persists, report it with the message above',
  });
