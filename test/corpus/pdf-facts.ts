/** A built PDF read back: pages and fonts (poppler), its text (pdftotext), and the glyphs no font had (pdfjs). */
import { readFile } from 'node:fs/promises';
import { pdfFonts, pdfInfo, pdfPages } from '../helpers.ts';

export interface PdfFacts {
  file: string;
  pages: number;
  /** Names of the PDF's Type 3 fonts (bitmaps or drawings where a font's glyphs should be). */
  type3Fonts: string[];
  /**
   * Glyphs drawn as .notdef (a box, "tofu"): characters no font had. Chromium keeps the text of
   * such glyphs for copying (pdftotext reads it back), so the text alone does not show them.
   */
  notdefGlyphs: number;
  /** The first few pages (from 1) showing such glyphs, to look at. */
  notdefPages: number[];
}

const FIRST_PAGES = 5;

/**
 * Glyphs shown with code 0. Chromium writes each font with outlines as a CID font whose codes are
 * the font's own glyph ids, and glyph 0 is .notdef. (In its Type 3 fonts, reported apart, code 0 may
 * be a real glyph.)
 */
async function findNotdef(file: string): Promise<{ count: number; pages: number[] }> {
  const { getDocument, OPS } = await import('pdfjs-dist/legacy/build/pdf.mjs');
  // Images are not needed, and skipping them (all larger than 1 pixel) saves a third of the time.
  const data = new Uint8Array(await readFile(file));
  const doc = await getDocument({ data, verbosity: 0, maxImageSize: 1 }).promise;
  let count = 0;
  const pages: number[] = [];
  try {
    for (let n = 1; n <= doc.numPages; n++) {
      const page = await doc.getPage(n);
      const { fnArray, argsArray } = await page.getOperatorList();
      const before = count;
      fnArray.forEach((fn, i) => {
        if (fn !== OPS.showText) return;
        for (const glyph of (argsArray[i] as [unknown[]])[0]) {
          if (typeof glyph === 'object' && (glyph as { originalCharCode?: number })?.originalCharCode === 0) count++;
        }
      });
      if (count > before && pages.length < FIRST_PAGES) pages.push(n);
      page.cleanup();
    }
  } finally {
    await doc.destroy();
  }
  return { count, pages };
}

export async function readPdf(file: string): Promise<{ facts: PdfFacts; text: string }> {
  const [info, fonts, pages] = await Promise.all([pdfInfo(file), pdfFonts(file), pdfPages(file)]);
  const type3Fonts = fonts.filter((f) => f.type === 'Type 3').map((f) => f.name);
  const notdef = await findNotdef(file);
  return {
    facts: { file, pages: Number(info.Pages), type3Fonts, notdefGlyphs: notdef.count, notdefPages: notdef.pages },
    text: pages.join('\n'),
  };
}
