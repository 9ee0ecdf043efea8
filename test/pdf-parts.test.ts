/**
 * A long book is printed in parts and joined (pdf-parts.ts, pdf-merge.ts). Read back, the joined
 * PDF must be the whole print's: the same text on every page, folios and labels, links and where
 * they lead, bookmarks, destinations; tagged, with the later parts' tags in the structure tree;
 * fonts embedded; and the same bytes every time.
 */
import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import type { Browser } from 'puppeteer-core';
import { loadTemplates, type Templates } from '../src/assemble/templates.ts';
import { loadBook } from '../src/load/load-book.ts';
import type { RenderedBook } from '../src/model.ts';
import { findBrowser, launchBrowser } from '../src/outputs/browser.ts';
import { printParts } from '../src/outputs/pdf-parts.ts';
import { printBook } from '../src/outputs/pdf.ts';
import { renderBook } from '../src/render/render-book.ts';
import { generateBook } from './bench/generate-book.ts';
import { pdfFonts, pdfInfo, squeeze, tempDir } from './helpers.ts';
import { summary } from './pdf-summary.ts';

const PART = 40_000;

describe('a book printed in parts', () => {
  let browser: Browser;
  let rendered: RenderedBook;
  let templates: Templates;
  let dir: string;
  const saved = process.env.SOURCE_DATE_EPOCH;

  const print = async (name: string, partCharacters: number) => {
    const file = join(dir, `${name}.pdf`);
    const work = await tempDir();
    await writeFile(file, await printBook(rendered, templates, browser, { work, partCharacters }));
    return file;
  };

  before(async () => {
    process.env.SOURCE_DATE_EPOCH = '1764201600';
    dir = await tempDir();
    const { root } = await generateBook({ pages: 60, dir: join(dir, 'book') });
    const book = await loadBook({ root });
    rendered = renderBook(book);
    templates = await loadTemplates(root);
    browser = await launchBrowser(await findBrowser(undefined, book.configFile));
  });
  after(async () => {
    await browser?.close();
    if (saved === undefined) delete process.env.SOURCE_DATE_EPOCH;
    else process.env.SOURCE_DATE_EPOCH = saved;
  });

  test('reads page for page like the whole print, tagged, in embedded fonts, the same bytes every time', async () => {
    assert.ok(printParts(rendered, PART).length >= 3, 'the book is cut into several parts');
    const whole = await summary(await print('whole', Infinity));
    const partsFile = await print('parts', PART);
    const parts = await summary(partsFile);

    assert.equal(parts.pages.length, whole.pages.length, 'page count');
    // Line breaks can differ in the text poppler extracts; the characters on each page cannot.
    parts.pages.forEach((text, i) => assert.equal(squeeze(text), squeeze(whole.pages[i]!), `text of page ${i + 1}`));
    assert.deepEqual(parts.labels, whole.labels, 'page labels');
    assert.deepEqual(parts.links, whole.links, 'links');
    assert.deepEqual(parts.outline, whole.outline, 'bookmarks');
    assert.deepEqual(parts.destinations, whole.destinations, 'destinations');

    assert.equal((await pdfInfo(partsFile)).Tagged, 'yes');
    const fonts = await pdfFonts(partsFile);
    assert.ok(fonts.length > 0 && fonts.every((f) => f.embedded && f.type !== 'Type 3'), 'fonts embedded');

    // The last page, from the last part, has its content in the structure tree.
    const doc = await getDocument({ data: new Uint8Array(await readFile(partsFile)), verbosity: 0 }).promise;
    try {
      const tree = await (await doc.getPage(doc.numPages - 1)).getStructTree();
      const text = JSON.stringify(tree);
      assert.match(text, /"role":"P"|"role":"Span"|"role":"H\d"/, 'tagged content on a page of the last part');
    } finally {
      await doc.destroy();
    }

    const again = await print('again', PART);
    assert.ok((await readFile(again)).equals(await readFile(partsFile)), 'byte-identical');
  });
});
