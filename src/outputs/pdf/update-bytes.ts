/**
 * The update's bytes (update.ts): the later parts joined from their bytes put aside in a file until
 * the book is written, and the book written with its update after it.
 */
import { closeSync, openSync, readSync } from 'node:fs';
import { open } from 'node:fs/promises';
import type { PDFObject } from 'pdf-lib';
import type { ObjectRun } from './join-part.ts';
import { serialize } from './merge.ts';

/** Runs still in memory written to the end of `path` (see startUpdate). */
export async function putAside(runs: ObjectRun[], path: string): Promise<void> {
  const pending = runs.filter((run) => !run.file);
  if (pending.length === 0) return;
  const file = await open(path, 'a');
  try {
    let at = (await file.stat()).size;
    for (const run of pending) {
      run.file = { path, at };
      for (const chunk of run.chunks) at += (await file.write(chunk)).bytesWritten;
      run.chunks = [];
    }
  } finally {
    await file.close();
  }
}

/**
 * A finished PDF in pieces, produced as it is written: a long book's update is as large as its
 * later parts, which wait on disk (putAside) and are read a slice at a time, never joined in memory.
 * Iterable again and again; valid while the files put aside are.
 */
export interface PdfPieces extends Iterable<Uint8Array> {
  length: number;
}

/** The pieces as one buffer, for a short file or a test. */
export const joined = (pdf: PdfPieces): Uint8Array => Buffer.concat([...pdf]);

/** Small objects are written in batches of about this size; a part on disk is read in slices of it. */
const SLICE = 1 << 20;

/**
 * Serialize objects after the original bytes, with their cross-reference section and trailer. A run
 * of objects (a part joined from its bytes, join-part.ts) is written as it is, between the objects
 * numbered before and after it, and takes one subsection of the cross-reference table.
 */
export function append(
  original: Uint8Array,
  objects: Map<number, PDFObject | Uint8Array>,
  trailer: { size: number; root: number; info: number; prev: number },
  runs: ObjectRun[] = [],
): PdfPieces {
  const END = '\nendobj\n';
  type Piece = { first: number; head: string; body: Uint8Array; run?: undefined } | { first: number; run: ObjectRun };
  const pieces: Piece[] = [];
  for (const [n, object] of objects) {
    pieces.push({ first: n, head: `${n} 0 obj\n`, body: object instanceof Uint8Array ? object : serialize(object) });
  }
  for (const run of runs) pieces.push({ first: run.first, run });
  pieces.sort((a, b) => a.first - b.first);
  const starts: number[] = [];
  let offset = original.length + 1;
  const xref = ['xref\n'];
  const entry = (offset: number) => `${String(offset).padStart(10, '0')} 00000 n \n`;
  for (const piece of pieces) {
    starts.push(offset);
    offset += piece.run ? piece.run.length : piece.head.length + piece.body.length + END.length;
    xref.push(`${piece.first} ${piece.run?.offsets.length ?? 1}\n`);
    if (piece.run) for (const o of piece.run.offsets) xref.push(entry(starts.at(-1)! + o));
    else xref.push(entry(starts.at(-1)!));
  }
  const tail = [
    'trailer',
    `<</Size ${trailer.size} /Root ${trailer.root} 0 R /Info ${trailer.info} 0 R /Prev ${trailer.prev}>>`,
    'startxref',
    String(offset),
    '%%EOF',
    '',
  ].join('\n');
  const xrefBytes = Buffer.from(xref.join('') + tail, 'latin1');
  return { length: offset + xrefBytes.length, [Symbol.iterator]: () => written(original, pieces, xrefBytes, END) };
}

function* written(
  original: Uint8Array,
  pieces: ({ head: string; body: Uint8Array; run?: undefined } | { run: ObjectRun })[],
  xref: Uint8Array,
  END: string,
): Generator<Uint8Array> {
  yield original;
  let batch: Uint8Array[] = [Buffer.from('\n', 'latin1')];
  let size = 1;
  const flush = function* () {
    if (batch.length > 0) yield Buffer.concat(batch);
    [batch, size] = [[], 0];
  };
  for (const piece of pieces) {
    if (!piece.run) {
      batch.push(Buffer.from(piece.head, 'latin1'), piece.body, Buffer.from(END, 'latin1'));
      size += piece.head.length + piece.body.length + END.length;
      if (size >= SLICE) yield* flush();
      continue;
    }
    yield* flush();
    const { file, chunks, length } = piece.run;
    if (!file) {
      yield* chunks;
      continue;
    }
    const fd = openSync(file.path, 'r');
    try {
      for (let read = 0; read < length;) {
        const slice = Buffer.allocUnsafe(Math.min(SLICE, length - read));
        const n = readSync(fd, slice, 0, slice.length, file.at + read);
        if (n === 0) throw new Error(`${file.path} ends before a joined part`);
        yield n === slice.length ? slice : slice.subarray(0, n);
        read += n;
      }
    } finally {
      closeSync(fd);
    }
  }
  yield* flush();
  yield xref;
}
