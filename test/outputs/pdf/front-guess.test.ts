/**
 * The book prints before its front matter is counted when the last print of it says how long the
 * front matter was (outputs/pdf/front-guess.ts). A guess only saves time: right, too low or too high,
 * the PDF is the same, and the count is that of the front matter as printed.
 */
import assert from 'node:assert/strict';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Browser } from 'puppeteer-core';
import type { Templates } from '../../../src/assemble/templates.ts';
import type { RenderedBook } from '../../../src/model.ts';
import { printBook } from '../../../src/outputs/pdf/pdf.ts';
import { build } from '../../../src/index.ts';
import { pdfPages, squeeze, tempDir, writeBook } from '../../helpers.ts';
import { bookToPrint, type BookToPrint } from '../../support/book-to-print.ts';

const CHAPTERS = 45;
const BODY_OF_FIRST = 'Body of chapter 1.';

/** A book whose contents take several pages, each chapter with a sentence found only in its body. */
function bookFiles(): Record<string, string> {
  const files: Record<string, string> = { 'book.yaml': 'title: Guessed\nlanguage: en\n' };
  files['chapters/00-preface.md'] = '---\ntitle: Preface\nnumbered: false\n---\n\nWhy this book.\n';
  for (let n = 1; n <= CHAPTERS; n++) {
    const name = `chapters/${String(n).padStart(2, '0')}-c.md`;
    files[name] = `# Chapter title ${n}\n\n## Opening ${n}\n\nBody of chapter ${n}.\n\n## Closing ${n}\n\nMore.\n`;
  }
  return files;
}

describe('the front matter guessed from the last print', () => {
  let printing: BookToPrint;
  let root: string;
  let browser: Browser;
  let rendered: RenderedBook;
  let templates: Templates;

  const print = async (guess: number | undefined) => {
    const front: { guess?: number; pages?: number } = { guess };
    const file = join(await tempDir(), 'book.pdf');
    await writeFile(file, await printBook(rendered, templates, browser, { work: await tempDir(), front }));
    return { file, bytes: await readFile(file), counted: front.pages };
  };

  before(async () => {
    root = await writeBook(bookFiles());
    printing = await bookToPrint(root);
    ({ rendered, templates, browser } = printing);
  });
  after(() => printing?.close());

  test('right, too low, too high or none: the same bytes, and the count is where chapter 1 begins', async () => {
    const unguessed = await print(undefined);
    const pages = (await pdfPages(unguessed.file)).map(squeeze);
    const expected = pages.findIndex((p) => p.includes(squeeze(BODY_OF_FIRST)));
    assert.ok(expected >= 4, `the front matter takes several pages (chapter 1 on page index ${expected})`);
    assert.equal(unguessed.counted, expected);
    for (const guess of [expected, 1, expected + 3]) {
      const guessed = await print(guess);
      assert.equal(guessed.counted, expected, `guess ${guess}: counted`);
      assert.ok(guessed.bytes.equals(unguessed.bytes), `guess ${guess}: the same bytes as without a guess`);
    }
  });

  test('a build keeps the count in the cache, and the next build of the book gives the same bytes', async () => {
    const cacheHome = await tempDir();
    const env = process.env.XDG_CACHE_HOME;
    process.env.XDG_CACHE_HOME = cacheHome;
    try {
      const built = async () => {
        const result = await build({ root, outDir: await tempDir(), formats: ['pdf'] });
        return readFile(result.files.pdf![0]!);
      };
      const first = await built();
      const entries = await readdir(join(cacheHome, 'quire', 'print-layout')).catch(() => []);
      assert.ok(entries.length > 0, 'the count is kept');
      assert.ok((await built()).equals(first), 'the build with the guess gives the same bytes');
    } finally {
      if (env === undefined) delete process.env.XDG_CACHE_HOME;
      else process.env.XDG_CACHE_HOME = env;
    }
  });
});
