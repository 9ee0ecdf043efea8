/**
 * Tiny PDFs written by hand for the tests of the PDF's file layer: objects numbered from 1 in the
 * order given, each at the offset its cross-reference entry says, in the plain layout Chromium writes.
 */

const latin1 = (text: string) => Buffer.from(text, 'latin1');

export interface HandMade {
  bytes: Uint8Array;
  /** Byte offset of each object, by number (index 0 unused). */
  offsets: number[];
  /** Byte offset of the cross-reference table. */
  xref: number;
}

/** `objects[i]` is the body of object i + 1 (between `obj` and `endobj`); the catalog is object `root`. */
export function handMadePdf(objects: string[], root = 1): HandMade {
  let text = '%PDF-1.4\n%\xe2\xe3\xcf\xd3\n';
  const offsets = [0];
  objects.forEach((body, i) => {
    offsets.push(text.length);
    text += `${i + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = text.length;
  // Each entry is exactly 20 bytes, its end of line included.
  text += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const offset of offsets.slice(1)) text += `${String(offset).padStart(10, '0')} 00000 n \n`;
  text += `trailer\n<</Size ${objects.length + 1} /Root ${root} 0 R>>\nstartxref\n${xref}\n%%EOF\n`;
  return { bytes: latin1(text), offsets, xref };
}

/** Content that draws `text` in Helvetica (object 99 is never needed: the font is a direct object). */
export function textPage(text: string): string {
  return `BT /F1 24 Tf 72 720 Td (${text}) Tj ET`;
}

/**
 * A two-page book: catalog 1, page tree 2 (page 3 directly, page 4 through an intermediate node 5),
 * destinations 6, contents 7 and 8, an indirect destination 9, a link to an outside address 10 and
 * one to another handout 11, both on page 3.
 */
export function twoPageBook(): HandMade {
  const font = '<</Font <</F1 <</Type /Font /Subtype /Type1 /BaseFont /Helvetica>>>>>>';
  const stream = (content: string) => `<</Length ${content.length}>>\nstream\n${content}\nendstream`;
  return handMadePdf([
    '<</Type /Catalog /Pages 2 0 R /Dests 6 0 R>>',
    '<</Type /Pages /Kids [3 0 R 5 0 R] /Count 2>>',
    `<</Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources ${font} /Contents 7 0 R /Annots [10 0 R 11 0 R]>>`,
    `<</Type /Page /Parent 5 0 R /MediaBox [0 0 612 792] /Resources ${font} /Contents 8 0 R>>`,
    '<</Type /Pages /Parent 2 0 R /Kids [4 0 R] /Count 1>>',
    '<</intro [3 0 R /XYZ 0 792 0] /caf#25C3#25A9 9 0 R /two#20words [4 0 R /Fit] /nowhere [7 0 R /Fit]>>',
    stream(textPage('First page')),
    stream(textPage('Second page')),
    '[4 0 R /XYZ 0 500 0]',
    '<</Type /Annot /Subtype /Link /Rect [72 600 300 620] /A <</Type /Action /S /URI /URI (https://example.com/)>>>>',
    '<</Type /Annot /Subtype /Link /Rect [72 560 300 580] /A <</Type /Action /S /URI /URI (https://handouts.quire.invalid/02-more.pdf#a%20b)>>>>',
  ]);
}
