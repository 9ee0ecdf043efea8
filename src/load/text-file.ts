/**
 * Source files are UTF-8 text. A file in another encoding (Big5, Latin-1, UTF-16) or with binary
 * data in it would otherwise turn into replacement characters somewhere in the outputs; here it is
 * an error naming the line and column of the first byte that is not UTF-8 text.
 */
import { isUtf8 } from 'node:buffer';
import { readFile } from 'node:fs/promises';
import { QuireError } from '../util/errors.ts';

const HINT = 'save the file as UTF-8 (in most editors: “Save with encoding” → UTF-8)';
// In watch mode a file can go between the folder being listed and the file being read.
const UNREADABLE_HINT =
  'if it was just removed or renamed, the next build will not look for it; else check its permissions';

/**
 * The file's text (a UTF-8 byte order mark dropped), or a QuireError at its first bad byte.
 * `unreadable` says what to do when the file cannot be read at all.
 */
export async function readTextFile(
  file: string,
  unreadable = { message: 'cannot read the file', hint: UNREADABLE_HINT },
): Promise<string> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(file);
  } catch (cause) {
    throw new QuireError(unreadable.message, { file, cause, hint: unreadable.hint });
  }
  return decodeText(bytes, file);
}

export function decodeText(bytes: Uint8Array, file: string): string {
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    throw new QuireError('the file is UTF-16, not UTF-8', { file, line: 1, hint: HINT });
  }
  const nul = bytes.indexOf(0);
  const bad = nul !== -1 ? nul : isUtf8(bytes) ? -1 : firstInvalidUtf8(bytes);
  if (bad !== -1) {
    const { line, column } = position(bytes, bad);
    const byte = `0x${bytes[bad]!.toString(16).padStart(2, '0')}`;
    throw new QuireError(
      nul === bad
        ? `binary data in a text file (a NUL byte at line ${line})`
        : `the file is not UTF-8 text (byte ${byte} at line ${line}, column ${column})`,
      {
        file,
        line,
        column,
        hint: nul === bad ? `remove the binary data, or move the file out of the book; ${HINT}` : HINT,
      },
    );
  }
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** Offset of the first byte that does not belong to a well-formed UTF-8 sequence (RFC 3629). */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  for (let i = 0; i < bytes.length;) {
    const b = bytes[i]!;
    let length: number;
    let min = 0x80;
    let max = 0xbf;
    if (b < 0x80) length = 1;
    else if (b >= 0xc2 && b <= 0xdf) length = 2;
    else if (b >= 0xe0 && b <= 0xef) {
      length = 3;
      if (b === 0xe0) min = 0xa0; // overlong
      if (b === 0xed) max = 0x9f; // surrogates
    } else if (b >= 0xf0 && b <= 0xf4) {
      length = 4;
      if (b === 0xf0) min = 0x90;
      if (b === 0xf4) max = 0x8f;
    } else return i;
    for (let k = 1; k < length; k++) {
      const c = bytes[i + k];
      if (c === undefined) return i;
      const lo = k === 1 ? min : 0x80;
      const hi = k === 1 ? max : 0xbf;
      if (c < lo || c > hi) return i;
    }
    i += length;
  }
  return -1;
}

/** 1-based line and column (in characters, as far as the line is valid) of a byte offset. */
function position(bytes: Uint8Array, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = bytes.indexOf(10); i !== -1 && i < offset; i = bytes.indexOf(10, i + 1)) {
    line++;
    lineStart = i + 1;
  }
  const before = Buffer.from(bytes.buffer, bytes.byteOffset + lineStart, offset - lineStart).toString('utf8');
  return { line, column: [...before].length + 1 };
}
