/**
 * A handout's links to other chapters lead to their handouts, files beside it. Chromium writes every
 * link as an absolute URI, so a link to `02-more.pdf` would name the folder the handout was printed
 * in; here it becomes a GoToR action with the file's relative name, which PDF readers open from the
 * folder the handout is in, wherever it was copied.
 */
import { PDFArray, PDFDict, PDFName, PDFString, type PDFDocument } from 'pdf-lib';

/** Rewrite links under `workUrl` (the print folder's file:// URL, with a trailing slash). */
export function relativeHandoutLinks(doc: PDFDocument, workUrl: string): void {
  const { context } = doc;
  for (const page of doc.getPages()) {
    const annots = page.node.lookupMaybe(PDFName.of('Annots'), PDFArray);
    for (let i = 0; i < (annots?.size() ?? 0); i++) {
      const annot = annots!.lookupMaybe(i, PDFDict);
      const action = annot?.lookupMaybe(PDFName.of('A'), PDFDict);
      const uri = action?.lookupMaybe(PDFName.of('URI'), PDFString)?.decodeText();
      if (!annot || !uri?.startsWith(workUrl)) continue;
      const [file = '', anchor] = decodeURIComponent(uri.slice(workUrl.length)).split('#');
      const destination = anchor ? PDFString.of(anchor) : context.obj([0, PDFName.of('Fit')]);
      annot.set(
        PDFName.of('A'),
        context.obj({ Type: 'Action', S: 'GoToR', F: PDFString.of(file), D: destination, NewWindow: false }),
      );
    }
  }
}
