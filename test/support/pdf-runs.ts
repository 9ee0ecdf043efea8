/** Text runs of a PDF with the font that draws each (pdfjs-dist), to check which face drew which characters. */
import { readFile } from 'node:fs/promises';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';

export interface TextRun {
  page: number;
  text: string;
  /** The embedded font's name without its subset tag (`NotoSerifSCExtraLight-Regular`). */
  font: string;
}

export async function textRuns(file: string): Promise<TextRun[]> {
  const pdf = await getDocument({ data: new Uint8Array(await readFile(file)), verbosity: 0 }).promise;
  const runs: TextRun[] = [];
  for (let n = 1; n <= pdf.numPages; n++) {
    const page = await pdf.getPage(n);
    // Drawing the page's operators loads its fonts into commonObjs, where their names are.
    await page.getOperatorList();
    const content = await page.getTextContent();
    for (const item of content.items) {
      if (!('str' in item) || item.str.trim() === '') continue;
      const font = page.commonObjs.get(item.fontName) as { name?: string } | undefined;
      runs.push({ page: n, text: item.str, font: (font?.name ?? item.fontName).replace(/^[A-Z]{6}\+/, '') });
    }
  }
  await pdf.destroy();
  return runs;
}
