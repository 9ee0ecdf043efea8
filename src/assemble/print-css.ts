/**
 * The page rules of the print document that depend on the book: page size and margins from
 * book.yaml, folios (roman for front matter, arabic from 1 at the first numbered chapter) and
 * running heads (a named page per chapter, which Chromium supports, unlike string-set).
 */
import type { BookConfig } from '../load/config-schema.ts';

const PAGE_SIZES: Record<string, string> = { A4: 'A4', A5: 'A5', Letter: 'letter', '6x9': '6in 9in' };
/** The same sizes as lengths (width, height). */
const PAGE_LENGTHS: Record<string, [string, string]> = {
  A4: ['210mm', '297mm'],
  A5: ['148mm', '210mm'],
  Letter: ['8.5in', '11in'],
  '6x9': ['6in', '9in'],
};

/**
 * The page area text is laid out in, as CSS lengths: the page less its margins (mirrored margins
 * swap sides but keep the width).
 */
export function pageArea(pdf: BookConfig['pdf']): { width: string; height: string } {
  const [width, height] =
    pdf.width && pdf.height ? [pdf.width, pdf.height] : (PAGE_LENGTHS[pdf.pageSize] ?? PAGE_LENGTHS.A4!);
  const m = pdf.margins;
  return { width: `calc(${width} - ${m.inner} - ${m.outer})`, height: `calc(${height} - ${m.top} - ${m.bottom})` };
}

export interface RunningHead {
  /** The chapter's named page. */
  page: string;
  /** Text for the head, e.g. "第 3 章 獲取 Docker". */
  title: string;
  /** Text for the left of the head (default: the book's title): a sub-chapter's chapter, a chapter's part. */
  left?: string;
  /** True for chapters printed in the front matter (roman folios). */
  front: boolean;
}

export interface PageCssOptions {
  pdf: BookConfig['pdf'];
  bookTitle: string;
  /** Pages before the first numbered chapter (cover, title page, contents, preface). */
  frontPages: number;
  heads: RunningHead[];
}

/** `i`, `ii`, … as CSS strings for a fixed counter style. */
export function romanNumerals(count: number): string[] {
  const table: [number, string][] = [
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
  return Array.from({ length: count }, (_, i) => {
    let n = i + 1;
    let out = '';
    for (const [value, numeral] of table) for (; n >= value; n -= value) out += numeral;
    return out;
  });
}

export const cssString = (s: string) => `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, ' ')}"`;

export function pageCss({ pdf, bookTitle, frontPages, heads }: PageCssOptions): string {
  const size = pdf.width && pdf.height ? `${pdf.width} ${pdf.height}` : (PAGE_SIZES[pdf.pageSize] ?? 'A4');
  const m = pdf.margins;
  const rules = [`@page { size: ${size}; margin: ${m.top} ${m.outer} ${m.bottom} ${m.inner}; }`];
  if (pdf.mirrorMargins) {
    rules.push(`@page :left { margin-left: ${m.outer}; margin-right: ${m.inner}; }`);
    rules.push(`@page :right { margin-left: ${m.inner}; margin-right: ${m.outer}; }`);
  }
  if (pdf.recto) rules.push('.chapter { break-before: right; }');

  // Page 1 of the document gets counter value 1 - frontPages, so the first numbered chapter is page 1;
  // front pages map onto i, ii, … through a fixed counter style (counter-reset works on the root only).
  rules.push(`html { counter-reset: page ${-frontPages}; }`);
  if (frontPages > 0) {
    rules.push(
      `@counter-style quire-front { system: fixed ${1 - frontPages}; symbols: ${romanNumerals(frontPages)
        .map((r) => `'${r}'`)
        .join(' ')}; }`,
    );
  }
  const frontFolio = frontPages > 0 ? 'counter(page, quire-front)' : 'counter(page)';
  rules.push(`@page front { @bottom-center { content: ${frontFolio}; } }`);

  for (const head of heads) {
    const folio = head.front ? `@bottom-center { content: ${frontFolio}; }` : '';
    const running = pdf.runningHeads
      ? `@top-left { content: ${cssString(head.left ?? bookTitle)}; } @top-right { content: ${cssString(head.title)}; }`
      : '';
    rules.push(`[data-page="${head.page}"] { page: ${head.page}; }`);
    rules.push(`@page ${head.page} { ${running} ${folio} }`);
  }
  return rules.join('\n');
}
