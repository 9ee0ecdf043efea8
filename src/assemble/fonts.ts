/**
 * The book's fonts come from npm (@fontsource), so a PDF paginates the same on every machine
 * and no glyph falls back to a system font. Fontsource splits each CJK face into ~100
 * unicode-range subsets; a book needs only those its characters fall in, so we keep just
 * those faces: smaller sites, and Chromium has fewer fonts to load before printing.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

export interface FontFace {
  family: string;
  weight: number;
  style: string;
  /** Inclusive code point ranges. */
  ranges: [number, number][];
  unicodeRange: string;
  /** Absolute path of the .woff2 file. */
  file: string;
}

/** The families and weights the default stylesheets use. */
const BUNDLED = [
  { pkg: '@fontsource/noto-serif-tc', weights: [400, 700] },
  { pkg: '@fontsource/noto-sans-tc', weights: [400, 700] },
  { pkg: '@fontsource/noto-sans-mono', weights: [400, 700] },
];

let allFaces: FontFace[] | undefined;

/** Every bundled face. Parsed once per process: the packages do not change while it runs. */
export function bundledFaces(): FontFace[] {
  if (allFaces) return allFaces;
  const require = createRequire(import.meta.url);
  allFaces = BUNDLED.flatMap(({ pkg, weights }) => {
    const dir = dirname(require.resolve(`${pkg}/package.json`));
    return weights.flatMap((w) => parseFontsourceCss(readFileSync(join(dir, `${w}.css`), 'utf8'), dir));
  });
  return allFaces;
}

export function parseFontsourceCss(css: string, dir: string): FontFace[] {
  const faces: FontFace[] = [];
  for (const block of css.matchAll(/@font-face\s*{([^}]*)}/g)) {
    const body = block[1]!;
    const get = (prop: string) => new RegExp(`${prop}:\\s*([^;]+);`).exec(body)?.[1]?.trim() ?? '';
    const woff2 = /url\(\.\/([^)]+\.woff2)\)/.exec(body)?.[1];
    if (!woff2) continue;
    const unicodeRange = get('unicode-range');
    faces.push({
      family: get('font-family').replace(/['"]/g, ''),
      weight: Number(get('font-weight')) || 400,
      style: get('font-style') || 'normal',
      unicodeRange,
      ranges: parseUnicodeRange(unicodeRange),
      file: join(dir, woff2),
    });
  }
  return faces;
}

function parseUnicodeRange(value: string): [number, number][] {
  return value
    .split(',')
    .map((part) => part.trim().replace(/^U\+/i, ''))
    .filter(Boolean)
    .map((part) => {
      const [from, to] = part.split('-');
      const start = parseInt(from!.replace(/\?/g, '0'), 16);
      const end = to ? parseInt(to, 16) : parseInt(from!.replace(/\?/g, 'f'), 16);
      return [start, end];
    });
}

/** The faces needed to show `text`: those whose range holds at least one of its characters. */
export const facesFor = (text: string): FontFace[] => facesForPieces([text]);

/**
 * `facesFor` a text given in pieces (a long page's), without joining them. Each piece must end
 * between characters, not inside a surrogate pair.
 */
export function facesForPieces(pieces: Iterable<string>): FontFace[] {
  const seen = new Set<number>();
  for (const text of pieces) {
    for (let i = 0; i < text.length; i++) {
      const cp = text.codePointAt(i)!;
      seen.add(cp);
      if (cp > 0xffff) i++;
    }
  }
  const { byCodePoint, wide } = coverage();
  const needed = new Set<string>();
  for (const cp of seen) for (const range of byCodePoint.get(cp) ?? []) needed.add(range);
  const used = Uint32Array.from(seen).sort();
  for (const w of wide) {
    if (needed.has(w.range)) continue;
    const i = firstAtLeast(used, w.from);
    if (i < used.length && used[i]! <= w.to) needed.add(w.range);
  }
  return bundledFaces().filter((face) => needed.has(face.unicodeRange));
}

/**
 * Which unicode-range each code point falls in. The ranges are mostly lists of single characters
 * (thousands per CJK subset), so looking each character of a page up beats testing every range;
 * the few wide ranges (whole blocks) are tested against the page's sorted characters instead.
 */
interface Coverage {
  byCodePoint: Map<number, string[]>;
  wide: { from: number; to: number; range: string }[];
}

let coverageIndex: Coverage | undefined;

function coverage(): Coverage {
  if (coverageIndex) return coverageIndex;
  const byCodePoint = new Map<number, string[]>();
  const wide: Coverage['wide'] = [];
  // Faces of the same subset share one unicode-range across weights and families: index each once.
  const ranges = new Map(bundledFaces().map((f) => [f.unicodeRange, f.ranges]));
  for (const [range, spans] of ranges) {
    for (const [from, to] of spans) {
      if (to - from >= 256) {
        wide.push({ from, to, range });
        continue;
      }
      for (let cp = from; cp <= to; cp++) {
        const list = byCodePoint.get(cp);
        if (!list) byCodePoint.set(cp, [range]);
        else if (!list.includes(range)) list.push(range);
      }
    }
  }
  coverageIndex = { byCodePoint, wide };
  return coverageIndex;
}

function firstAtLeast(sorted: Uint32Array, value: number): number {
  let [low, high] = [0, sorted.length];
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (sorted[mid]! < value) low = mid + 1;
    else high = mid;
  }
  return low;
}

/** `@font-face` rules for `faces`, with each file's URL from `urlOf`. */
export function fontFaceCss(faces: FontFace[], urlOf: (face: FontFace) => string): string {
  return faces
    .map(
      (f) =>
        `@font-face{font-family:'${f.family}';font-style:${f.style};font-weight:${f.weight};font-display:block;` +
        `src:url(${JSON.stringify(urlOf(f))}) format('woff2');unicode-range:${f.unicodeRange}}`,
    )
    .join('\n');
}

/** The visible text of an HTML document, near enough to pick fonts (tags dropped, entities left). */
export function textOf(html: string): string {
  return html.replace(/<(script|style)\b[\s\S]*?<\/\1>/gi, '').replace(/<[^>]*>/g, '');
}

/** `textOf` each piece of a document cut between tags (see assemble/pieces.ts), one at a time. */
export function* textsOf(pieces: Iterable<string | Buffer>): Generator<string> {
  for (const piece of pieces) yield textOf(piece.toString());
}
