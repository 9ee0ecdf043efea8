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
}

/**
 * Glyphs shown with code 0. Chromium writes every font as a CID font whose codes are the font's
 * own glyph ids, and glyph 0 is .notdef.
 */
async function countNotdef(file: string): Promise<number> {
  const { getDocument, OPS } = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const doc = await getDocument({ data: new Uint8Array(await readFile(file)), verbosity: 0 }).promise;
  let count = 0;
  try {
    for (let n = 1; n <= doc.numPages; n++) {
      const page = await doc.getPage(n);
      const { fnArray, argsArray } = await page.getOperatorList();
      fnArray.forEach((fn, i) => {
        if (fn !== OPS.showText) return;
        for (const glyph of (argsArray[i] as [unknown[]])[0]) {
          if (typeof glyph === 'object' && (glyph as { originalCharCode?: number })?.originalCharCode === 0) count++;
        }
      });
      page.cleanup();
    }
  } finally {
    await doc.destroy();
  }
  return count;
}

export async function readPdf(file: string): Promise<{ facts: PdfFacts; text: string }> {
  const [info, fonts, pages] = await Promise.all([pdfInfo(file), pdfFonts(file), pdfPages(file)]);
  const type3Fonts = fonts.filter((f) => f.type === 'Type 3').map((f) => f.name);
  const notdefGlyphs = await countNotdef(file);
  return { facts: { file, pages: Number(info.Pages), type3Fonts, notdefGlyphs }, text: pages.join('\n') };
}
