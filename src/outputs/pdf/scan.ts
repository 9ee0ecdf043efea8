/**
 * A quick look into the PDF Chromium just printed, without parsing all of it: the page count and
 * the page each named destination points at. Chromium writes a classic cross-reference table and
 * plain dictionaries, so reading the trailer, the catalog, the page tree and /Dests is enough
 * (milliseconds, where pdf-lib's full parse of a book takes about a second). Anything unexpected
 * returns undefined and the caller falls back to pdf-lib.
 */
import { PDFName } from 'pdf-lib';
import { percentDecoded } from '../../util/percent.ts';

export interface PdfScan {
  pageCount: number;
  /** Page index (0-based) of each destination, by id (Chromium percent-encodes the names). */
  destinations: Map<string, number>;
  /** Each destination's name as written in the file, by id. */
  destinationNames: Map<string, PDFName>;
  /** Object numbers of the pages, in order. */
  pages: number[];
  root: number;
  /** Object number of the catalog's /Dests dictionary, when there is one. */
  destsObject: number | undefined;
  /** The trailer's /Size: the next free object number. */
  size: number;
  xrefOffset: number;
  /** Where each object starts, by number (0 for a free entry). */
  offsets: number[];
  /** The text of an object (between `N 0 obj` and `endobj`). */
  objectText(n: number): string | undefined;
}

const latin1 = new TextDecoder('latin1');

export function scanPdf(bytes: Uint8Array): PdfScan | undefined {
  try {
    const tail = latin1.decode(bytes.subarray(Math.max(0, bytes.length - 1024)));
    const startxref = Number(/startxref\s+(\d+)\s+%%EOF\s*$/.exec(tail)?.[1]);
    const offsets = readXref(bytes, startxref);
    if (!offsets) return undefined;
    const trailer = latin1.decode(
      bytes.subarray(startxref, Math.min(bytes.length, startxref + 64 + offsets.length * 20 + 512)),
    );
    const root = Number(/trailer\s*<<[\s\S]*?\/Root (\d+) 0 R/.exec(trailer)?.[1]);
    const size = Number(/trailer\s*<<[\s\S]*?\/Size (\d+)/.exec(trailer)?.[1]);
    if (!Number.isInteger(size) || size !== offsets.length) return undefined;
    const object = (n: number) => readObject(bytes, offsets, n);
    const catalog = object(root);
    if (!catalog?.includes('/Type /Catalog')) return undefined;

    const pages: number[] = [];
    const walk = (n: number, depth: number): boolean => {
      const node = object(n);
      if (!node || depth > 64) return false;
      if (/\/Type \/Pages\b/.test(node)) {
        const kids = /\/Kids \[([^\]]*)\]/.exec(node)?.[1] ?? '';
        return [...kids.matchAll(/(\d+) 0 R/g)].every((m) => walk(Number(m[1]), depth + 1));
      }
      pages.push(n);
      return true;
    };
    const pagesRoot = Number(/\/Pages (\d+) 0 R/.exec(catalog)?.[1]);
    if (!walk(pagesRoot, 0)) return undefined;

    const pageIndex = new Map(pages.map((n, i) => [n, i]));
    const destinations = new Map<string, number>();
    const destinationNames = new Map<string, PDFName>();
    const destsRef = /\/Dests (\d+) 0 R/.exec(catalog)?.[1];
    if (destsRef) {
      const dests = object(Number(destsRef));
      if (!dests) return undefined;
      for (const m of dests.matchAll(/\/([^\s/[\]<>()]+)\s*(?:\[\s*(\d+) 0 R|(\d+) 0 R)/g)) {
        const target = m[2] ? Number(m[2]) : Number(/\[\s*(\d+) 0 R/.exec(object(Number(m[3])) ?? '')?.[1]);
        const index = pageIndex.get(target);
        if (index !== undefined) {
          destinations.set(decodeName(m[1]!), index);
          destinationNames.set(decodeName(m[1]!), PDFName.of(rawName(m[1]!)));
        }
      }
    }
    return {
      pageCount: pages.length,
      destinations,
      destinationNames,
      pages,
      root,
      destsObject: destsRef ? Number(destsRef) : undefined,
      size,
      xrefOffset: startxref,
      offsets,
      objectText: object,
    };
  } catch {
    return undefined;
  }
}

function readXref(bytes: Uint8Array, at: number): number[] | undefined {
  const head = latin1.decode(bytes.subarray(at, at + 64));
  const m = /^xref\s+0 (\d+)\s+/.exec(head);
  if (!m) return undefined; // a cross-reference stream, or an incremental update: not Chromium's plain layout
  const count = Number(m[1]);
  const table = latin1.decode(bytes.subarray(at + m[0].length, at + m[0].length + count * 20));
  const offsets: number[] = [];
  for (let i = 0; i < count; i++) offsets.push(Number(table.slice(i * 20, i * 20 + 10)));
  return offsets;
}

function readObject(bytes: Uint8Array, offsets: number[], n: number): string | undefined {
  const at = offsets[n];
  if (!at) return undefined;
  // Dictionaries of interest are small; a /Dests of a large book is not, so read until endobj.
  let end = at + 4096;
  let text = latin1.decode(bytes.subarray(at, Math.min(bytes.length, end)));
  while (!text.includes('endobj') && end < bytes.length) {
    end += 1 << 20;
    text = latin1.decode(bytes.subarray(at, Math.min(bytes.length, end)));
  }
  const body = new RegExp(`^${n} 0 obj\\s*([\\s\\S]*?)endobj`).exec(text);
  return body?.[1];
}

/** A name as PDFName.of expects it: #xx escapes undone (it escapes again when writing). */
export function rawName(name: string): string {
  return name.replace(/#([0-9a-fA-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

/** PDF name escapes (#xx), then Chromium's percent-encoding of the id (UTF-8). */
function decodeName(name: string): string {
  const bytes = Uint8Array.from(rawName(name), (ch) => ch.charCodeAt(0) & 0xff);
  return percentDecoded(new TextDecoder().decode(bytes));
}
