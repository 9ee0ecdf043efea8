/**
 * The book prints before its front matter is counted when the last print of it says how long the
 * front matter was and where its contents pointed (outputs/pdf/front-guess.ts). A guess only saves
 * time: right, too low, too high or with wrong numbers, the PDF is the same, and the count is that
 * of the front matter as printed.
 */
import assert from 'node:assert/strict';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Browser } from 'puppeteer-core';
import { DEFAULT_TEMPLATES, type Templates } from '../../../src/assemble/templates.ts';
import type { RenderedBook } from '../../../src/model.ts';
import type { FrontGuess } from '../../../src/outputs/pdf/front-guess.ts';
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

  const print = async (guess: FrontGuess | undefined) => {
    const front: { guess?: FrontGuess; found?: FrontGuess } = { guess };
    const file = join(await tempDir(), 'book.pdf');
    await writeFile(file, await printBook(rendered, templates, browser, { work: await tempDir(), front }));
    return { file, bytes: await readFile(file), found: front.found };
  };

  before(async () => {
    root = await writeBook(bookFiles());
    printing = await bookToPrint(root);
    ({ rendered, templates, browser } = printing);
  });
  after(() => printing?.close());

  test('right, too low, too high, wrong numbers or none: the same bytes, and the count is where chapter 1 begins', async () => {
    const unguessed = await print(undefined);
    const pages = (await pdfPages(unguessed.file)).map(squeeze);
    const expected = pages.findIndex((p) => p.includes(squeeze(BODY_OF_FIRST)));
    assert.ok(expected >= 4, `the front matter takes several pages (chapter 1 on page index ${expected})`);
    const found = unguessed.found!;
    assert.equal(found.pages, expected);
    const dests = Object.values(found.dests);
    assert.ok(dests.length >= CHAPTERS, 'every chapter in the contents has its page');
    assert.ok(dests.every((page) => page < pages.length));
    assert.equal(Math.min(...dests.filter((page) => page >= expected)), expected, 'chapter 1 is numbered');
    const shifted = Object.fromEntries(Object.entries(found.dests).map(([id, page]) => [id, page + 1]));
    const guesses = [
      ['right', found],
      ['too low', { pages: 1, dests: found.dests }],
      ['too high', { pages: expected + 3, dests: found.dests }],
      ['wrong numbers', { pages: expected, dests: shifted }],
      ['no numbers', { pages: expected, dests: {} }],
    ] as const;
    for (const [what, guess] of guesses) {
      const guessed = await print(guess);
      assert.deepEqual(guessed.found, found, `${what}: found`);
      assert.ok(guessed.bytes.equals(unguessed.bytes), `${what}: the same bytes as without a guess`);
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

describe('a print template with no front matter', () => {
  test('every chapter is printed, the first on page 1, with or without a guess the same bytes', async () => {
    // The default template without its cover, title page and contents: the front matter lays out nothing.
    const template = (await readFile(join(DEFAULT_TEMPLATES, 'print.hbs'), 'utf8'))
      .replace('{{> cover}}', '')
      .replace('{{> title-page}}', '')
      .replace(/<nav class="toc-page"[\s\S]*?<\/nav>/, '');
    assert.ok(!/cover|title-page|toc/.test(template), 'nothing of the front matter is left');
    const root = await writeBook({
      'book.yaml': 'title: No front matter\nlanguage: en\n',
      'chapters/01.md': '# One\n\nThe first chapter’s body.\n',
      'chapters/02.md': '# Two\n\nThe second chapter’s body.\n',
      'templates/print.hbs': template,
    });
    const saved = { cache: process.env.XDG_CACHE_HOME, epoch: process.env.SOURCE_DATE_EPOCH };
    process.env.XDG_CACHE_HOME = await tempDir();
    process.env.SOURCE_DATE_EPOCH = '1764201600';
    try {
      const built = async () => {
        const result = await build({ root, outDir: await tempDir(), formats: ['pdf'] });
        return result.files.pdf![0]!;
      };
      const first = await built();
      const pages = (await pdfPages(first)).map(squeeze);
      assert.equal(pages.length, 2);
      assert.ok(pages[0]!.includes(squeeze('The first chapter’s body.')), pages[0]);
      assert.ok(pages[1]!.includes(squeeze('The second chapter’s body.')), pages[1]);
      assert.match(pages[0]!, /1$/, 'page 1 is numbered 1');
      const guessed = await built();
      assert.ok(
        (await readFile(guessed)).equals(await readFile(first)),
        'the build with the guess gives the same bytes',
      );
    } finally {
      for (const [name, value] of [
        ['XDG_CACHE_HOME', saved.cache],
        ['SOURCE_DATE_EPOCH', saved.epoch],
      ] as const) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
    }
  });
});
