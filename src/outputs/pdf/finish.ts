/**
 * What the finishing update (update.ts) writes into Chromium's PDF, and the one full rewrite left:
 * - bookmarks nested chapter > section with the exact source titles (Chromium's own outline
 *   drops the space where a heading wraps), page labels (i, ii, … then 1, 2, …), metadata (the
 *   information dictionary and XMP, xmp.ts), dated from SOURCE_DATE_EPOCH, so the same sources
 *   give the same bytes;
 * - a file the quick scan (scan.ts) cannot read is read and written again whole by pdf-lib, in the
 *   plain layout the scan reads, so that even then every change is made by the update.
 */
import { QuireError } from '../../util/errors.ts';
import { scanPdf, type PdfScan } from './scan.ts';
import { PRODUCER } from './xmp.ts';
import { pageLabelRanges, type FolioRange } from '../../assemble/page-numbering.ts';
import {
  ParseSpeeds,
  PDFDocument,
  PDFHexString,
  PDFName,
  PDFNumber,
  PDFString,
  type PDFContext,
  type PDFDict,
  type PDFObject,
  type PDFRef,
} from 'pdf-lib';

export function loadPdf(bytes: Uint8Array): Promise<PDFDocument> {
  // pdf-lib yields to the event loop every 100 objects by default; a book has hundreds of thousands.
  return PDFDocument.load(bytes, { updateMetadata: false, parseSpeed: ParseSpeeds.Fastest });
}

/**
 * The file and what the scan read of it. Chromium writes the plain layout the scan reads; should it
 * one day write another (a cross-reference stream, objects packed in streams), pdf-lib rewrites the
 * file whole, once, in the plain layout.
 */
export async function scannable(bytes: Uint8Array): Promise<{ bytes: Uint8Array; scan: PdfScan }> {
  const scan = scanPdf(bytes);
  if (scan) return { bytes, scan };
  let rewritten: Uint8Array;
  try {
    const doc = await loadPdf(bytes);
    // Object streams would make the file a little smaller but the scan does not read them.
    rewritten = await doc.save({ updateFieldAppearances: false, objectsPerTick: Infinity, useObjectStreams: false });
  } catch (cause) {
    throw new QuireError('Chromium printed a PDF that cannot be read', { cause });
  }
  const again = scanPdf(rewritten);
  if (!again) throw new QuireError('Chromium printed a PDF that cannot be read');
  return { bytes: rewritten, scan: again };
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

/** Page labels, as page-numbering.ts numbers the pages: i, ii, … for the front matter, then 1, 2, … */
export function pageLabels(context: PDFContext, numbering: FolioRange[]): PDFDict {
  const nums = pageLabelRanges(numbering).flatMap(({ first, style, start }): PDFObject[] => [
    PDFNumber.of(first),
    context.obj(start === undefined ? { S: style } : { S: style, St: start }),
  ]);
  return context.obj({ Nums: nums });
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
