/**
 * A long book is printed in parts and joined (outputs/pdf/parts.ts, merge.ts). Read back, the joined
 * PDF must be the whole print's: the same text on every page, folios and labels, links and where
 * they lead, bookmarks, destinations; tagged, with the later parts' tags in the structure tree;
 * fonts embedded; and the same bytes every time.
 */
import assert from 'node:assert/strict';
import { appendFile, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { PDFArray, PDFDict, PDFDocument, PDFName } from 'pdf-lib';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import type { Browser } from 'puppeteer-core';
import type { Templates } from '../../../src/assemble/templates.ts';
import type { RenderedBook } from '../../../src/model.ts';
import { printParts } from '../../../src/outputs/pdf/parts.ts';
import { printBook } from '../../../src/outputs/pdf/pdf.ts';
import { printAhead } from '../../../src/outputs/pdf/print-documents.ts';
import { withPageMarks } from '../../../src/assemble/page-marks.ts';
import type { PrintedPages } from '../../../src/outputs/output.ts';
import { generateBook } from '../../bench/generate-book.ts';
import { pdfFonts, pdfInfo, squeeze, tempDir, writeBook } from '../../helpers.ts';
import { joined } from '../../../src/outputs/pdf/update-bytes.ts';
import { bookToPrint, type BookToPrint } from '../../support/book-to-print.ts';
import { assertSamePdf, summary } from '../../support/pdf-summary.ts';

const PART = 40_000;
/** Shorter than the chapters of the test book (25–32 KB of HTML). */
const SHORT_PART = 10_000;

describe('a book printed in parts', () => {
  let browser: Browser;
  let rendered: RenderedBook;
  let templates: Templates;
  let dir: string;
  let printing: BookToPrint;

  /** Parts printed by the last print (a part that does not land on its pages ends in a whole print). */
  const stats: { parts: number; forecast?: number; parsed?: number } = { parts: 0 };
  const print = async (name: string, partCharacters: number, whole = false, printers?: number) => {
    const file = join(dir, `${name}.pdf`);
    const work = await tempDir();
    const options = { work, partCharacters, whole, stats, printers };
    await writeFile(file, await printBook(rendered, templates, browser, options));
    return file;
  };

  before(async () => {
    dir = await tempDir();
    const { root } = await generateBook({ pages: 60, dir: join(dir, 'book') });
    // A cross-reference from the last chapter back to a paragraph of the second, in another part.
    const chapters = join(root, 'chapters');
    const [, second, , , last] = (await readdir(chapters)).filter((f) => f.endsWith('.md')).sort();
    await appendFile(join(chapters, second!), '\n\nA paragraph worth pointing at. {#pointed-at}\n');
    await appendFile(join(chapters, last!), `\n\nSee [the paragraph](${second}#pointed-at).\n`);
    printing = await bookToPrint(root);
    ({ rendered, templates, browser } = printing);
  });
  after(() => printing?.close());

  test('reads page for page like the whole print, tagged, in embedded fonts, the same bytes every time', async () => {
    assert.ok(printParts(rendered, PART).parts.length >= 3, 'the book is cut into several parts');
    const whole = await summary(await print('whole', Infinity));
    const partsFile = await print('parts', PART);
    assert.equal(stats.parts, printParts(rendered, PART).parts.length, 'printed in parts');
    assert.equal(stats.parsed, 0, "every later part joined from Chromium's bytes, none parsed whole");
    const parts = await summary(partsFile);

    assertSamePdf(parts, whole, 'in parts', true);
    assert.ok('pointed-at' in parts.destinations, 'a link back into an earlier part has its target');

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

    // Table cells name their header cells by id: after the join, every such name is a header cell's.
    const joined = await PDFDocument.load(await readFile(partsFile), { updateMetadata: false });
    const elements = joined.context
      .enumerateIndirectObjects()
      .map(([, o]) => o)
      .filter((o): o is PDFDict => o instanceof PDFDict && o.get(PDFName.of('Type')) === PDFName.of('StructElem'));
    const text = (o: unknown) => (o as { asString(): string }).asString();
    const roleOf = new Map(
      elements
        .filter((e) => e.has(PDFName.of('ID')))
        .map((e) => [text(e.get(PDFName.of('ID'))), String(e.get(PDFName.of('S')))]),
    );
    const headers = elements.flatMap((e) => {
      const attributes = e.get(PDFName.of('A'));
      const resolved = attributes && joined.context.lookup(attributes);
      const dicts = resolved instanceof PDFArray ? resolved.asArray().map((a) => joined.context.lookup(a)) : [resolved];
      return dicts.flatMap((a) =>
        a instanceof PDFDict ? (a.lookupMaybe(PDFName.of('Headers'), PDFArray)?.asArray() ?? []) : [],
      );
    });
    assert.ok(headers.length > 20, 'the book has table cells with headers');
    const roles = new Set(headers.map((h) => roleOf.get(text(h))));
    assert.deepEqual([...roles], ['/TH'], 'each /Headers entry names a header cell');

    const again = await print('again', PART);
    assert.ok((await readFile(again)).equals(await readFile(partsFile)), 'byte-identical');
  });

  test('parts printed side by side, each from the page forecast for it, give the bytes of parts printed in turn', async () => {
    const count = printParts(rendered, PART).parts.length;
    const inTurn = await readFile(await print('in-turn', PART, false, 1));
    assert.equal(stats.forecast, 0, 'in turn: no forecasts');
    const sideBySide = await readFile(await print('side-by-side', PART, false, 3));
    assert.equal(stats.parts, count, 'printed in parts');
    // The first part (the front matter) and the first later one start where the book says; the
    // forecasts place the others.
    assert.equal(stats.forecast, count - 1, 'every later part printed side by side on a forecast that held');
    assert.ok(sideBySide.equals(inTurn), 'byte-identical');
  });

  test('chapters longer than a part are cut before a section heading: the pages of one print with the same breaks', async () => {
    const { parts } = printParts(rendered, SHORT_PART);
    const resumed = parts.filter((p) => p.resumesAt !== undefined);
    assert.ok(resumed.length >= 3, 'several parts open in the middle of a chapter');
    assert.ok(
      parts.some((p, i) => i > 0 && p.resumesAt === undefined),
      'and some at a chapter',
    );
    const whole = await summary(await print('whole-with-breaks', SHORT_PART, true));
    const parts_ = await summary(await print('cut-chapters', SHORT_PART));
    assert.equal(stats.parts, parts.length, 'printed in parts');
    assertSamePdf(parts_, whole, 'cut chapters', true);

    // Each later share opens a page with its heading, under its chapter's running head; the chapter's
    // own title is not printed again.
    const uncut = await summary(await print('uncut', Infinity));
    assert.equal(whole.pages.length - uncut.pages.length <= resumed.length, true, 'at most a page per cut');
    for (const part of resumed) {
      const chapter = part.chapters[0]!;
      const heading = chapter.headings.find((h) => h.id === part.resumesAt)!;
      // Chromium writes the names of non-ASCII ids percent-encoded.
      const destination = (id: string) => parts_.destinations[id] ?? parts_.destinations[encodeURIComponent(id)];
      const page = destination(part.resumesAt!)!;
      const text = squeeze(parts_.pages[page]!);
      assert.ok(text.includes(squeeze(heading.text)), `${heading.text}: on the page its bookmark opens`);
      assert.ok(text.includes(squeeze(chapter.chapter.title)), `${heading.text}: the chapter's running head`);
      const titlePages = parts_.pages.filter((t) => squeeze(t).includes(squeeze(chapter.chapter.title)));
      assert.ok(titlePages.length > 1);
      assert.ok(destination(chapter.anchor)! < page, 'the chapter opens before the cut');
    }
  });

  test('page marks for the EPUB land on the same pages printed in parts as printed whole', async () => {
    const marked = withPageMarks(rendered);
    const pages = async (whole: boolean) => {
      const found: { pages?: PrintedPages } = {};
      await printBook(marked, templates, browser, { work: await tempDir(), partCharacters: PART, whole, stats, found });
      return found.pages;
    };
    const whole = await pages(true);
    const parted = await pages(false);
    assert.ok(stats.parts > 1, `printed in ${stats.parts} part`);
    assert.ok(whole && whole.breaks.length > 50, `${whole?.breaks.length} page breaks`);
    assert.deepEqual(parted, whole);
  });
});

/** A book written from `files`, ready to print in the tests of the describe block that calls this. */
function bookFromFiles(files: Record<string, string>): () => BookToPrint {
  let printing: BookToPrint | undefined;
  before(async () => {
    printing = await bookToPrint(await writeBook(files));
  });
  after(() => printing?.close());
  return () => printing!;
}

/** Sixty paragraphs of a chapter, numbered `n`.0 on. */
const paragraphs = (n: number, text: (i: number) => string) =>
  Array.from({ length: 60 }, (_, i) => `Paragraph ${n}.${i}, ${text(i)}`);

/** The book printed in parts of `partCharacters` by `printers` side by side, and what the print counted. */
async function printInParts({ rendered, templates, browser }: BookToPrint, partCharacters: number, printers: number) {
  const stats: { parts: number; forecast?: number } = { parts: 0 };
  const options = { work: await tempDir(), partCharacters, stats, printers };
  return { pdf: Buffer.from(joined(await printBook(rendered, templates, browser, options))), stats };
}

describe('a part whose forecast is wrong', () => {
  // A block as tall as three windows: laid out in columns to forecast its part's pages, it is not the
  // height it prints at, so the part after it does not begin where forecast and is printed again.
  const words = () => 'with words enough to fill a line of the page.';
  const printing = bookFromFiles({
    'book.yaml': 'title: Tall\nlanguage: en\n',
    'chapters/01.md': [
      '# One',
      ...paragraphs(1, words),
      '<div style="height: 300vh"></div>',
      ...paragraphs(2, words),
    ].join('\n\n'),
    'chapters/02.md': ['# Two', ...paragraphs(3, words)].join('\n\n'),
  });

  test('the parts after it printed again in turn: the bytes of parts printed in turn', async () => {
    const inTurn = await printInParts(printing(), 3_000, 1);
    const sideBySide = await printInParts(printing(), 3_000, 2);
    assert.equal(inTurn.stats.parts, 3, 'the front matter and two parts');
    assert.equal(sideBySide.stats.forecast, 1, 'the second part did not begin where forecast');
    assert.ok(sideBySide.pdf.equals(inTurn.pdf));
  });
});

describe('a book with formulas in parts', () => {
  // The formulas' style sheet is a file the print document may not read: forecasts must go on without it.
  const formula = (i: number) => `with a formula $x_{${i}}^2 + y^2 = z^2$ in it.`;
  const printing = bookFromFiles({
    'book.yaml': 'title: Formulas\nlanguage: en\n',
    'chapters/01.md': ['# One', ...paragraphs(1, formula)].join('\n\n'),
    'chapters/02.md': ['# Two', ...paragraphs(2, formula)].join('\n\n'),
    'chapters/03.md': ['# Three', ...paragraphs(3, formula)].join('\n\n'),
  });

  test('printed side by side on forecasts that hold: the bytes of parts printed in turn', async () => {
    const inTurn = await printInParts(printing(), 6_000, 1);
    const sideBySide = await printInParts(printing(), 6_000, 2);
    assert.ok(inTurn.stats.parts >= 3, `printed in ${inTurn.stats.parts} parts`);
    assert.equal(sideBySide.stats.forecast, sideBySide.stats.parts - 1, 'every later part placed by its forecast');
    assert.ok(sideBySide.pdf.equals(inTurn.pdf));
  });

  test('a part size given to the print cuts the book again, whatever parts were made ahead at the default size', async () => {
    const { rendered, templates, browser } = printing();
    const stats: { parts: number } = { parts: 0 };
    const ahead = printAhead(rendered, templates, 0);
    assert.equal(ahead.parted.parts.length, 1, 'at the default size, one part');
    await printBook(rendered, templates, browser, { work: await tempDir(), partCharacters: 6_000, stats, ahead });
    assert.ok(stats.parts >= 3, `printed in ${stats.parts} parts`);
  });
});
