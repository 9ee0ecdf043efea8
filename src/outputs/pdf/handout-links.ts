/**
 * A handout's links to other chapters lead to their handouts, files beside it. Chromium writes every
 * link as an absolute URI, so a link to `02-more.pdf` would name the folder the handout was printed
 * in; here it becomes a GoToR action with the file's relative name, which PDF readers open from the
 * folder the handout is in, wherever it was copied.
 */
import { PDFDict, PDFName, PDFString, type PDFContext } from 'pdf-lib';
import { percentDecoded } from '../../util/percent.ts';

/**
 * A link under `workUrl` (the print folder's file:// URL, with a trailing slash) made relative, as
 * the finishing update asks of each link (update.ts); true when it was one.
 */
export function handoutLink(workUrl: string): (annot: PDFDict, context: PDFContext) => boolean {
  return (annot, context) => {
    const action = annot.get(PDFName.of('A'));
    const uri = action instanceof PDFDict ? action.get(PDFName.of('URI')) : undefined;
    const text = uri instanceof PDFString ? uri.decodeText() : undefined;
    if (!text?.startsWith(workUrl)) return false;
    const [file = '', anchor] = percentDecoded(text.slice(workUrl.length)).split('#');
    const destination = anchor ? PDFString.of(anchor) : context.obj([0, PDFName.of('Fit')]);
    annot.set(
      PDFName.of('A'),
      context.obj({ Type: 'Action', S: 'GoToR', F: PDFString.of(file), D: destination, NewWindow: false }),
    );
    return true;
  };
}
