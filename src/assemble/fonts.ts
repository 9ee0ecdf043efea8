/**
 * The faces a document needs. Fontsource splits each CJK face into ~100 unicode-range subsets; a
 * document needs only those its characters fall in, in the families its languages' stacks reach
 * first for them (font-stacks.ts): smaller sites, and Chromium has fewer fonts to load before
 * printing. Each face's range is the file's real coverage (font-catalogue.ts), so the browser is
 * never pointed at a face that lacks a glyph.
 */
import { bundledFamilies, type FontFace, type FontFamily } from './font-catalogue.ts';
import { contextsOf, stackFor } from './font-stacks.ts';

export type { FontFace, FontFamily } from './font-catalogue.ts';

/** Every bundled face that is installed, in a fixed order. */
export const bundledFaces = (): FontFace[] => bundledFamilies().flatMap((f) => f.faces);

/** The faces needed to show `text` (see textOf). */
export const facesFor = (text: string, families?: FontFamily[]): FontFace[] => facesForPieces([text], families);

/** Separates a language tag kept by textOf from the text around it. */
const LANG_MARK = '\u0000';

/**
 * `facesFor` a text given in pieces (a long page's), without joining them. Each piece must end
 * between characters, not inside a surrogate pair. `language` is the document's when its text
 * does not start inside an element that says (an EPUB chapter's body).
 */
export function facesForPieces(
  pieces: Iterable<string>,
  families: FontFamily[] = bundledFamilies(),
  language?: string,
): FontFace[] {
  const seen = new Set<number>();
  const languages: string[] = language ? [language] : [];
  for (const text of pieces) {
    for (const [i, part] of text.split(LANG_MARK).entries()) {
      if (i % 2 === 1) {
        if (!languages.includes(part)) languages.push(part);
        continue;
      }
      for (const ch of part) seen.add(ch.codePointAt(0)!);
    }
  }
  const stacks = contextsOf(languages).flatMap((context) =>
    (['body', 'heading', 'mono'] as const).map((role) => stackFor(role, families, context)),
  );
  const needed = new Set<FontFace>();
  for (const cp of seen) {
    for (const stack of stacks) {
      for (const family of stack) {
        const faces = facesHolding(family, cp);
        if (faces.length === 0) continue;
        for (const face of faces) needed.add(face);
        break;
      }
    }
  }
  return families.flatMap((f) => f.faces).filter((face) => needed.has(face));
}

/** The family (of `families`, in order) that has a glyph for `cp`, if any. */
export function familyHolding(families: FontFamily[], cp: number): FontFamily | undefined {
  return families.find((f) => facesHolding(f, cp).length > 0);
}

/**
 * A family's faces by code point: ranges sorted by start, with the running maximum of their
 * ends, so a lookup is a binary search and a short walk back (faces of one weight do not overlap;
 * weights repeat the same ranges). Built when a family is first asked, kept with it.
 */
interface FamilyIndex {
  from: Int32Array;
  to: Int32Array;
  maxTo: Int32Array;
  face: FontFace[];
}

const indexes = new WeakMap<FontFamily, FamilyIndex>();

function indexOf(family: FontFamily): FamilyIndex {
  let index = indexes.get(family);
  if (index) return index;
  const spans = family.faces.flatMap((face) => face.ranges.map(([from, to]) => ({ from, to, face })));
  spans.sort((a, b) => a.from - b.from);
  index = {
    from: Int32Array.from(spans, (s) => s.from),
    to: Int32Array.from(spans, (s) => s.to),
    maxTo: new Int32Array(spans.length),
    face: spans.map((s) => s.face),
  };
  let max = -1;
  for (let i = 0; i < spans.length; i++) index.maxTo[i] = max = Math.max(max, index.to[i]!);
  indexes.set(family, index);
  return index;
}

function facesHolding(family: FontFamily, cp: number): FontFace[] {
  const { from, to, maxTo, face } = indexOf(family);
  let [low, high] = [0, from.length];
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (from[mid]! <= cp) low = mid + 1;
    else high = mid;
  }
  const out: FontFace[] = [];
  for (let i = low - 1; i >= 0 && maxTo[i]! >= cp; i--) if (to[i]! >= cp) out.push(face[i]!);
  return out;
}

/** `@font-face` rules for `faces`, with each file's URL from `urlOf`. */
export function fontFaceCss(faces: FontFace[], urlOf: (face: FontFace) => string): string {
  return faces
    .map(
      (f) =>
        `@font-face{font-family:'${f.family}';font-style:${f.style};font-weight:${f.weight};font-display:block;` +
        `src:url(${JSON.stringify(urlOf(f))})${formatOf(f.file)};unicode-range:${f.unicodeRange}}`,
    )
    .join('\n');
}

const formatOf = (file: string) => {
  const ext = /\.(woff2|woff|ttf|otf)$/i.exec(file)?.[1]?.toLowerCase();
  const format = { woff2: 'woff2', woff: 'woff', ttf: 'truetype', otf: 'opentype' }[ext ?? ''];
  return format ? ` format('${format}')` : '';
};

/**
 * What picks a document's fonts: its visible text (tags dropped, entities left), the `content`
 * strings of its styles (running heads, folios) and its `lang` attributes, each kept between NUL
 * marks (the root's first), which no HTML text holds.
 */
export function textOf(html: string): string {
  return html
    .replace(/<style\b[^>]*>([\s\S]*?)<\/style>/gi, (_, css: string) =>
      [...css.matchAll(/content:\s*([^;}]*)/g)].map((m) => m[1]).join(' '),
    )
    .replace(/<script\b[\s\S]*?<\/script>/gi, '')
    .replace(/<[^>]*>/g, (tag) => {
      const lang = /\slang\s*=\s*["']?([A-Za-z0-9-]+)/i.exec(tag)?.[1];
      return lang ? `${LANG_MARK}${lang}${LANG_MARK}` : '';
    });
}

/** `textOf` each piece of a document cut between tags (see assemble/pieces.ts), one at a time. */
export function* textsOf(pieces: Iterable<string | Buffer>): Generator<string> {
  for (const piece of pieces) yield textOf(piece.toString());
}
