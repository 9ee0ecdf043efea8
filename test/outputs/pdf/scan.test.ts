/**
 * The quick scan of a PDF (src/outputs/pdf/scan.ts) on PDFs written by hand: what it reads of the
 * plain layout Chromium writes, and that anything else is refused (undefined, never an exception), so
 * the caller falls back to pdf-lib.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { scanPdf } from '../../../src/outputs/pdf/scan.ts';
import { handMadePdf, twoPageBook } from '../../support/hand-made-pdf.ts';

const latin1 = (text: string) => Buffer.from(text, 'latin1');
const text = (bytes: Uint8Array) => Buffer.from(bytes).toString('latin1');

describe('what the scan reads', () => {
  const book = twoPageBook();
  const scan = scanPdf(book.bytes)!;

  test('the pages in reading order, through nested page tree nodes', () => {
    assert.ok(scan, 'the file is read');
    assert.equal(scan.pageCount, 2);
    assert.deepEqual(scan.pages, [3, 4]);
  });

  test('the trailer and cross-reference table: catalog, size, where the table is', () => {
    assert.equal(scan.root, 1);
    assert.equal(scan.size, 12);
    assert.equal(scan.xrefOffset, book.xref);
    assert.equal(scan.destsObject, 6);
  });

  test('each object read at the offset the table gives', () => {
    assert.equal(scan.objectText(9)!.trim(), '[4 0 R /XYZ 0 500 0]');
    assert.match(scan.objectText(5)!, /^<<\/Type \/Pages \/Parent 2 0 R/);
    assert.equal(scan.objectText(12), undefined, 'past the table');
  });

  test('destinations: direct and indirect, names unescaped and percent-decoded, those off the pages left out', () => {
    assert.deepEqual(
      Object.fromEntries(scan.destinations),
      // /intro on page 3, /caf#25C3#25A9 (Chromium's percent-encoding, #-escaped) through object 9 on page 4, /two#20words on page 4; /nowhere is on a stream.
      { intro: 0, café: 1, 'two words': 1 },
    );
    assert.equal(scan.destinationNames.get('café')!.asString(), '/caf#25C3#25A9', 'the name as written');
    assert.equal(scan.destinationNames.get('two words')!.asString(), '/two#20words');
  });

  test('a book without named destinations', () => {
    const plain = handMadePdf([
      '<</Type /Catalog /Pages 2 0 R>>',
      '<</Type /Pages /Kids [3 0 R] /Count 1>>',
      '<</Type /Page /Parent 2 0 R /MediaBox [0 0 612 792]>>',
    ]);
    const read = scanPdf(plain.bytes)!;
    assert.equal(read.pageCount, 1);
    assert.equal(read.destsObject, undefined);
    assert.equal(read.destinations.size, 0);
  });
});

describe('what the scan refuses, without throwing', () => {
  const book = twoPageBook();

  test('a cross-reference stream (the layout pdf-lib and others write with object streams)', () => {
    const objects = text(book.bytes).slice(0, book.xref);
    const stream = `12 0 obj\n<</Type /XRef /Size 13 /Root 1 0 R /W [1 4 2] /Length 0>>\nstream\n\nendstream\nendobj\n`;
    const file = `${objects}${stream}startxref\n${objects.length}\n%%EOF\n`;
    assert.equal(scanPdf(latin1(file)), undefined);
  });

  test('an incremental update (a second table that does not start at object 0)', () => {
    const original = text(book.bytes);
    const at = original.length;
    const body = '1 0 obj\n<</Type /Catalog /Pages 2 0 R>>\nendobj\n';
    const xref = at + body.length;
    const update = `${body}xref\n1 1\n${String(at).padStart(10, '0')} 00000 n \ntrailer\n<</Size 12 /Root 1 0 R /Prev ${book.xref}>>\nstartxref\n${xref}\n%%EOF\n`;
    assert.equal(scanPdf(latin1(original + update)), undefined);
  });

  const malformed: [string, (file: string) => string][] = [
    ['cut short before %%EOF', (f) => f.slice(0, f.length - 20)],
    ['nothing at all', () => ''],
    ['startxref pointing at the wrong place', (f) => f.replace(/startxref\n\d+/, 'startxref\n17')],
    ['an offset in the table that misses its object', (f) => f.replace(/^(\d{10}) 00000 n $/m, '0000000001 00000 n ')],
    ['a /Size that is not the table’s length', (f) => f.replace('/Size 12', '/Size 40')],
    ['a root that is not a catalog', (f) => f.replace('/Root 1 0 R', '/Root 2 0 R')],
    ['destinations that are not where the catalog says', (f) => f.replace('/Dests 6 0 R', '/Dests 40 0 R')],
    ['a page tree that contains itself', (f) => f.replace('/Kids [4 0 R]', '/Kids [5 0 R]')],
  ];
  for (const [what, spoil] of malformed) {
    test(what, () => {
      const spoilt = spoil(text(book.bytes));
      assert.notEqual(spoilt, text(book.bytes), 'the file was changed');
      assert.equal(scanPdf(latin1(spoilt)), undefined);
    });
  }
});
