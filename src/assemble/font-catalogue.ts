/**
 * The fonts Quire bundles, all from npm (@fontsource packages of woff2 files with TrueType
 * outlines, which Chromium embeds as CID TrueType: never Type 3, never a system font). Each
 * package splits its font into unicode-range subsets; the ranges its CSS declares are not what
 * its files hold (the TC packages list thousands of Simplified-only characters they have no glyph
 * for), so each face's range is cut down to the file's real coverage (font-coverage.ts).
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { packageGaps } from './font-coverage.ts';
import { formatRanges, parseUnicodeRange, subtractPoints, type Ranges } from './unicode-ranges.ts';

/** What a family is for: text faces by style, and the fallbacks every stack ends with. */
export type FontRole = 'serif' | 'sans' | 'mono' | 'symbol' | 'emoji';
import { REGIONS, type Region } from '../util/languages.ts';

export { REGIONS, type Region };

export interface FontFace {
  family: string;
  weight: number;
  style: string;
  /** Inclusive code point ranges the file really has glyphs for (within what its CSS declares). */
  ranges: Ranges;
  /** `ranges` as a CSS unicode-range. */
  unicodeRange: string;
  /** Absolute path of the font file. */
  file: string;
}

export interface FontFamily {
  family: string;
  role: FontRole;
  region?: Region;
  /** The npm package or file it comes from, for messages. */
  source: string;
  /** A book's own font (book.yaml `fonts`): the role it comes first in. */
  user?: 'body' | 'heading' | 'mono' | 'fallback';
  faces: FontFace[];
}

interface FamilySpec {
  pkg: string;
  role: FontRole;
  region?: Region;
  weights: number[];
  italic?: boolean;
}

const CJK_PACKAGES: Record<Region, string> = {
  'zh-Hans': 'sc',
  'zh-Hant': 'tc',
  'zh-HK': 'hk',
  ja: 'jp',
  ko: 'kr',
};

/** Every family Quire knows, in no particular order (font-stacks.ts orders them per language). */
export const BUNDLED: FamilySpec[] = [
  { pkg: '@fontsource/noto-serif', role: 'serif', weights: [400, 700], italic: true },
  { pkg: '@fontsource/noto-sans', role: 'sans', weights: [400, 700], italic: true },
  { pkg: '@fontsource/noto-sans-mono', role: 'mono', weights: [400, 700] },
  // Box drawing, block elements and arrows at the width of code (Noto Sans Mono has none).
  { pkg: '@fontsource/dejavu-mono', role: 'mono', weights: [400, 700] },
  ...REGIONS.flatMap((region): FamilySpec[] => [
    { pkg: `@fontsource/noto-serif-${CJK_PACKAGES[region]}`, role: 'serif', region, weights: [400, 700] },
    { pkg: `@fontsource/noto-sans-${CJK_PACKAGES[region]}`, role: 'sans', region, weights: [400, 700] },
  ]),
  { pkg: '@fontsource/noto-emoji', role: 'emoji', weights: [400, 700] },
  { pkg: '@fontsource/noto-sans-symbols-2', role: 'symbol', weights: [400] },
  { pkg: '@fontsource/noto-sans-symbols', role: 'symbol', weights: [400, 700] },
  { pkg: '@fontsource/noto-sans-math', role: 'symbol', weights: [400] },
];

/** The npm package that holds a region's fonts, for hints. */
export const regionPackages = (region: Region): string[] =>
  BUNDLED.filter((s) => s.region === region).map((s) => s.pkg);

/**
 * The bundled families that are installed (the CJK packages are optional dependencies). Read once
 * per process and kept: installed packages do not change while Quire runs.
 */
let installed: FontFamily[] | undefined;
export function bundledFamilies(): FontFamily[] {
  installed ??= BUNDLED.flatMap((spec) => {
    const family = loadPackage(spec.pkg, spec);
    return family ? [family] : [];
  });
  return installed;
}

/**
 * A fontsource package's family, or undefined when it is not installed. Its faces (with their real
 * coverage) are read when first asked for: a book in one script never needs most of them.
 */
export function loadPackage(
  pkg: string,
  spec: Omit<FamilySpec, 'pkg'>,
  from: string = import.meta.url,
  options: { declaredOnly?: boolean } = {},
): FontFamily | undefined {
  const dir = packageDir(pkg, from);
  if (!dir) return undefined;
  const css = spec.weights
    .flatMap((w) => [`${w}.css`, ...(spec.italic ? [`${w}-italic.css`] : [])])
    .filter((name) => existsSync(join(dir, name)));
  const first = css[0] && /font-family:\s*'([^']+)'/.exec(readFileSync(join(dir, css[0]), 'utf8'))?.[1];
  if (!first) return undefined;
  let faces: FontFace[] | undefined;
  const load = (): FontFace[] => {
    const declared = css.flatMap((name) => parseFontsourceCss(readFileSync(join(dir, name), 'utf8'), dir));
    if (options.declaredOnly) return declared;
    const { version } = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { version: string };
    const gaps = packageGaps(pkg, version, declared);
    return declared
      .map((face) => withRanges(face, subtractPoints(face.ranges, gaps.get(face.file) ?? [])))
      .filter((face) => face.ranges.length > 0);
  };
  return {
    family: first,
    role: spec.role,
    region: spec.region,
    source: pkg,
    get faces() {
      return (faces ??= load());
    },
  };
}

function packageDir(pkg: string, from: string): string | undefined {
  try {
    return dirname(createRequire(from).resolve(`${pkg}/package.json`));
  } catch {
    return undefined;
  }
}

export const withRanges = (face: FontFace, ranges: Ranges): FontFace => ({
  ...face,
  ranges,
  unicodeRange: formatRanges(ranges),
});

/** The @font-face rules of a fontsource CSS file, as declared (woff2 sources only). */
export function parseFontsourceCss(css: string, dir: string): FontFace[] {
  const faces: FontFace[] = [];
  for (const block of css.matchAll(/@font-face\s*{([^}]*)}/g)) {
    const body = block[1]!;
    const get = (prop: string) => new RegExp(`${prop}:\\s*([^;]+);`).exec(body)?.[1]?.trim() ?? '';
    const woff2 = /url\(\.\/([^)]+\.woff2)\)/.exec(body)?.[1];
    if (!woff2) continue;
    const unicodeRange = get('unicode-range') || 'U+0-10FFFF';
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
