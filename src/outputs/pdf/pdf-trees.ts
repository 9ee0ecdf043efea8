/**
 * Reading the trees of a PDF that pdf-lib leaves to its user: the page tree's nodes, number and name
 * trees (flat or through /Kids), the pages a structure element's content lies on, and named
 * destinations moved onto other pages.
 */
import type { PDFContext, PDFNumber, PDFString } from 'pdf-lib';
import { PDFArray, PDFDict, PDFName, PDFRef, type PDFDocument, type PDFObject } from 'pdf-lib';

const name = PDFName.of;

export function pageTreeNodes(doc: PDFDocument): PDFRef[] {
  const nodes: PDFRef[] = [];
  const visit = (ref: PDFRef) => {
    nodes.push(ref);
    const node = doc.context.lookup(ref, PDFDict);
    for (const kid of node.lookupMaybe(name('Kids'), PDFArray)?.asArray() ?? []) {
      if (kid instanceof PDFRef && doc.context.lookup(kid, PDFDict).get(name('Type')) === name('Pages')) visit(kid);
    }
  };
  visit(doc.catalog.get(name('Pages')) as PDFRef);
  return nodes;
}

/** True when every page a structure element's content is on is in `pages`. */
export function onlyOn(src: PDFDocument['context'], element: PDFObject, pages: Set<string>): boolean {
  const found = new Set<string>();
  const seen = new Set<PDFObject>();
  const visit = (o: PDFObject | undefined): void => {
    if (!o || seen.has(o)) return;
    seen.add(o);
    if (o instanceof PDFRef) return visit(src.lookup(o));
    if (o instanceof PDFDict) {
      const page = o.get(name('Pg'));
      if (page) found.add(String(page));
      const kids = o.get(name('K'));
      if (kids) visit(kids);
    } else if (o instanceof PDFArray) for (const v of o.asArray()) visit(v);
  };
  visit(element);
  return found.size > 0 && [...found].every((p) => pages.has(p));
}

/** The entries of a number tree (flat, or through /Kids), in order. */
export function numberTree(
  holder: PDFDict | undefined,
  key: string,
  lookup: (n: number) => PDFObject,
): [number, PDFObject][] {
  return treeEntries(holder, key, 'Nums', lookup).map(([k, v]) => [(k as PDFNumber).asNumber(), v]);
}

/** The entries of a name tree (flat, or through /Kids), in order. */
export function nameTree(
  holder: PDFDict | undefined,
  key: string,
  lookup: (n: number) => PDFObject,
): [string, PDFObject][] {
  return treeEntries(holder, key, 'Names', lookup).map(([k, v]) => [(k as PDFString).asString(), v]);
}

/** The key and value pairs of the tree `holder[key]`, whose leaves list them under `/Nums` or `/Names`. */
function treeEntries(
  holder: PDFDict | undefined,
  key: string,
  leaves: 'Nums' | 'Names',
  lookup: (n: number) => PDFObject,
): [PDFObject, PDFObject][] {
  const entries: [PDFObject, PDFObject][] = [];
  const resolve = (o: PDFObject | undefined) => (o instanceof PDFRef ? lookup(o.objectNumber) : o);
  const visit = (o: PDFObject | undefined) => {
    const dict = resolve(o);
    if (!(dict instanceof PDFDict)) return;
    const list = resolve(dict.get(name(leaves)));
    if (list instanceof PDFArray) {
      const items = list.asArray();
      for (let i = 0; i + 1 < items.length; i += 2) entries.push([items[i]!, items[i + 1]!]);
    }
    const kids = resolve(dict.get(name('Kids')));
    if (kids instanceof PDFArray) for (const kid of kids.asArray()) visit(kid);
  };
  visit(holder?.get(name(key)));
  return entries;
}

/**
 * A print's named destinations on its pages from `first` on, each moved to the page `pageRef` gives
 * for its place after `first`, with the same view: a chapter or part printed alone, put into the book.
 */
export function movedDestinations(
  doc: PDFDocument,
  first: number,
  context: PDFContext,
  pageRef: (index: number) => PDFRef,
): [PDFName, PDFArray][] {
  const dests = doc.catalog.lookupMaybe(name('Dests'), PDFDict);
  const pageIndex = new Map(doc.getPages().map((p, i) => [p.ref.toString(), i]));
  const moved: [PDFName, PDFArray][] = [];
  for (const [destName, value] of dests?.entries() ?? []) {
    const array = doc.context.lookup(value);
    if (!(array instanceof PDFArray) || !(array.get(0) instanceof PDFRef)) continue;
    const index = pageIndex.get(array.get(0).toString()) ?? -1;
    if (index < first) continue;
    // [page /XYZ left top zoom]: the view's numbers and names are direct objects, shared as they are.
    const target = PDFArray.withContext(context);
    target.push(pageRef(index - first));
    for (let i = 1; i < array.size(); i++) target.push(array.get(i));
    moved.push([destName, target]);
  }
  return moved;
}
