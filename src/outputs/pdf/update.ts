/**
 * Finishing the book's PDF as an incremental update: the bytes Chromium printed stay as they are,
 * and the changed and new objects (the contents pages' streams, bookmarks, page labels, document
 * information and XMP, the catalog) are appended after them with a cross-reference section of their own.
 * Reading and rewriting a whole book with pdf-lib costs seconds; this costs milliseconds.
 * Every change to a PDF Quire prints is made this way: the book, its later parts (merge.ts), chapters
 * reprinted in watch mode, and the handouts (their links to one another are rewritten here too).
 * A file the quick scan (scan.ts) cannot read is first rewritten whole by pdf-lib (finish.ts).
 *
 * Watch mode uses the same update to splice chapters reprinted alone (chapter.ts) into the
 * last whole print: their pages take the new contents and links, and their named destinations
 * move to where the reprint put them. The structure tree stays the whole print's, so those pages'
 * tags are stale until the next whole print (watch mode makes one when the author pauses).
 */
import { join } from 'node:path';
import {
  PDFArray,
  PDFDict,
  PDFDocument,
  PDFName,
  PDFObjectParser,
  PDFRef,
  PDFString,
  type PDFContext,
  type PDFObject,
} from 'pdf-lib';
import { buildOutline, type Bookmark, type PdfMetadata, pageLabels, metadataDict } from './finish.ts';
import { chapterDoc, type ChapterPrint } from './chapter.ts';
import { partMerger, type PartMerger, type PartPrint } from './merge.ts';
import { movedDestinations, nameTree } from './pdf-trees.ts';
import type { ObjectRun } from './join-part.ts';
import { append, joined, putAside, type PdfPieces } from './update-bytes.ts';
import type { PdfScan } from './scan.ts';
import { writeXmp } from './xmp.ts';
import { pageNumbering } from '../../assemble/page-numbering.ts';

export interface UpdateOptions {
  /** The contents pages printed with their numbers: their streams replace pages 0…n-1. */
  front?: PDFDocument;
  frontPages: number;
  bookmarks: Bookmark[];
  metadata: PdfMetadata;
  /** Chapters reprinted alone, each with the index of its first page in the book. */
  chapters?: { start: number; print: ChapterPrint }[];
  /** Each destination's name as written in the file, by id, for the later parts already appended. */
  partNames?: Map<string, PDFName>[];
  /** Change a link (an annotation of a page) in place; true when it changed, to be written again. */
  relink?: (annot: PDFDict, context: PDFContext) => boolean;
  /** Write the structure tree's ID tree again, sorted (its ids were renumbered: see stableInPlace). */
  idTree?: boolean;
}

/** An incremental update of a printed book, begun as soon as its first part is printed. */
export interface BookUpdate {
  /** Append a later part of a book printed in parts (merge.ts), while the next one prints. */
  appendPart(part: PartPrint): Promise<'bytes' | 'parsed'>;
  /** The finished book: the original bytes and the update after them, in pieces (update-bytes.ts). */
  finish(options: UpdateOptions): Promise<PdfPieces>;
}

// Byte-for-byte text: every byte is one character, and back (native, no per-character work).
const encoder = (s: string): Uint8Array => Buffer.from(s, 'latin1');

/** The whole update at once: for a book printed in one piece, and for watch mode's reprints. */
export async function finishIncrementally(
  book: Uint8Array,
  scan: PdfScan,
  options: UpdateOptions,
): Promise<Uint8Array> {
  return joined(await (await startUpdate(book, scan)).finish(options));
}

/**
 * `work`: a folder where the later parts, once joined, are put aside until the book is written, so
 * that a long book's parts are not all held in memory (without it, they are).
 */
export async function startUpdate(book: Uint8Array, scan: PdfScan, work?: string): Promise<BookUpdate> {
  // New objects are numbered after the book's own.
  const update = await PDFDocument.create({ updateMetadata: false });
  const context = update.context;
  context.largestObjectNumber = scan.size - 1;
  const parse = (n: number): PDFObject => PDFObjectParser.forBytes(encoder(scan.objectText(n)!), context).parseObject();
  const written = new Map<number, PDFObject>();
  const flushed = new Map<number, Uint8Array>();
  const runs: ObjectRun[] = [];
  let merger: PartMerger | undefined;
  return {
    async appendPart(part) {
      const how = await (merger ??= partMerger({ update, scan, parse, written, flushed, runs })).append(part);
      if (work) await putAside(runs, join(work, 'joined-parts'));
      return how;
    },
    finish: (options) => finish(book, scan, { update, parse, written, flushed, runs, merger }, options),
  };
}

/** What the update holds while it is made. */
interface UpdateState {
  update: PDFDocument;
  parse: (n: number) => PDFObject;
  /** Objects of the book written again, by number. */
  written: Map<number, PDFObject>;
  /** New objects already serialized (the later parts), by number. */
  flushed: Map<number, Uint8Array>;
  /** The later parts joined from their bytes (join-part.ts). */
  runs: ObjectRun[];
  merger?: PartMerger;
}

async function finish(
  original: Uint8Array,
  scan: PdfScan,
  state: UpdateState,
  options: UpdateOptions,
): Promise<PdfPieces> {
  const { update, parse, written, flushed } = state;
  const context = update.context;
  if (options.front) await spliceFront(state, scan, options.front, options.frontPages);
  if (options.relink) relinkPages(state, scan, options.relink);
  if (options.idTree) sortIdTree(state, scan);
  for (const chapter of options.chapters ?? []) await spliceChapter(state, scan, chapter);
  if (options.chapters?.length && scan.destsObject !== undefined) {
    const dests = written.get(scan.destsObject) ?? parse(scan.destsObject);
    written.set(scan.destsObject, reprintedDestinations(update, scan, options.chapters, dests));
  }
  state.merger?.end();

  const catalog = parse(scan.root) as PDFDict;
  const nameOf = (id: string) =>
    scan.destinationNames.get(id) ?? options.partNames?.map((names) => names.get(id)).find((n) => n !== undefined);
  const outline = buildOutline(context, options.bookmarks, nameOf);
  if (outline) {
    catalog.set(PDFName.of('Outlines'), outline);
    catalog.set(PDFName.of('PageMode'), PDFName.of('UseOutlines'));
  }
  catalog.set(PDFName.of('PageLabels'), pageLabels(context, pageNumbering(options.frontPages)));
  catalog.set(PDFName.of('Lang'), metadataDict(context, options.metadata).lang);
  writeXmp(context, catalog, options.metadata);
  written.set(scan.root, catalog);
  const info = context.register(metadataDict(context, options.metadata).info);

  for (const n of newObjectsReached(state, scan, [...written.values(), info])) {
    written.set(n, context.lookup(PDFRef.of(n))!);
  }
  const objects = new Map<number, PDFObject | Uint8Array>([...written, ...flushed]);
  const trailer = {
    size: context.largestObjectNumber + 1,
    root: scan.root,
    info: info.objectNumber,
    prev: scan.xrefOffset,
  };
  return append(original, objects, trailer, state.runs);
}

/**
 * The contents pages printed with their numbers take the place of the first print's: the front
 * matter's `frontPages` (none when a template has none, though its print is then a blank page).
 */
async function spliceFront(state: UpdateState, scan: PdfScan, front: PDFDocument, frontPages: number) {
  const count = Math.min(frontPages, front.getPageCount(), scan.pages.length);
  await takeContents(state, scan, front, 0, count);
}

/** Watch mode: a chapter reprinted alone takes the place of its pages (their objects keep their numbers). */
async function spliceChapter(
  state: UpdateState,
  scan: PdfScan,
  { start, print }: { start: number; print: ChapterPrint },
) {
  const context = state.update.context;
  const from = await chapterDoc(print);
  for (const { ref, page, copy } of await takeContents(state, scan, from, print.first, print.count, start)) {
    // The structure tree is the whole print's: the new content is left out of it, not misattributed.
    page.delete(PDFName.of('StructParents'));
    page.delete(PDFName.of('Annots'));
    const annots = copy.lookupMaybe(PDFName.of('Annots'), PDFArray);
    if (annots) {
      page.set(PDFName.of('Annots'), annots);
      for (const annot of annots.asArray()) {
        const dict = context.lookup(annot);
        if (!(dict instanceof PDFDict)) continue;
        dict.delete(PDFName.of('StructParent'));
        if (dict.has(PDFName.of('P'))) dict.set(PDFName.of('P'), ref);
      }
    }
  }
}

/**
 * Pages `first`…`first + count - 1` of `from` on the book's pages from `start` on: each book page
 * keeps its object (its number, links and tags) and takes the other's content stream and resources.
 */
async function takeContents(
  { update, parse, written }: UpdateState,
  scan: PdfScan,
  from: PDFDocument,
  first: number,
  count: number,
  start = 0,
): Promise<{ ref: PDFRef; page: PDFDict; copy: PDFDict }[]> {
  const copies = await update.copyPages(
    from,
    Array.from({ length: count }, (_, j) => first + j),
  );
  return copies.map((copy, j) => {
    const ref = PDFRef.of(scan.pages[start + j]!);
    const page = parse(ref.objectNumber) as PDFDict;
    page.set(PDFName.of('Contents'), copy.node.get(PDFName.of('Contents'))!);
    page.set(PDFName.of('Resources'), copy.node.get(PDFName.of('Resources'))!);
    written.set(ref.objectNumber, page);
    return { ref, page, copy: copy.node };
  });
}

/**
 * Each page's links through `relink`; what it changed is written again: the link's own object
 * (Chromium writes each link as one), or the page or list that holds it.
 */
function relinkPages(
  { update, parse, written }: UpdateState,
  scan: PdfScan,
  relink: NonNullable<UpdateOptions['relink']>,
) {
  const current = (n: number) => written.get(n) ?? parse(n);
  for (const n of scan.pages) {
    const page = current(n);
    const held = page instanceof PDFDict ? page.get(PDFName.of('Annots')) : undefined;
    // The list of links is the page's own, or an object of its own.
    const [holder, list] = held instanceof PDFRef ? [held.objectNumber, current(held.objectNumber)] : [n, held];
    if (!(list instanceof PDFArray)) continue;
    for (const annot of list.asArray()) {
      const dict = annot instanceof PDFRef ? current(annot.objectNumber) : annot;
      if (!(dict instanceof PDFDict) || !relink(dict, update.context)) continue;
      if (annot instanceof PDFRef) written.set(annot.objectNumber, dict);
      else written.set(holder, holder === n ? page : list);
    }
  }
}

/** The structure tree's ID tree written again as one sorted list, as a name tree must be. */
function sortIdTree({ update, parse, written }: UpdateState, scan: PdfScan) {
  const structRef = (parse(scan.root) as PDFDict).get(PDFName.of('StructTreeRoot'));
  if (!(structRef instanceof PDFRef)) return;
  const structRoot = (written.get(structRef.objectNumber) ?? parse(structRef.objectNumber)) as PDFDict;
  const entries = nameTree(structRoot, 'IDTree', parse);
  if (entries.length === 0) return;
  entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const names = entries.flatMap(([k, v]) => [PDFString.of(k), v]);
  structRoot.set(PDFName.of('IDTree'), update.context.register(update.context.obj({ Names: names })));
  written.set(structRef.objectNumber, structRoot);
}

/**
 * Everything the changed objects reach in the update's own numbering, and nothing else (copyPages
 * also copied the front pages' own dictionaries and links, which are not needed). Walked with a
 * stack of its own: bookmarks chain through /Next thousands deep in a long book.
 */
function newObjectsReached({ update, flushed, runs }: UpdateState, scan: PdfScan, from: PDFObject[]): Set<number> {
  const context = update.context;
  const inRun = (n: number) => runs.some((run) => n >= run.first && n < run.first + run.offsets.length);
  const reachable = new Set<number>();
  const pending: (PDFObject | undefined)[] = [...from];
  while (pending.length > 0) {
    const o = pending.pop();
    if (o instanceof PDFRef) {
      const n = o.objectNumber;
      if (n < scan.size || reachable.has(n) || flushed.has(n) || inRun(n)) continue;
      reachable.add(o.objectNumber);
      pending.push(context.lookup(o));
    } else if (o instanceof PDFDict) pending.push(...o.values());
    else if (o && 'asArray' in o && typeof o.asArray === 'function') pending.push(...(o.asArray() as PDFObject[]));
    else if (o && 'dict' in o) pending.push((o as unknown as { dict: PDFDict }).dict);
  }
  return reachable;
}

/** The book's named destinations, with those on reprinted pages taken from the reprints. */
function reprintedDestinations(
  update: PDFDocument,
  scan: PdfScan,
  chapters: { start: number; print: ChapterPrint }[],
  original: PDFObject,
): PDFDict {
  const dests = original as PDFDict;
  const moved = (index: number) => chapters.some(({ start, print }) => index >= start && index < start + print.count);
  for (const [id, index] of scan.destinations) if (moved(index)) dests.delete(scan.destinationNames.get(id)!);
  for (const { start, print } of chapters) {
    // print.doc was parsed when its pages were copied.
    const ours = (i: number) => PDFRef.of(scan.pages[start + i]!);
    for (const [name, target] of movedDestinations(print.doc!, print.first, update.context, ours))
      dests.set(name, target);
  }
  return dests;
}
