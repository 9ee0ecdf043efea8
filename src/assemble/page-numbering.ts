/**
 * How the print edition numbers its pages, said once: the print CSS's folios (print-css.ts), the
 * contents' page numbers, the EPUB's page list and the PDF's /PageLabels are all made from it. The
 * front matter (cover, title page, contents, the unnumbered chapters before the first numbered one)
 * is numbered i, ii, …; the book from its first numbered chapter 1, 2, …
 */

export type FolioStyle = 'roman' | 'arabic';

/** The pages from `first` (its index in the book, from 0) to the next range's first, numbered from `start`. */
export interface FolioRange {
  first: number;
  style: FolioStyle;
  start: number;
}

/** The book's numbering, once the front matter is known to take `frontPages` pages (0 before). */
export function pageNumbering(frontPages: number): FolioRange[] {
  const body: FolioRange = { first: frontPages, style: 'arabic', start: 1 };
  return frontPages > 0 ? [{ first: 0, style: 'roman', start: 1 }, body] : [body];
}

/** The label page `index` of the book prints under. */
export function folio(numbering: FolioRange[], index: number): string {
  const range = numbering.findLast((r) => r.first <= index) ?? numbering[0]!;
  const n = index - range.first + range.start;
  return range.style === 'roman' ? romanNumeral(n) : String(n);
}

const ROMAN: [number, string][] = [
  [1000, 'm'],
  [900, 'cm'],
  [500, 'd'],
  [400, 'cd'],
  [100, 'c'],
  [90, 'xc'],
  [50, 'l'],
  [40, 'xl'],
  [10, 'x'],
  [9, 'ix'],
  [5, 'v'],
  [4, 'iv'],
  [1, 'i'],
];

function romanNumeral(n: number): string {
  let out = '';
  for (const [value, numeral] of ROMAN) for (; n >= value; n -= value) out += numeral;
  return out;
}

/**
 * The numbering as CSS. Chromium's page counter counts every page of the document, so it is reset
 * for the last range (the book's arabic numbers, print.css's default folio) to read its own numbers,
 * and the range before it (the front matter) maps its counter values onto its labels through a fixed
 * counter style. `frontFolio`: the folio of a front matter page, for its margin box.
 */
export function numberingCss(numbering: FolioRange[]): { rules: string[]; frontFolio: string } {
  const rules = [counterReset(numbering, 0)];
  const [front, body] = [numbering.at(-2), numbering.at(-1)!];
  if (!front) return { rules, frontFolio: 'counter(page)' };
  const symbols = Array.from({ length: body.first - front.first }, (_, i) => `'${folio(numbering, front.first + i)}'`);
  rules.push(
    `@counter-style quire-front { system: fixed ${counterAt(numbering, front.first)}; symbols: ${symbols.join(' ')}; }`,
  );
  return { rules, frontFolio: 'counter(page, quire-front)' };
}

/** The rule that gives a document whose first page is the book's page `firstPage` the book's folios. */
export function counterReset(numbering: FolioRange[], firstPage: number): string {
  return `html { counter-reset: page ${counterAt(numbering, firstPage) - 1}; }`;
}

/** The page counter's value on page `index` of the book: the last range's own number, counted on or back. */
function counterAt(numbering: FolioRange[], index: number): number {
  const body = numbering.at(-1)!;
  return index - body.first + body.start;
}

/** The PDF's /PageLabels number tree: each range's first page and its style (`r`, `D`) and start. */
export function pageLabelRanges(numbering: FolioRange[]): { first: number; style: 'r' | 'D'; start?: number }[] {
  return numbering.map((r) => ({
    first: r.first,
    style: r.style === 'roman' ? 'r' : 'D',
    ...(r.start !== 1 && { start: r.start }),
  }));
}
