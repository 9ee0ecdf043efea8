/**
 * The finishing update (src/outputs/pdf/update.ts) on PDFs written by hand: the original bytes stay an
 * untouched prefix, the changed objects are appended, and poppler and pdfjs read the result as a
 * reader would. And the fallback: a file the scan cannot read is rewritten by pdf-lib first (finish.ts).
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, test } from 'node:test';
import type { PDFString } from 'pdf-lib';
import { PDFArray, PDFDict, PDFDocument, PDFName, StandardFonts } from 'pdf-lib';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { scannable, type PdfMetadata } from '../../../src/outputs/pdf/finish.ts';
import { handoutLink } from '../../../src/outputs/pdf/handout-links.ts';
import { scanPdf } from '../../../src/outputs/pdf/scan.ts';
import { finishIncrementally } from '../../../src/outputs/pdf/update.ts';
import { stableInPlace } from '../../../src/outputs/pdf/stable-bytes.ts';
import { pdfInfo, pdfOutline, pdfPages, tempDir } from '../../helpers.ts';
import { handMadePdf, twoPageBook } from '../../support/hand-made-pdf.ts';

const run = promisify(execFile);
const text = (bytes: Uint8Array) => Buffer.from(bytes).toString('latin1');

const metadata: PdfMetadata = {
  title: 'A Tiny Book',
  authors: ['Ada', 'Grace'],
  subject: 'Testing',
  keywords: ['pdf', 'update'],
  language: 'en-GB',
  date: new Date('2024-05-06T07:08:09Z'),
  pdfua: false,
};
const bookmarks = [
  { title: 'Introduction', id: 'intro', children: [{ title: 'Café', id: 'café', children: [] }] },
  { title: 'Nowhere', id: 'no-such-id', children: [] },
];

async function saved(bytes: Uint8Array): Promise<string> {
  const file = join(await tempDir(), 'book.pdf');
  await writeFile(file, bytes);
  return file;
}

/** poppler reads the file without a complaint. */
async function popplerReads(file: string): Promise<void> {
  const { stderr } = await run('pdfinfo', [file]);
  assert.equal(stderr, '', 'pdfinfo has nothing to say about the file');
}

/** Each page's links as pdfjs reads them: an address, or a file and destination for a link to another file. */
async function links(bytes: Uint8Array): Promise<string[][]> {
  const doc = await getDocument({ data: new Uint8Array(bytes), verbosity: 0 }).promise;
  try {
    const pages: string[][] = [];
    for (let p = 1; p <= doc.numPages; p++) {
      const annotations = (await (await doc.getPage(p)).getAnnotations()) as { url?: string; unsafeUrl?: string }[];
      pages.push(annotations.map((a) => a.url ?? a.unsafeUrl ?? '?'));
    }
    return pages;
  } finally {
    await doc.destroy();
  }
}

/** The object numbers the last cross-reference section lists. */
function appendedObjects(bytes: Uint8Array): number[] {
  const tail = text(bytes);
  const xref = tail.slice(tail.lastIndexOf('\nxref\n') + 6, tail.lastIndexOf('trailer'));
  return [...xref.matchAll(/^(\d+) 1$/gm)].map((m) => Number(m[1]));
}

describe('the finishing update', () => {
  test('keeps the original bytes as a prefix and appends a section that points back to their table', async () => {
    const book = twoPageBook();
    const result = await finishIncrementally(book.bytes, scanPdf(book.bytes)!, { frontPages: 1, bookmarks, metadata });
    assert.ok(result.length > book.bytes.length);
    assert.ok(
      Buffer.from(result.subarray(0, book.bytes.length)).equals(Buffer.from(book.bytes)),
      'original bytes untouched',
    );
    const trailer = text(result).slice(text(result).lastIndexOf('trailer'));
    assert.match(trailer, new RegExp(`/Prev ${book.xref}\\b`));
    assert.match(trailer, /\/Root 1 0 R/);
    // The catalog is written again; the pages and their links are not.
    const appended = appendedObjects(result);
    assert.ok(appended.includes(1), 'the catalog');
    for (const n of [3, 4, 10, 11]) assert.ok(!appended.includes(n), `object ${n} is left as it was`);
  });

  test('poppler and pdfjs read the metadata, page labels and bookmarks', async () => {
    const book = twoPageBook();
    const result = await finishIncrementally(book.bytes, scanPdf(book.bytes)!, { frontPages: 1, bookmarks, metadata });
    const file = await saved(result);
    await popplerReads(file);
    const info = await pdfInfo(file);
    assert.equal(info.Title, 'A Tiny Book');
    assert.equal(info.Author, 'Ada, Grace');
    assert.equal(info.Subject, 'Testing');
    assert.equal(info.Keywords, 'pdf update');
    assert.equal(info.Pages, '2');
    assert.equal(info['Metadata Stream'], 'yes');
    const { stdout: xmp } = await run('pdfinfo', ['-meta', file]);
    assert.match(xmp, /<dc:title><rdf:Alt><rdf:li xml:lang="x-default">A Tiny Book<\/rdf:li>/);
    assert.match(xmp, /<xmp:CreateDate>2024-05-06T07:08:09Z<\/xmp:CreateDate>/);

    assert.deepEqual(await pdfOutline(file), [
      { title: 'Introduction', page: 0, children: [{ title: 'Café', page: 1, children: [] }] },
    ]);
    const doc = await getDocument({ data: new Uint8Array(result), verbosity: 0 }).promise;
    try {
      assert.deepEqual(await doc.getPageLabels(), ['i', '1']);
      assert.equal(((await doc.getMetadata()).info as { Language?: string }).Language, 'en-GB');
    } finally {
      await doc.destroy();
    }
  });

  test('the front pages take the contents of another print and keep their links', async () => {
    const front = await PDFDocument.create();
    const font = await front.embedFont(StandardFonts.Helvetica);
    front.addPage([612, 792]).drawText('Contents with numbers', { x: 72, y: 720, size: 24, font });
    const book = twoPageBook();
    const result = await finishIncrementally(book.bytes, scanPdf(book.bytes)!, {
      front,
      frontPages: 1,
      bookmarks,
      metadata,
    });
    const file = await saved(result);
    await popplerReads(file);
    const pages = (await pdfPages(file)).map((p) => p.trim());
    assert.deepEqual(pages, ['Contents with numbers', 'Second page']);
    assert.deepEqual(await links(result), [
      ['https://example.com/', 'https://handouts.quire.invalid/02-more.pdf#a%20b'],
      [],
    ]);
    assert.ok(appendedObjects(result).includes(3), 'the first page, written again');
  });

  test('a link to another handout becomes a link to the file beside it; others stay', async () => {
    const book = twoPageBook();
    const result = await finishIncrementally(book.bytes, scanPdf(book.bytes)!, {
      frontPages: 0,
      bookmarks,
      metadata,
      relink: handoutLink,
    });
    await popplerReads(await saved(result));
    assert.match(text(result.subarray(book.bytes.length)), /\/S \/GoToR\s*\/F \(02-more\.pdf\)\s*\/D \(a b\)/);
    const [first] = await links(result);
    assert.equal(first![0], 'https://example.com/');
    assert.match(first![1]!, /^02-more\.pdf#/);
    const appended = appendedObjects(result);
    assert.ok(appended.includes(11), 'the link to the other handout, written again');
    assert.ok(!appended.includes(10), 'the outside link, left as it was');
  });
});

describe('a file the scan cannot read', () => {
  test('a cross-reference stream: pdf-lib rewrites it once, then the update finishes it', async () => {
    // pdf-lib writes object streams and a cross-reference stream: a layout the scan does not read.
    const packed = await (await PDFDocument.load(twoPageBook().bytes)).save({ useObjectStreams: true });
    assert.equal(scanPdf(packed), undefined);
    const { bytes, scan } = await scannable(packed);
    assert.equal(scan.pageCount, 2);
    assert.deepEqual(Object.fromEntries(scan.destinations), { intro: 0, café: 1, 'two words': 1 });
    const result = await finishIncrementally(bytes, scan, {
      frontPages: 0,
      bookmarks,
      metadata,
      relink: handoutLink,
    });
    const file = await saved(result);
    await popplerReads(file);
    assert.equal((await pdfInfo(file)).Title, 'A Tiny Book');
    assert.deepEqual(await pdfOutline(file), [
      { title: 'Introduction', page: 0, children: [{ title: 'Café', page: 1, children: [] }] },
    ]);
    assert.match((await links(result))[0]![1]!, /^02-more\.pdf#/);
  });

  test('a table whose offsets miss their objects: pdf-lib reads the objects themselves', async () => {
    const spoilt = Buffer.from(
      text(twoPageBook().bytes).replace(/^(\d{10}) 00000 n $/gm, '0000000009 00000 n '),
      'latin1',
    );
    assert.equal(scanPdf(spoilt), undefined);
    const { scan } = await scannable(spoilt);
    assert.deepEqual(Object.fromEntries(scan.destinations), { intro: 0, café: 1, 'two words': 1 });
  });

  test('a file that is no PDF at all is refused with an error that says so', async () => {
    await assert.rejects(scannable(Buffer.from('not a PDF')), /cannot be read/);
  });
});

test("stableInPlace renumbers Chromium's tag ids and dates without moving a byte", () => {
  const book = twoPageBook();
  const withIds = text(book.bytes).replace(
    '/Type /Catalog',
    "/Type /Catalog /A (node00000143) /B (node00000007) /C (node00000143) /Info <</CreationDate (D:20991231235959+00'00')>>",
  );
  const stable = text(stableInPlace(Buffer.from(withIds, 'latin1'), new Date('2024-05-06T07:08:09Z')));
  assert.equal(stable.length, withIds.length);
  assert.match(stable, /\/A \(node00000002\) \/B \(node00000001\) \/C \(node00000002\)/);
  assert.match(stable, /\/CreationDate \(D:20240506070809\+00'00'\)/);
});

test('tag ids renumbered in the order the file has them, with the ID tree written again in order', async () => {
  // Three header cells, tagged node30, node10, node20 by the print: their ID tree lists them by those.
  const cell = (id: number, title: string) =>
    `<</Type /StructElem /S /TH /P 4 0 R /T (${title}) /ID (node000000${id})>>`;
  const book = handMadePdf([
    '<</Type /Catalog /Pages 2 0 R /StructTreeRoot 4 0 R>>',
    '<</Type /Pages /Kids [3 0 R] /Count 1>>',
    '<</Type /Page /Parent 2 0 R /MediaBox [0 0 612 792]>>',
    '<</Type /StructTreeRoot /K [5 0 R 6 0 R 7 0 R] /IDTree 8 0 R>>',
    cell(30, 'first'),
    cell(10, 'second'),
    cell(20, 'third'),
    '<</Kids [9 0 R]>>',
    '<</Limits [(node00000010) (node00000030)] /Names [(node00000010) 6 0 R (node00000020) 7 0 R (node00000030) 5 0 R]>>',
  ]);
  const stable = stableInPlace(book.bytes, metadata.date, true);
  assert.equal(stable.length, book.bytes.length);
  const result = await finishIncrementally(stable, scanPdf(stable)!, {
    frontPages: 0,
    bookmarks: [],
    metadata,
    idTree: true,
  });
  await popplerReads(await saved(result));
  const doc = await PDFDocument.load(result);
  const root = doc.catalog.lookup(PDFName.of('StructTreeRoot'), PDFDict);
  const names = root.lookup(PDFName.of('IDTree'), PDFDict).lookup(PDFName.of('Names'), PDFArray).asArray();
  const listed = [];
  for (let i = 0; i < names.length; i += 2) {
    const element = doc.context.lookup(names[i + 1]!, PDFDict);
    listed.push([(names[i] as PDFString).asString(), (element.get(PDFName.of('T')) as PDFString).asString()]);
  }
  assert.deepEqual(listed, [
    ['node00000001', 'first'],
    ['node00000002', 'second'],
    ['node00000003', 'third'],
  ]);
});
