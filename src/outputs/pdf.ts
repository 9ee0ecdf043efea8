/** The PDF: the whole book as one print document, printed by Chromium. */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser } from 'puppeteer-core';
import { printDocument } from '../assemble/documents.ts';
import type { RenderedBook } from '../model.ts';
import type { Templates } from '../assemble/templates.ts';
import { writeFileAtomic } from '../util/atomic.ts';
import { QuireError } from '../util/errors.ts';
import { chapterAnchors, type Output, type UrlResolver } from './output.ts';

export function printUrls(rendered: RenderedBook): UrlResolver {
  const anchorOf = chapterAnchors(rendered);
  const files = new Map(rendered.assets.map((a) => [a.path, a.file]));
  return {
    chapter: (id, anchor) => `#${anchorOf(id, anchor)}`,
    asset: (path, anchor) => pathToFileURL(files.get(path) ?? path).href + (anchor ? `#${anchor}` : ''),
  };
}

/** The print document, as the PDF stage prints it (the benchmark prints the same file). */
export function printHtml(rendered: RenderedBook, templates: Templates): string {
  return printDocument(rendered, templates, printUrls(rendered), (f) => pathToFileURL(f.file).href).html;
}

export const pdfOutput: Output = {
  format: 'pdf',
  async write({ rendered, templates, outDir, browser }) {
    const html = printHtml(rendered, templates);
    const target = join(outDir, `${rendered.book.config.output.name}.pdf`);
    const work = await mkdtemp(join(tmpdir(), 'quire-print-'));
    try {
      const file = join(work, 'print.html');
      await writeFile(file, html);
      const pdf = await printFile(await browser.get(), file);
      await writeFileAtomic(target, pdf);
    } finally {
      await rm(work, { recursive: true, force: true });
    }
    return [target];
  },
};

/** Print one HTML file to PDF bytes: fonts loaded, bookmarks from headings, tagged. */
export async function printFile(browser: Browser, file: string): Promise<Uint8Array> {
  const page = await browser.newPage();
  try {
    await page.goto(pathToFileURL(file).href, { waitUntil: 'load', timeout: 0 });
    await page.evaluate(() => document.fonts.ready.then(() => undefined));
    return await page.pdf({ preferCSSPageSize: true, printBackground: true, outline: true, tagged: true, timeout: 0 });
  } catch (cause) {
    throw new QuireError('the browser failed to print the PDF', {
      cause,
      hint: 'run the build again; if it persists, report it with the message above',
    });
  } finally {
    await page.close().catch(() => undefined);
  }
}
