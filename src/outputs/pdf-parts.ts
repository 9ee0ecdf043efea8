/**
 * Printing a long book in parts: Chromium's time per page grows with the document (on the benchmark
 * books, a 2,000-page print took almost three times as long per page as a 500-page one), so a book
 * is cut between chapters into parts of about PART_CHARACTERS of chapter HTML (some 550 pages),
 * printed one after another, each starting on the page the previous one ended (pdf-chapter.ts),
 * and joined into one PDF (pdf-merge.ts). Each part costs a load, a print and a merge of its own:
 * below a few hundred pages one print is faster (the benchmark measured both at 500 pages).
 */
import type { Templates } from '../assemble/templates.ts';
import { frontChapters } from '../assemble/documents.ts';
import type { RenderedBook } from '../model.ts';
import type { Browser } from 'puppeteer-core';
import { openChaptersAlone, type ChapterPrint } from './pdf-chapter.ts';
import type { PrintGuard } from './print-guard.ts';

const PART_CHARACTERS = 1_400_000;

/**
 * The chapter ids of each part, the first holding the front matter's chapters too; one part for a
 * book that is not long. Books that start chapters on right-hand pages are printed whole: the blank
 * page a part would end with belongs to the chapter after it.
 */
export function printParts(rendered: RenderedBook, partCharacters = PART_CHARACTERS): string[][] {
  const all = rendered.chapters.map((c) => c.chapter.id);
  if (rendered.book.config.pdf.recto || partCharacters === Infinity) return [all];
  const parts: string[][] = [[]];
  let size = 0;
  const front = frontChapters(rendered).length;
  rendered.chapters.forEach((c, i) => {
    if (size >= partCharacters && i > front) {
      parts.push([]);
      size = 0;
    }
    parts.at(-1)!.push(c.chapter.id);
    size += c.html.length;
  });
  // A short last part costs a print of its own for little: it joins the one before.
  if (parts.length > 1 && size < partCharacters / 3) parts.at(-2)!.push(...parts.pop()!);
  return parts;
}

/**
 * Parts 2… printed one after another from page index `start` (each loads while the one before it
 * prints); undefined if one does not land on the book's pages.
 */
export async function printLaterParts(
  rendered: RenderedBook,
  templates: Templates,
  browser: Browser,
  parts: string[][],
  options: { start: number; frontPages: number; work: string; guard?: PrintGuard; targets: Set<string> },
): Promise<{ start: number; print: ChapterPrint }[] | undefined> {
  const open = (ids: string[]) => {
    const chapters = ids.map((id) => rendered.chapters.find((c) => c.chapter.id === id)!);
    return openChaptersAlone(rendered, templates, browser, { ...options, chapters });
  };
  const printed: { start: number; print: ChapterPrint }[] = [];
  let start = options.start;
  let next = open(parts[0]!);
  try {
    for (let i = 0; i < parts.length; i++) {
      const opened = await next;
      if (i + 1 < parts.length) next = open(parts[i + 1]!);
      const print = await opened?.print(start);
      if (!print) return undefined;
      printed.push({ start, print });
      start += print.count;
    }
  } finally {
    // A part opened ahead of one that failed.
    await next.then((o) => o?.close()).catch(() => undefined);
  }
  return printed;
}
