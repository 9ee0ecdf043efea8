/**
 * A later part of a long book is joined from its bytes when they are Chromium's plain layout (a
 * cross-reference table, no object streams), and through pdf-lib otherwise; either way the book
 * reads on with the part's pages, without the blank pages it was printed after.
 */
import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { scanPdf } from '../../../src/outputs/pdf/scan.ts';
import { startUpdate } from '../../../src/outputs/pdf/update.ts';
import { pdfPages, squeeze, tempDir } from '../../helpers.ts';

/** A PDF of one page per text, written as Chromium writes (a table) or with object streams. */
async function pdf(texts: string[], objectStreams: boolean): Promise<Uint8Array> {
  const doc = await PDFDocument.create({ updateMetadata: false });
  const font = await doc.embedFont(StandardFonts.Helvetica);
  for (const text of texts) doc.addPage([300, 200]).drawText(text, { x: 20, y: 100, font, size: 14 });
  return doc.save({ useObjectStreams: objectStreams });
}

const metadata = {
  title: 'T',
  authors: [],
  subject: undefined,
  keywords: [],
  language: 'en',
  date: new Date(0),
  pdfua: false,
};

for (const [objectStreams, how] of [
  [false, 'bytes'],
  [true, 'parsed'],
] as const) {
  test(`a part ${objectStreams ? 'with object streams is parsed' : 'in a plain table is joined from its bytes'}`, async () => {
    const book = await pdf(['Front matter', 'Chapter one'], false);
    // With a work folder, as the build joins them: the parts joined are put aside there.
    const update = await startUpdate(book, scanPdf(book)!, await tempDir());
    const part = await pdf(['Blank before', 'Chapter two', 'Chapter two, page 2'], objectStreams);
    assert.equal(await update.appendPart({ bytes: part, first: 1, count: 2 }), how);
    const last = await pdf(['Blank', 'Blank', 'Chapter three'], objectStreams);
    assert.equal(await update.appendPart({ bytes: last, first: 2, count: 1 }), how);
    const front = await PDFDocument.load(book);
    const pieces = await update.finish({ front, frontPages: 1, bookmarks: [], metadata });
    const joined = Buffer.concat([...pieces]);
    assert.equal(joined.length, pieces.length, 'the pieces are as long as they say');
    const file = join(await tempDir(), 'book.pdf');
    await writeFile(file, pieces);
    assert.ok((await readFile(file)).equals(joined), 'written as they are');
    const pages = (await pdfPages(file)).map(squeeze);
    assert.deepEqual(pages, ['Frontmatter', 'Chapterone', 'Chaptertwo', 'Chaptertwo,page2', 'Chapterthree']);
    assert.equal((await PDFDocument.load(joined)).getPageCount(), 5);
  });
}
