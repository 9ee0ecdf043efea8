/**
 * Which code points each font file really has, read from its cmap with fontkit. Reading every
 * bundled file takes about 15 s, so the gaps (characters a face's CSS declares but its file lacks)
 * of the installed package versions are precomputed in font-coverage.json (`npm run fonts:coverage`
 * writes it); a package of another version is read once and its gaps kept in the user's cache
 * (util/user-cache.ts).
 */
import { existsSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { createRequire } from 'node:module';
import type * as Fontkit from 'fontkit';
import { QuireError } from '../util/errors.ts';
import { UserCache } from '../util/user-cache.ts';
import { packRanges, rangesOf, unpackRanges, type Ranges } from './unicode-ranges.ts';

/** Gaps by package@version, then by file name: only files with gaps are listed. */
export type GapTable = Record<string, Record<string, string>>;

export const TABLE_FILE = join(import.meta.dirname, 'font-coverage.json');

interface DeclaredFace {
  file: string;
  ranges: Ranges;
}

/** The gaps of each face of a package (by file path): declared code points its file has no glyph for. */
export function packageGaps(pkg: string, version: string, faces: DeclaredFace[]): Map<string, Ranges> {
  const key = `${pkg}@${version}`;
  const known = readTable()[key] ?? cachedGaps(key, () => computeGaps(faces));
  return new Map(faces.map((f) => [f.file, unpackRanges(known[basename(f.file)] ?? '')]));
}

/** The gaps of each face, packed, keyed by file name (faces without gaps left out). */
export function computeGaps(faces: DeclaredFace[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const face of faces) {
    const has = new Set(fileCodePoints(face.file).codePoints);
    const gaps: number[] = [];
    for (const [from, to] of face.ranges) for (let cp = from; cp <= to; cp++) if (!has.has(cp)) gaps.push(cp);
    if (gaps.length) out[basename(face.file)] = packRanges(rangesOf(gaps));
  }
  return out;
}

/** Every code point a font file maps to a glyph (TrueType, OpenType, WOFF or WOFF2), and its family name. */
export function fileCodePoints(file: string): { codePoints: number[]; name: string } {
  try {
    // Loaded only when a file is read at all (it takes a good part of a second to load).
    const fontkit = createRequire(import.meta.url)('fontkit') as typeof Fontkit;
    const font = fontkit.create(readFileSync(file));
    if (!('characterSet' in font)) throw new Error('a font collection: name one font of it');
    return { codePoints: font.characterSet, name: font.familyName };
  } catch (cause) {
    throw new QuireError(`cannot read the font file \`${file}\``, {
      file,
      cause,
      hint: 'give a TrueType (.ttf), OpenType (.otf), WOFF or WOFF2 font file',
    });
  }
}

let table: GapTable | undefined;
function readTable(): GapTable {
  table ??= existsSync(TABLE_FILE) ? (JSON.parse(readFileSync(TABLE_FILE, 'utf8')) as GapTable) : {};
  return table;
}

/** Gaps read from the cache, else computed and kept there (a version the table lacks is rare). */
function cachedGaps(key: string, compute: () => Record<string, string>): Record<string, string> {
  const cache = new UserCache();
  const kept = cache.get('font-coverage', key)?.data;
  if (kept) {
    try {
      return JSON.parse(kept.toString('utf8')) as Record<string, string>;
    } catch {
      // written by another version of Quire: computed again below
    }
  }
  const gaps = compute();
  cache.put('font-coverage', key, JSON.stringify(gaps));
  return gaps;
}
