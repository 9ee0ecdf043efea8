/**
 * For the tests that call printBook themselves: the book loaded and rendered, its templates read,
 * a browser to print in, and SOURCE_DATE_EPOCH fixed while they run (the same bytes every time).
 */
import type { Browser } from 'puppeteer-core';
import { loadTemplates, type Templates } from '../../src/assemble/templates.ts';
import { findBrowser, launchBrowser } from '../../src/browser/browser.ts';
import { loadBook } from '../../src/load/load-book.ts';
import type { RenderedBook } from '../../src/model.ts';
import { renderBook } from '../../src/render/render-book.ts';

export interface BookToPrint {
  rendered: RenderedBook;
  templates: Templates;
  browser: Browser;
  /** Closes the browser and puts SOURCE_DATE_EPOCH back. */
  close(): Promise<void>;
}

export async function bookToPrint(root: string, epoch = '1764201600'): Promise<BookToPrint> {
  const saved = process.env.SOURCE_DATE_EPOCH;
  process.env.SOURCE_DATE_EPOCH = epoch;
  const book = await loadBook({ root });
  const [templates, browser] = await Promise.all([
    loadTemplates(root),
    findBrowser(undefined, book.configFile).then((path) => launchBrowser(path)),
  ]);
  return {
    rendered: await renderBook(book),
    templates,
    browser,
    async close() {
      await browser.close();
      if (saved === undefined) delete process.env.SOURCE_DATE_EPOCH;
      else process.env.SOURCE_DATE_EPOCH = saved;
    },
  };
}
