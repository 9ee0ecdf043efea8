/**
 * The print edition's page numbering, as a reader sees it: roman numerals over the front matter,
 * arabic from the first numbered chapter; and the same rule as CSS and as the PDF's /PageLabels.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  counterReset,
  folio,
  numberingCss,
  pageLabelRanges,
  pageNumbering,
} from '../../src/assemble/page-numbering.ts';

test('four front pages are i to iv; the next page is 1', () => {
  const numbering = pageNumbering(4);
  assert.deepEqual(
    [0, 1, 2, 3, 4, 5, 12].map((i) => folio(numbering, i)),
    ['i', 'ii', 'iii', 'iv', '1', '2', '9'],
  );
});

test('roman numerals past the first few', () => {
  const numbering = pageNumbering(50);
  assert.deepEqual(
    [8, 13, 18, 38, 39, 48].map((i) => folio(numbering, i)),
    ['ix', 'xiv', 'xix', 'xxxix', 'xl', 'xlix'],
  );
  assert.equal(folio(numbering, 50), '1');
});

test('no front matter: the first page is 1', () => {
  const numbering = pageNumbering(0);
  assert.deepEqual(
    [0, 1, 9].map((i) => folio(numbering, i)),
    ['1', '2', '10'],
  );
});

test('as CSS: the counter starts so that page 1 is the first chapter, the front pages through a counter style', () => {
  assert.deepEqual(numberingCss(pageNumbering(3)), {
    rules: [
      'html { counter-reset: page -3; }',
      "@counter-style quire-front { system: fixed -2; symbols: 'i' 'ii' 'iii'; }",
    ],
    frontFolio: 'counter(page, quire-front)',
  });
  assert.deepEqual(numberingCss(pageNumbering(0)), {
    rules: ['html { counter-reset: page 0; }'],
    frontFolio: 'counter(page)',
  });
});

test('a document that starts mid-book counts on from the page it starts on', () => {
  // Four front pages, then the document's first page is the book's tenth page: folio 6.
  assert.equal(counterReset(pageNumbering(4), 9), 'html { counter-reset: page 5; }');
});

test('as /PageLabels: lower roman from the first page, decimal from the first chapter', () => {
  assert.deepEqual(pageLabelRanges(pageNumbering(5)), [
    { first: 0, style: 'r' },
    { first: 5, style: 'D' },
  ]);
  assert.deepEqual(pageLabelRanges(pageNumbering(0)), [{ first: 0, style: 'D' }]);
});
