/** A book's fonts: its own (book.yaml `fonts`), then Quire's bundled families. */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Book } from '../model.ts';
import type { FontConfig } from '../load/config-schema.ts';
import { configLine } from '../load/config-lines.ts';
import { QuireError } from '../util/errors.ts';
import { bundledFamilies, loadPackage, withRanges, type FontFace, type FontFamily } from './font-catalogue.ts';
import { fileCodePoints } from './font-coverage.ts';
import { fontStackCss } from './font-stacks.ts';
import { fontFaceCss } from './fonts.ts';
import { rangesOf } from './unicode-ranges.ts';

type BookFonts = Pick<Book, 'root' | 'config' | 'configFile'>;

/** Read once per loaded config: font files are read with fontkit, which takes a moment. */
const known = new WeakMap<object, FontFamily[]>();

export function bookFamilies(book: BookFonts): FontFamily[] {
  let families = known.get(book.config);
  if (!families) {
    families = [...userFamilies(book), ...bundledFamilies()];
    known.set(book.config, families);
  }
  return families;
}

/** The book's own families, faces of one family name gathered into one. */
function userFamilies(book: BookFonts): FontFamily[] {
  const byName = new Map<string, FontFamily>();
  book.config.fonts.forEach((font, i) => {
    const family = font.file ? fileFamily(book, font, i) : packageFamily(book, font, i);
    const same = byName.get(family.family);
    if (same) same.faces.push(...family.faces);
    else byName.set(family.family, family);
  });
  return [...byName.values()];
}

function fileFamily(book: BookFonts, font: FontConfig, i: number): FontFamily {
  const file = resolve(book.root, font.file!);
  const where = { file: book.configFile, line: configLine(book.configFile, ['fonts', i, 'file']) };
  if (!existsSync(file))
    throw new QuireError(`the font file \`${font.file}\` does not exist`, {
      ...where,
      hint: 'give the path of a font file relative to the book root',
    });
  let codePoints: number[];
  let ownName: string;
  try {
    ({ codePoints, name: ownName } = fileCodePoints(file));
  } catch (error) {
    if (!(error instanceof QuireError)) throw error;
    throw new QuireError(error.message, { ...where, hint: error.hint, cause: error.cause });
  }
  const family = font.family ?? ownName;
  const face: FontFace = withRanges(
    { family, weight: font.weight, style: font.style, file, ranges: [], unicodeRange: '' },
    rangesOf(codePoints),
  );
  return { family, role: 'serif', user: font.role, source: file, faces: [face] };
}

function packageFamily(book: BookFonts, font: FontConfig, i: number): FontFamily {
  const spec = { role: 'serif' as const, weights: [400, 700], italic: true };
  const found =
    loadPackage(font.package!, spec, pathToFileURL(join(book.root, 'package.json')).href) ??
    loadPackage(font.package!, spec);
  if (!found)
    throw new QuireError(`the font package \`${font.package}\` is not installed`, {
      file: book.configFile,
      line: configLine(book.configFile, ['fonts', i, 'package']),
      hint: `run \`npm install ${font.package}\` in the book’s folder (a package in the @fontsource layout: 400.css, 700.css …)`,
    });
  const family = font.family ?? found.family;
  const faces = found.faces.map((f) => ({ ...f, family }));
  return { family, role: 'serif', user: font.role, source: font.package!, faces };
}

/** Folders the book's own font files are in, for the print guard. */
export const userFontDirs = (book: BookFonts): string[] => [
  ...new Set(
    bookFamilies(book)
      .filter((f) => f.user)
      .flatMap((f) => f.faces.map((face) => dirname(face.file))),
  ),
];

/** The @font-face rules for `faces` and the stacks that use them, for a document of the book. */
export function bookFontCss(book: BookFonts, faces: FontFace[], urlOf: (face: FontFace) => string): string {
  return `${fontFaceCss(faces, urlOf)}\n${fontStackCss(book.config.language, bookFamilies(book))}`;
}

/** The same for the EPUB, whose own stylesheet names the reader's generic faces: its embedded fonts win. */
export const epubFontCss = (book: BookFonts, faces: FontFace[], urlOf: (face: FontFace) => string): string =>
  `${bookFontCss(book, faces, urlOf)}\nhtml { font-family: var(--font-body); }\n` +
  `h1, h2, h3, h4 { font-family: var(--font-heading); }\ncode, pre { font-family: var(--font-mono); }\n`;
