/**
 * The page rules of the print document that depend on the book: page size and margins from
 * book.yaml, folios (as page-numbering.ts numbers the pages) and
 * running heads (a named page per chapter, which Chromium supports, unlike string-set).
 */
import type { BookConfig } from '../load/config-schema.ts';
import { numberingCss, type FolioRange } from './page-numbering.ts';

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
  /** How the pages are numbered (page-numbering.ts). */
  numbering: FolioRange[];
  heads: RunningHead[];
}

export const cssString = (s: string) => `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, ' ')}"`;

export function pageCss({ pdf, bookTitle, numbering, heads }: PageCssOptions): string {
  const size = pdf.width && pdf.height ? `${pdf.width} ${pdf.height}` : (PAGE_SIZES[pdf.pageSize] ?? 'A4');
  const m = pdf.margins;
  const rules = [`@page { size: ${size}; margin: ${m.top} ${m.outer} ${m.bottom} ${m.inner}; }`];
  if (pdf.mirrorMargins) {
    rules.push(`@page :left { margin-left: ${m.outer}; margin-right: ${m.inner}; }`);
    rules.push(`@page :right { margin-left: ${m.inner}; margin-right: ${m.outer}; }`);
  }
  if (pdf.recto) rules.push('.chapter { break-before: right; }');

  // The page counter and the front matter's folios (counter-reset works on the root only).
  const { rules: counting, frontFolio } = numberingCss(numbering);
  rules.push(...counting);
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
