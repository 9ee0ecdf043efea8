/**
 * What Chromium's printing leaves to do, done on the PDF with pdf-lib:
 * - find the page each heading landed on (Chromium writes a named destination for every
 *   id a link points at, and the table of contents links to every chapter and section);
 * - put the table-of-contents pages printed with real page numbers in place of the first
 *   print's, by swapping their content streams only: the pages keep their links, tags and
 *   destinations;
 * - bookmarks nested chapter > section with the exact source titles (Chromium's own outline
 *   drops the space where a heading wraps), page labels (i, ii, … then 1, 2, …), metadata (the
 *   information dictionary and XMP, xmp.ts),
 *   and dates from SOURCE_DATE_EPOCH, so the same sources give the same bytes.
 */
import type { PDFContext } from 'pdf-lib';
import { PRODUCER, writeXmp } from './xmp.ts';
import { pageLabelRanges, pageNumbering, type FolioRange } from '../../assemble/page-numbering.ts';
import {
  ParseSpeeds,
  PDFArray,
  PDFDict,
  PDFDocument,
  PDFHexString,
  PDFName,
  PDFNumber,
  PDFRef,
  PDFString,
  type PDFObject,
} from 'pdf-lib';

export function loadPdf(bytes: Uint8Array): Promise<PDFDocument> {
  // pdf-lib yields to the event loop every 100 objects by default; a book has hundreds of thousands.
  return PDFDocument.load(bytes, { updateMetadata: false, parseSpeed: ParseSpeeds.Fastest });
}

/** Page index (0-based) of each id that has a named destination. */
export function destinations(doc: PDFDocument): Map<string, number> {
  const pageIndex = new Map(doc.getPages().map((p, i) => [p.ref.toString(), i]));
  const result = new Map<string, number>();
  const dests = doc.catalog.lookupMaybe(PDFName.of('Dests'), PDFDict);
  for (const [key, value] of dests?.entries() ?? []) {
    const array = doc.context.lookup(value);
    const target = array instanceof PDFArray ? array.get(0) : undefined;
    const index = target instanceof PDFRef ? pageIndex.get(target.toString()) : undefined;
    if (index !== undefined) result.set(destinationId(key), index);
  }
  return result;
}

/** Chromium percent-encodes ids in destination names. */
function destinationId(name: PDFName): string {
  const raw = name.decodeText();
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}

export interface Bookmark {
  title: string;
  /** The id the bookmark jumps to. */
  id: string;
  children: Bookmark[];
}

export interface PdfMetadata {
  title: string;
  authors: string[];
  subject: string | undefined;
  keywords: string[];
  language: string;
  /** CreationDate and ModDate. */
  date: Date;
  /** Identify the file as PDF/UA-1 in its XMP (the tags bear it out: see xmp.ts). */
  pdfua: boolean;
}

export interface FinishOptions {
  /** Replace the content of pages 0…n-1 with those of this PDF (same layout, real page numbers). */
  frontMatter?: PDFDocument;
  bookmarks: Bookmark[];
  /** Pages before arabic numbering starts (labelled i, ii, …). */
  frontPages: number;
  metadata: PdfMetadata;
}

export async function finishPdf(doc: PDFDocument, options: FinishOptions): Promise<Uint8Array> {
  if (options.frontMatter) await swapContents(doc, options.frontMatter);
  writeOutline(doc, options.bookmarks);
  writePageLabels(doc, pageNumbering(options.frontPages));
  writeMetadata(doc, options.metadata);
  renumberNodeIds(doc);
  // Object streams would make the file a little smaller but take three times as long to write.
  return doc.save({ updateFieldAppearances: false, objectsPerTick: Infinity, useObjectStreams: false });
}

async function swapContents(doc: PDFDocument, front: PDFDocument): Promise<void> {
  const count = Math.min(front.getPageCount(), doc.getPageCount());
  const copies = await doc.copyPages(
    front,
    Array.from({ length: count }, (_, i) => i),
  );
  copies.forEach((copy, i) => {
    const target = doc.getPage(i).node;
    target.set(PDFName.of('Contents'), copy.node.get(PDFName.of('Contents'))!);
    target.set(PDFName.of('Resources'), copy.node.get(PDFName.of('Resources'))!);
  });
}

function writeOutline(doc: PDFDocument, bookmarks: Bookmark[]): void {
  const dests = doc.catalog.lookupMaybe(PDFName.of('Dests'), PDFDict);
  const names = new Map([...(dests?.keys() ?? [])].map((k) => [destinationId(k), k]));
  const outline = buildOutline(doc.context, bookmarks, (id) => names.get(id));
  if (!outline) return;
  doc.catalog.set(PDFName.of('Outlines'), outline);
  doc.catalog.set(PDFName.of('PageMode'), PDFName.of('UseOutlines'));
}

/** The outline (bookmarks) as new objects; each item jumps to a named destination. */
export function buildOutline(
  context: PDFContext,
  bookmarks: Bookmark[],
  nameOf: (id: string) => PDFName | undefined,
): PDFRef | undefined {
  const root = context.obj({ Type: 'Outlines' });
  const rootRef = context.register(root);
  const build = (items: Bookmark[], parentRef: PDFRef, parent: PDFDict): number => {
    const usable = items.filter((b) => nameOf(b.id));
    const refs = usable.map(() => context.nextRef());
    usable.forEach((bookmark, i) => {
      const item = context.obj({}) as PDFDict;
      item.set(PDFName.of('Title'), PDFHexString.fromText(bookmark.title));
      item.set(PDFName.of('Parent'), parentRef);
      item.set(PDFName.of('Dest'), nameOf(bookmark.id)!);
      if (i > 0) item.set(PDFName.of('Prev'), refs[i - 1]!);
      if (i < refs.length - 1) item.set(PDFName.of('Next'), refs[i + 1]!);
      const children = build(bookmark.children, refs[i]!, item);
      // Chapters open collapsed (negative count): a reader sees the chapter list first.
      if (children > 0) item.set(PDFName.of('Count'), PDFNumber.of(-children));
      context.assign(refs[i]!, item);
    });
    if (refs.length > 0) {
      parent.set(PDFName.of('First'), refs[0]!);
      parent.set(PDFName.of('Last'), refs[refs.length - 1]!);
    }
    return usable.length;
  };
  const count = build(bookmarks, rootRef, root);
  if (count === 0) return undefined;
  root.set(PDFName.of('Count'), PDFNumber.of(count));
  return rootRef;
}

/**
 * Chromium names tagged elements by DOM node ids (`node00000143`), which count every node the
 * renderer ever made: a warm browser numbers the same book differently. Renumber them from 1 in
 * their own order (so the ID tree stays sorted) to make the bytes depend on the book alone.
 */
function renumberNodeIds(doc: PDFDocument): void {
  const isNodeId = (o: unknown): o is PDFString | PDFHexString =>
    (o instanceof PDFString || o instanceof PDFHexString) && /^node\d+$/.test(o.decodeText());
  const containers: (PDFDict | PDFArray)[] = [];
  const ids = new Set<string>();
  const visit = (o: unknown) => {
    if (o instanceof PDFDict || o instanceof PDFArray) {
      containers.push(o);
      const values = o instanceof PDFDict ? [...o.values()] : o.asArray();
      for (const v of values) {
        if (isNodeId(v)) ids.add(v.decodeText());
        else visit(v);
      }
    }
  };
  for (const [, object] of doc.context.enumerateIndirectObjects()) visit(object);
  if (ids.size === 0) return;
  const sorted = [...ids].sort((a, b) => Number(a.slice(4)) - Number(b.slice(4)));
  const width = String(sorted.length).length;
  const renamed = new Map(sorted.map((id, i) => [id, PDFString.of(`node${String(i + 1).padStart(width, '0')}`)]));
  for (const container of containers) {
    if (container instanceof PDFDict) {
      for (const [key, value] of container.entries())
        if (isNodeId(value)) container.set(key, renamed.get(value.decodeText())!);
    } else {
      container.asArray().forEach((value, i) => {
        if (isNodeId(value)) container.set(i, renamed.get(value.decodeText())!);
      });
    }
  }
}

function writePageLabels(doc: PDFDocument, numbering: FolioRange[]): void {
  doc.catalog.set(PDFName.of('PageLabels'), pageLabels(doc.context, numbering));
}

/** Page labels, as page-numbering.ts numbers the pages: i, ii, … for the front matter, then 1, 2, … */
export function pageLabels(context: PDFContext, numbering: FolioRange[]): PDFDict {
  const nums = pageLabelRanges(numbering).flatMap(({ first, style, start }): PDFObject[] => [
    PDFNumber.of(first),
    context.obj(start === undefined ? { S: style } : { S: style, St: start }),
  ]);
  return context.obj({ Nums: nums });
}

function writeMetadata(doc: PDFDocument, meta: PdfMetadata): void {
  const { info, lang } = metadataDict(doc.context, meta);
  doc.context.trailerInfo.Info = doc.context.register(info);
  doc.catalog.set(PDFName.of('Lang'), lang);
  writeXmp(doc.context, doc.catalog, meta);
}

/** The document information dictionary, and the catalog's language. */
export function metadataDict(context: PDFContext, meta: PdfMetadata): { info: PDFDict; lang: PDFString } {
  const info = context.obj({}) as PDFDict;
  const set = (key: string, value: PDFObject) => info.set(PDFName.of(key), value);
  set('Title', PDFHexString.fromText(meta.title));
  set('Author', PDFHexString.fromText(meta.authors.join(', ')));
  if (meta.subject) set('Subject', PDFHexString.fromText(meta.subject));
  if (meta.keywords.length > 0) set('Keywords', PDFHexString.fromText(meta.keywords.join(' ')));
  set('Creator', PDFHexString.fromText('Quire'));
  set('Producer', PDFHexString.fromText(PRODUCER));
  set('CreationDate', PDFString.fromDate(meta.date));
  set('ModDate', PDFString.fromDate(meta.date));
  return { info, lang: PDFString.of(meta.language) };
}
