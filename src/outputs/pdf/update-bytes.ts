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
 * Serialize objects after the original bytes, with their cross-reference section and trailer,
 * straight into the file's bytes (a long book's update is as large as its later parts). A run of
 * objects (a part joined from its bytes, join-part.ts) is written as it is, between the objects
 * numbered before and after it, and takes one subsection of the cross-reference table.
 */
export function append(
  original: Uint8Array,
  objects: Map<number, PDFObject | Uint8Array>,
  trailer: { size: number; root: number; info: number; prev: number },
  runs: ObjectRun[] = [],
): Uint8Array {
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
  let xrefLength = 'xref\n'.length;
  for (const piece of pieces) {
    starts.push(offset);
    offset += piece.run ? piece.run.length : piece.head.length + piece.body.length + END.length;
    const count = piece.run?.offsets.length ?? 1;
    xrefLength += `${piece.first} ${count}\n`.length + 20 * count;
  }
  const xrefOffset = offset;
  const tail = [
    'trailer',
    `<</Size ${trailer.size} /Root ${trailer.root} 0 R /Info ${trailer.info} 0 R /Prev ${trailer.prev}>>`,
    'startxref',
    String(xrefOffset),
    '%%EOF',
    '',
  ].join('\n');
  const out = Buffer.allocUnsafe(xrefOffset + xrefLength + tail.length);
  out.set(original, 0);
  let at = original.length;
  at += out.write('\n', at, 'latin1');
  const files = new Map<string, number>();
  try {
    for (const piece of pieces) {
      if (!piece.run) {
        at += out.write(piece.head, at, 'latin1');
        out.set(piece.body, at);
        at += piece.body.length;
        at += out.write(END, at, 'latin1');
        continue;
      }
      const { file, chunks, length } = piece.run;
      if (file) {
        if (!files.has(file.path)) files.set(file.path, openSync(file.path, 'r'));
        for (let read = 0; read < length;) {
          const n = readSync(files.get(file.path)!, out, at + read, length - read, file.at + read);
          if (n === 0) throw new Error(`${file.path} ends before a joined part`);
          read += n;
        }
      } else chunks.reduce((to, chunk) => (out.set(chunk, to), to + chunk.length), at);
      at += length;
    }
  } finally {
    for (const fd of files.values()) closeSync(fd);
  }
  at += out.write('xref\n', at, 'latin1');
  const entry = (offset: number) => (at += out.write(`${String(offset).padStart(10, '0')} 00000 n \n`, at, 'latin1'));
  pieces.forEach((piece, i) => {
    at += out.write(`${piece.first} ${piece.run?.offsets.length ?? 1}\n`, at, 'latin1');
    if (piece.run) for (const o of piece.run.offsets) entry(starts[i]! + o);
    else entry(starts[i]!);
  });
  out.write(tail, at, 'latin1');
  return new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
}
