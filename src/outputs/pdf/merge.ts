/**
 * A long book is printed in parts (pdf.ts): the first part is the front matter and the first
 * chapters, every later part a run of chapters printed alone on the pages it has in the book
 * (chapter.ts). Chromium's printing slows down more than the book grows, so parts of a few
 * hundred pages cost less than the whole at once.
 *
 * This appends the later parts to the first as objects of its incremental update (update.ts):
 * their pages go at the end of the page tree, their named destinations into the book's, and their
 * tags into its structure tree: the elements under the book's Document element, their marked-content
 * keys after the book's in the parent tree, their element ids after the book's in the id tree.
 */
import { PDFArray, PDFDict, PDFName, PDFNumber, PDFRawStream, PDFRef, PDFString, type PDFObject } from 'pdf-lib';
import type { PDFContext, PDFDocument } from 'pdf-lib';
import type { ChapterPrint } from './chapter.ts';
import { loadPdf } from './finish.ts';
import type { PdfScan } from './scan.ts';

export interface MergeContext {
  update: PDFDocument;
  scan: PdfScan;
  /** The book's own object `n`, parsed into the update's context (to be changed and written again). */
  parse: (n: number) => PDFObject;
  /** Objects of the book written again by the update. */
  written: Map<number, PDFObject>;
  /** New objects already serialized, by number (see appendParts). */
  flushed: Map<number, Uint8Array>;
  /** New objects already written as runs of bytes (join-part.ts). */
  runs: ObjectRun[];
}

import { nameTree, numberTree, onlyOn, pageTreeNodes } from './pdf-trees.ts';
import { isPageMark } from '../../assemble/page-marks.ts';
import { idName, joinPart, type ObjectRun } from './join-part.ts';

const name = PDFName.of;

/** A part's print as the merge needs it (chapter.ts). */
export type PartPrint = Pick<ChapterPrint, 'bytes' | 'first' | 'count'>;

export interface PartMerger {
  /** Append the next part; what was copied from it is serialized at once (nothing changes it later). */
  append(part: PartPrint): Promise<'bytes' | 'parsed'>;
  /** The book's page tree, structure tree and destinations written with every part in; the pages' refs. */
  end(): PDFRef[];
}

/** The book the parts are joined to, as both ways of joining a part (bytes, or pdf-lib) change it. */
export interface JoinState {
  context: PDFContext;
  pagesRoot: PDFRef;
  /** The book's page tree root's /Kids: each part adds a node of its own. */
  kids: PDFArray;
  pageRefs: PDFRef[];
  structRef: PDFRef | undefined;
  documentRef: PDFObject | undefined;
  /** The book's Document element's children. */
  elements: PDFArray | undefined;
  parentTree: [number, PDFObject][];
  idTree: [string, PDFObject][];
  dests: PDFDict | undefined;
  /** The next free key of the parent tree, and the next element id's number (see idName). */
  nextKey: number;
  nextId: number;
  flushed: Map<number, Uint8Array>;
  runs: ObjectRun[];
}

/**
 * Append parts in order, each as soon as it is printed (the next one prints meanwhile). A part is
 * joined from its bytes (join-part.ts); one that cannot be read that way is parsed by pdf-lib
 * while it is copied, so that a long book's parts, as pdf-lib objects, are never all in memory at
 * once (a tagged page is hundreds of them).
 */
export function partMerger(ctx: MergeContext): PartMerger {
  const { update, scan, parse, written } = ctx;
  const context = update.context;
  const catalog = parse(scan.root) as PDFDict;
  const pagesRoot = catalog.get(name('Pages')) as PDFRef;
  const root = parse(pagesRoot.objectNumber) as PDFDict;
  const structRef = catalog.get(name('StructTreeRoot')) as PDFRef | undefined;
  const structRoot = structRef && (parse(structRef.objectNumber) as PDFDict);
  const documentRef = structRoot?.get(name('K'));
  const documentElem = documentRef instanceof PDFRef ? (parse(documentRef.objectNumber) as PDFDict) : undefined;
  const documentKids = documentElem?.get(name('K'));
  const parentTree = numberTree(structRoot, 'ParentTree', parse);
  const idTree = nameTree(structRoot, 'IDTree', parse);
  const destsObject = scan.destsObject;
  const state: JoinState = {
    ...{ context, pagesRoot, structRef, documentRef, parentTree, idTree },
    kids: root.get(name('Kids')) as PDFArray,
    pageRefs: scan.pages.map((n) => PDFRef.of(n)),
    elements: documentKids instanceof PDFArray ? documentKids : undefined,
    dests: destsObject === undefined ? undefined : ((written.get(destsObject) ?? parse(destsObject)) as PDFDict),
    nextKey: parentTree.reduce((max, [key]) => Math.max(max, key + 1), 0),
    nextId: idTree.length,
    flushed: ctx.flushed,
    runs: ctx.runs,
  };

  async function append(part: PartPrint): Promise<'bytes' | 'parsed'> {
    if (joinPart(state, part)) return 'bytes';
    await appendParsed(state, part);
    return 'parsed';
  }

  function end(): PDFRef[] {
    const { dests, pageRefs } = state;
    if (dests && scan.destsObject !== undefined) written.set(scan.destsObject, dests);

    root.set(name('Count'), PDFNumber.of(pageRefs.length));
    written.set(pagesRoot.objectNumber, root);
    if (structRoot && structRef) {
      if (documentElem && documentRef instanceof PDFRef) written.set(documentRef.objectNumber, documentElem);
      structRoot.set(
        name('ParentTree'),
        context.register(context.obj({ Nums: parentTree.flatMap(([k, v]) => [PDFNumber.of(k), v]) })),
      );
      structRoot.set(name('ParentTreeNextKey'), PDFNumber.of(state.nextKey));
      idTree.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
      structRoot.set(
        name('IDTree'),
        context.register(context.obj({ Names: idTree.flatMap(([k, v]) => [PDFString.of(k), v]) })),
      );
      written.set(structRef.objectNumber, structRoot);
    }
    return pageRefs;
  }
  return { append, end };
}

/**
 * A part joined through pdf-lib: parsed whole, its objects copied into the update and serialized.
 * One long function on purpose: every step for a part (its pages, tags, parent-tree keys, element
 * ids, destinations) renames that part's objects through the same maps, filled as the part is read;
 * split up, each step would take and return all of that state.
 */
async function appendParsed(state: JoinState, part: PartPrint): Promise<void> {
  const { context, pagesRoot, kids, pageRefs, structRef, documentRef, elements, parentTree, idTree, dests } = state;
  const firstNew = context.largestObjectNumber + 1;
  const doc = await loadPdf(part.bytes);
  const src = doc.context;
  const refs = new Map<string, PDFRef>();
  const theirPages = doc.getPages().map((p) => p.ref);
  const kept = theirPages.slice(part.first, part.first + part.count);
  const node = context.nextRef();
  // What must not be copied: their page tree (our pages get a node of their own), their structure
  // root and Document element (ours take their children), and the blank pages before the part.
  for (const pages of pageTreeNodes(doc)) refs.set(pages.toString(), node);
  const theirStruct = doc.catalog.get(name('StructTreeRoot'));
  const theirDocument = theirStruct && (src.lookup(theirStruct) as PDFDict).get(name('K'));
  if (theirStruct instanceof PDFRef && structRef) refs.set(theirStruct.toString(), structRef);
  if (theirDocument instanceof PDFRef && documentRef instanceof PDFRef) refs.set(theirDocument.toString(), documentRef);
  const ours = kept.map(() => context.nextRef());
  kept.forEach((ref, i) => refs.set(ref.toString(), ours[i]!));
  for (const ref of theirPages.slice(0, part.first)) refs.set(ref.toString(), ours[0]!);

  const keyOffset = state.nextKey;
  const ids = new Map<string, string>();
  const rename = (text: string) => {
    if (!ids.has(text)) ids.set(text, idName(state.nextId++));
    return PDFString.of(ids.get(text)!);
  };
  const copy = copier(src, context, refs, (dict) => {
    // Element ids continue after the book's (see idName), and so do the references to them: a
    // table cell's /Headers names its header cells by id.
    const id = dict.get(name('ID'));
    if (isString(id)) dict.set(name('ID'), rename(id.asString()));
    const headers = dict.get(name('Headers'));
    if (headers instanceof PDFArray) {
      const renamed = PDFArray.withContext(context);
      for (const header of headers.asArray()) renamed.push(isString(header) ? rename(header.asString()) : header);
      dict.set(name('Headers'), renamed);
    }
  });

  kept.forEach((ref, i) => {
    const page = copy(src.lookup(ref)!) as PDFDict;
    page.set(name('Parent'), node);
    shiftKey(page, 'StructParents', keyOffset);
    const annots = page.lookupMaybe(name('Annots'), PDFArray);
    for (const annot of annots?.asArray() ?? []) {
      const dict = context.lookup(annot);
      if (dict instanceof PDFDict) shiftKey(dict, 'StructParent', keyOffset);
    }
    context.assign(ours[i]!, page);
  });
  context.assign(node, context.obj({ Type: 'Pages', Parent: pagesRoot, Kids: ours, Count: ours.length }));
  kids.push(node);
  pageRefs.push(...ours);

  // Tags: their Document element's children that hold content of the kept pages.
  const theirKids = theirDocument && (src.lookup(theirDocument) as PDFDict).lookupMaybe(name('K'), PDFArray);
  const dropped = new Set(theirPages.slice(0, part.first).map(String));
  for (const kid of theirKids?.asArray() ?? []) {
    if (onlyOn(src, kid, dropped)) continue;
    elements?.push(copy(kid));
  }
  // The blank pages' own keys (their content and links) are left out with them.
  const droppedKeys = new Set<number>();
  for (const ref of theirPages.slice(0, part.first)) {
    const page = src.lookup(ref, PDFDict);
    const key = page.get(name('StructParents'));
    if (key instanceof PDFNumber) droppedKeys.add(key.asNumber());
    for (const annot of page.lookupMaybe(name('Annots'), PDFArray)?.asArray() ?? []) {
      const k = (src.lookup(annot) as PDFDict).get(name('StructParent'));
      if (k instanceof PDFNumber) droppedKeys.add(k.asNumber());
    }
  }
  const theirRoot = src.lookup(theirStruct ?? PDFRef.of(0)) as PDFDict;
  const lookup = (n: number) => src.lookup(PDFRef.of(n))!;
  for (const [key, value] of numberTree(theirRoot, 'ParentTree', lookup)) {
    if (droppedKeys.has(key)) continue;
    parentTree.push([key + keyOffset, copy(value)]);
    state.nextKey = Math.max(state.nextKey, key + keyOffset + 1);
  }
  for (const [text, value] of nameTree(theirRoot, 'IDTree', lookup)) {
    if (onlyOn(src, value, dropped)) continue;
    const element = copy(value);
    idTree.push([ids.get(text) ?? text, element]);
  }

  // Their named destinations, on our pages.
  const theirDests = doc.catalog.lookupMaybe(name('Dests'), PDFDict);
  const pageIndex = new Map(theirPages.map((p, i) => [p.toString(), i]));
  for (const [destName, value] of theirDests?.entries() ?? []) {
    // Page marks are read from the part's print (pdf.ts); the finished book has no use for them.
    if (isPageMark(destName.decodeText())) continue;
    const array = src.lookup(value);
    if (!(array instanceof PDFArray) || !(array.get(0) instanceof PDFRef)) continue;
    const index = pageIndex.get(array.get(0).toString()) ?? -1;
    if (index < part.first) continue;
    const target = PDFArray.withContext(context);
    target.push(ours[index - part.first]!);
    for (let i = 1; i < array.size(); i++) target.push(array.get(i));
    dests?.set(destName, target);
  }
  for (let n = firstNew; n <= context.largestObjectNumber; n++) {
    const ref = PDFRef.of(n);
    const object = context.lookup(ref);
    if (!object) continue;
    state.flushed.set(n, serialize(object));
    context.delete(ref);
  }
}

/** An object's bytes as written between `n 0 obj` and `endobj`. */
export function serialize(object: PDFObject): Uint8Array {
  const bytes = new Uint8Array(object.sizeInBytes());
  object.copyBytesInto(bytes, 0);
  return bytes;
}

const isString = (o: PDFObject | undefined): o is PDFString =>
  o instanceof PDFString || (o !== undefined && 'asString' in o);

function shiftKey(dict: PDFDict, key: string, offset: number): void {
  const value = dict.get(name(key));
  if (value instanceof PDFNumber) dict.set(name(key), PDFNumber.of(value.asNumber() + offset));
}

/** A deep copy into `dest`; objects already in `refs` are not copied but referred to. */
function copier(
  src: PDFDocument['context'],
  dest: PDFDocument['context'],
  refs: Map<string, PDFRef>,
  onDict: (dict: PDFDict) => void,
): (o: PDFObject) => PDFObject {
  const copy = (o: PDFObject): PDFObject => {
    if (o instanceof PDFRef) {
      const known = refs.get(o.toString());
      if (known) return known;
      const ref = dest.nextRef();
      refs.set(o.toString(), ref);
      const target = src.lookup(o);
      if (target) dest.assign(ref, copy(target));
      return ref;
    }
    if (o instanceof PDFDict) {
      const dict = PDFDict.withContext(dest);
      for (const [key, value] of o.entries()) dict.set(key, copy(value));
      onDict(dict);
      return dict;
    }
    if (o instanceof PDFArray) {
      const array = PDFArray.withContext(dest);
      for (const value of o.asArray()) array.push(copy(value));
      return array;
    }
    if (o instanceof PDFRawStream) return PDFRawStream.of(copy(o.dict) as PDFDict, o.contents);
    return o;
  };
  return copy;
}
