/**
 * A handout's links to other chapters lead to their handouts, files beside it. Chromium writes every
 * link as an absolute URI; here it becomes a GoToR action with the file's relative name, which PDF
 * readers open from the folder the handout is in, wherever it was copied.
 */
import { PDFDict, PDFName, PDFString, type PDFContext } from 'pdf-lib';
import { percentDecoded } from '../../util/percent.ts';

/**
 * Where the print document's links to other handouts point. Not the folder it is printed in: the
 * update keeps the bytes Chromium wrote, the first link among them, and a folder's name changes from
 * build to build (and tells where the book was built). A reserved name (.invalid) that no link opens.
 */
export const HANDOUTS_URL = 'https://handouts.quire.invalid/';

/**
 * A link to another handout (under HANDOUTS_URL) made relative, as the finishing update asks of each
 * link (update.ts); true when it was one.
 */
export function handoutLink(annot: PDFDict, context: PDFContext): boolean {
  const action = annot.get(PDFName.of('A'));
  const uri = action instanceof PDFDict ? action.get(PDFName.of('URI')) : undefined;
  const text = uri instanceof PDFString ? uri.decodeText() : undefined;
  if (!text?.startsWith(HANDOUTS_URL)) return false;
  const [file = '', anchor] = percentDecoded(text.slice(HANDOUTS_URL.length)).split('#');
  const destination = anchor ? PDFString.of(anchor) : context.obj([0, PDFName.of('Fit')]);
  annot.set(
    PDFName.of('A'),
    context.obj({ Type: 'Action', S: 'GoToR', F: PDFString.of(file), D: destination, NewWindow: false }),
  );
  return true;
}
