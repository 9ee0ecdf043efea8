/**
 * A later part joined to the book from its bytes (see merge.ts for what the join does): the part's
 * cross-reference table is read (scan.ts), the objects its kept pages, tags and destinations reach
 * are copied as Chromium wrote them with their references renumbered into the book's (pdf-syntax.ts),
 * and they go into the update as one run of bytes. pdf-lib would make JavaScript objects of every
 * object of the part (a 445-page part was some 50,000 of them, hundreds of megabytes); this holds
 * the part's bytes and their copy, and reads as values only the catalog, the trees and the few
 * elements it must look into.
 */
import { PDFInvalidObject, PDFName, PDFRef, type PDFObject } from 'pdf-lib';
import { isPageMark } from '../../assemble/page-marks.ts';
import type { JoinState, PartPrint } from './merge.ts';
import { Ref, rewrite, Str, writeValue, type Value } from './pdf-syntax.ts';
import { onlyOn, pageTreeNodes, partObjects, treeEntries, type PartObjects } from './part-objects.ts';
import { rawName, scanPdf, type PdfScan } from './scan.ts';

/** Objects numbered `first`, `first + 1`, … written one after another (`n 0 obj … endobj`). */
export interface ObjectRun {
  first: number;
  /** Its bytes in pieces (never copied into one), or none once put aside in a file (update.ts). */
  chunks: Uint8Array[];
  length: number;
  /** Where each object starts in the run. */
  offsets: Uint32Array;
  /** The file it was put aside in, and where in it. */
  file?: { path: string; at: number };
}

/** Chromium names tagged elements `node` and eight digits; the joined book numbers them on. */
export const idName = (n: number) => `node${String(n + 1).padStart(8, '0')}`;

/**
 * Append the part to the book from its bytes; false if it cannot be read that way (not Chromium's
 * plain layout, or anything unexpected in it), and then nothing of the book has changed.
 */
export function joinPart(state: JoinState, part: PartPrint): boolean {
  const scan = scanPdf(part.bytes);
  if (!scan) return false;
  let joined: Joined;
  try {
    joined = readPart(state, part, scan);
  } catch {
    return false;
  }
  commit(state, joined);
  return true;
}

/** What the part adds to the book, gathered before anything of the book changes. */
interface Joined {
  run: ObjectRun;
  pages: number[];
  elements: PDFObject[];
  parentTree: [number, PDFObject][];
  ids: number;
  idTree: [string, PDFObject][];
  dests: [PDFName, PDFObject][];
}

const raw = (text: string): PDFObject => PDFInvalidObject.of(Buffer.from(text, 'latin1'));

/**
 * The part read and copied. One function on purpose: every step (pages, tags, parent-tree keys,
 * element ids, destinations) renumbers through the same map, filled as the objects are reached.
 */
function readPart(state: JoinState, part: PartPrint, scan: PdfScan): Joined {
  const objects = partObjects(part.bytes, scan);
  const read = objects.read;
  const resolve = (v: Value | undefined) => (v instanceof Ref ? read(v.n) : v);
  const catalog = read(scan.root) as Map<string, Value>;
  const first = state.context.largestObjectNumber + 1;
  let next = first + 1; // `first` is the part's own node in the book's page tree
  // Their objects by our number, in the order they are numbered (and written).
  const queue: number[] = [];
  const numbers = new Map<number, number>();
  const number = (n: number) => {
    let ours = numbers.get(n);
    if (ours === undefined) {
      numbers.set(n, (ours = next++));
      queue.push(n);
    }
    return ours;
  };
  const theirPages = scan.pages;
  const kept = theirPages.slice(part.first, part.first + part.count);
  const ours = kept.map(number);
  // Not copied but referred to: their page tree (a node of its own), their structure root and
  // Document element (ours take their children), and the blank pages before the part.
  const pagesRoot = catalog.get('/Pages') as Ref;
  for (const node of pageTreeNodes(read, pagesRoot.n)) numbers.set(node, first);
  const theirStruct = catalog.get('/StructTreeRoot');
  const structDict = resolve(theirStruct) as Map<string, Value> | undefined;
  const theirDocument = structDict?.get('/K');
  if (theirStruct instanceof Ref && state.structRef) numbers.set(theirStruct.n, state.structRef.objectNumber);
  if (theirDocument instanceof Ref && state.documentRef instanceof PDFRef)
    numbers.set(theirDocument.n, state.documentRef.objectNumber);
  const dropped = new Set(theirPages.slice(0, part.first));
  for (const page of dropped) numbers.set(page, ours[0]!);

  const shift = state.nextKey;
  const ids = new Map<string, string>();
  const how = {
    ref: number,
    shift,
    // Element ids continue after the book's, and so do the references to them (a cell's /Headers).
    id: (text: string) => {
      if (!ids.has(text)) ids.set(text, `(${idName(state.nextId + ids.size)})`);
      return ids.get(text)!;
    },
  };
  const copy = (v: Value): PDFObject => {
    if (v instanceof Ref) return PDFRef.of(number(v.n));
    const text = writeValue(v);
    return raw(rewrite(text, 0, text.length, how).text);
  };

  // Tags: their Document element's children that hold content of the kept pages.
  const documentDict = resolve(theirDocument);
  const k = documentDict instanceof Map ? documentDict.get('/K') : undefined;
  const resolvedKids = resolve(k);
  const theirKids = Array.isArray(resolvedKids) ? resolvedKids : k === undefined ? [] : [k];
  const elements: PDFObject[] = [];
  for (const kid of theirKids) {
    if (!onlyOn(read, kid, dropped)) elements.push(copy(kid));
  }
  // The blank pages' own keys (their content and links) are left out with them.
  const droppedKeys = new Set<number>();
  for (const page of dropped) {
    const dict = read(page) as Map<string, Value>;
    const key = dict.get('/StructParents');
    if (typeof key === 'number') droppedKeys.add(key);
    const annots = resolve(dict.get('/Annots'));
    for (const annot of Array.isArray(annots) ? annots : []) {
      const k = (resolve(annot) as Map<string, Value>).get('/StructParent');
      if (typeof k === 'number') droppedKeys.add(k);
    }
  }
  const parentTree: [number, PDFObject][] = [];
  for (const [key, value] of treeEntries(resolve, structDict?.get('/ParentTree'), '/Nums')) {
    if (typeof key !== 'number' || droppedKeys.has(key)) continue;
    parentTree.push([key + shift, copy(value)]);
  }
  const idEntries: [Str, PDFObject][] = [];
  for (const [text, value] of treeEntries(resolve, structDict?.get('/IDTree'), '/Names')) {
    if (text instanceof Str && !onlyOn(read, value, dropped)) idEntries.push([text, copy(value)]);
  }

  // Their named destinations, on our pages.
  const dests: [PDFName, PDFObject][] = [];
  const theirDests = resolve(catalog.get('/Dests'));
  const pageIndex = new Map(theirPages.map((p, i) => [p, i]));
  for (const [key, value] of theirDests instanceof Map ? theirDests : []) {
    const destName = PDFName.of(rawName(key.slice(1)));
    // Page marks are read from the part's print (pdf.ts); the finished book has no use for them.
    if (isPageMark(destName.decodeText())) continue;
    const array = resolve(value);
    if (!Array.isArray(array) || !(array[0] instanceof Ref)) continue;
    const index = pageIndex.get(array[0].n) ?? -1;
    if (index < part.first) continue;
    dests.push([destName, raw(writeValue([new Ref(ours[index - part.first]!), ...array.slice(1)]))]);
  }

  const node = `<</Type /Pages\n/Parent ${state.pagesRoot.objectNumber} 0 R\n/Kids [${ours.map((n) => `${n} 0 R`).join(' ')}]\n/Count ${ours.length}>>`;
  const run = writeRun(first, node, queue, objects, how, numbers);
  return {
    run,
    pages: ours,
    elements,
    parentTree,
    ids: ids.size,
    idTree: idEntries.map(([text, value]) => [unquote(ids.get(text.raw) ?? text.raw), value]),
    dests,
  };
}

function commit(state: JoinState, joined: Joined): void {
  const { run } = joined;
  state.context.largestObjectNumber = run.first + run.offsets.length - 1;
  state.runs.push(run);
  state.kids.push(PDFRef.of(run.first));
  state.pageRefs.push(...joined.pages.map((n) => PDFRef.of(n)));
  for (const element of joined.elements) state.elements?.push(element);
  for (const entry of joined.parentTree) {
    state.parentTree.push(entry);
    state.nextKey = Math.max(state.nextKey, entry[0] + 1);
  }
  state.nextId += joined.ids;
  state.idTree.push(...joined.idTree);
  for (const [name, value] of joined.dests) state.dests?.set(name, value);
}

/** A literal string's text, as pdf-lib's PDFString.asString gives it (the id tree's keys). */
const unquote = (text: string) => (text.startsWith('(') ? text.slice(1, -1) : text);

/**
 * The objects numbered in `queue` (their numbers; ours follow `first` in the same order), each
 * written with its references renumbered and a stream's data copied as it is, after our page tree
 * node. Objects reached while writing are numbered and queued, so they are written in the same run.
 */
function writeRun(
  first: number,
  node: string,
  queue: number[],
  objects: PartObjects,
  how: Parameters<typeof rewrite>[3],
  numbers: Map<number, number>,
): ObjectRun {
  const chunks: Buffer[] = [];
  let text = `${first} 0 obj\n${node}\nendobj\n`;
  let length = 0;
  const offsets: number[] = [0];
  const flush = () => {
    const chunk = Buffer.from(text, 'latin1');
    chunks.push(chunk);
    length += chunk.length;
    text = '';
  };
  for (let q = 0; q < queue.length; q++) {
    const theirs = queue[q]!;
    offsets.push(length + text.length);
    const { value, tail } = objects.rewritten(theirs, how);
    text += `${numbers.get(theirs)} 0 obj${value}`;
    if (tail.length > 256) {
      flush();
      chunks.push(tail);
      length += tail.length;
    } else text += tail.toString('latin1');
    text += '\n';
    if (text.length > 1 << 20) flush();
  }
  flush();
  return { first, chunks, length, offsets: Uint32Array.from(offsets) };
}
