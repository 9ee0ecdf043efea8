/**
 * Characters no font of the book has. Chromium would draw them with whatever the system has (a
 * Type 3 font, different on every machine) or as empty boxes, so each is reported where the
 * source holds it, instead of being left to chance.
 */
import { readFileSync } from 'node:fs';
import { fileLine, type Book, type Chapter } from '../model.ts';
import { configLine } from '../load/config-lines.ts';
import { QuireError } from '../util/errors.ts';
import { BUNDLED, bundledFamilies, type FontFamily } from './font-catalogue.ts';
import { bookFamilies } from './book-fonts.ts';
import { familyHolding } from './fonts.ts';

/** Controls, format characters (joiners, soft hyphens), line separators and variation selectors: no glyph of their own. */
const NO_GLYPH = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\u{FE00}-\u{FE0F}\u{E0100}-\u{E01EF}]/u;

/** Lines reported per chapter before the rest are summed up in one more warning. */
const MAX_LINES = 20;

export function missingGlyphWarnings(book: Book, families: FontFamily[] = bookFamilies(book)): QuireError[] {
  const known = new Map<number, boolean>();
  const missing = (text: string): string[] => {
    const out = new Set<string>();
    for (const ch of text) {
      const cp = ch.codePointAt(0)!;
      if (cp < 0x7f || NO_GLYPH.test(ch)) continue;
      let has = known.get(cp);
      if (has === undefined) known.set(cp, (has = familyHolding(families, cp) !== undefined));
      if (!has) out.add(ch);
    }
    return [...out];
  };
  const hint = missingHint();
  const warning = (chars: string[], file: string, line: number | undefined) =>
    new QuireError(`no font of the book has ${describe(chars)}: they would print as empty boxes`, {
      file,
      line,
      hint,
    });

  const warnings: QuireError[] = [];
  for (const key of ['title', 'subtitle', 'authors', 'description', 'publisher', 'rights'] as const) {
    const value = book.config[key];
    const chars = missing(Array.isArray(value) ? value.join(' ') : (value ?? ''));
    if (chars.length) warnings.push(warning(chars, book.configFile, configLine(book.configFile, [key])));
  }
  for (const chapter of book.chapters) warnings.push(...chapterWarnings(chapter, missing, warning));
  return warnings;
}

function chapterWarnings(
  chapter: Chapter,
  missing: (text: string) => string[],
  warning: (chars: string[], file: string, line: number | undefined) => QuireError,
): QuireError[] {
  const found: { line: number; chars: string[] }[] = [];
  const titleChars = missing(chapter.title);
  if (titleChars.length && !chapter.titleFromHeading) found.push({ line: titleLine(chapter), chars: titleChars });
  // HTML comments print nothing: their text needs no font.
  const body = chapter.body.replace(/<!--[\s\S]*?-->/g, (c) => c.replace(/[^\n]/g, ' '));
  body.split('\n').forEach((text, i) => {
    const chars = missing(text);
    if (chars.length) found.push({ line: fileLine(chapter, i), chars });
  });
  const warnings = found.slice(0, MAX_LINES).map((f) => warning(f.chars, chapter.file, f.line));
  if (found.length > MAX_LINES) {
    const rest = [...new Set(found.slice(MAX_LINES).flatMap((f) => f.chars))];
    warnings.push(
      new QuireError(`${found.length - MAX_LINES} more lines hold characters no font of the book has`, {
        file: chapter.file,
        line: found[MAX_LINES]!.line,
        hint: `they are ${describe(rest)}; ${warnings[0]!.hint}`,
      }),
    );
  }
  return warnings;
}

/** The front matter line that gives the title (else the first line). */
function titleLine(chapter: Chapter): number {
  try {
    const lines = readFileSync(chapter.file, 'utf8').split('\n').slice(0, chapter.bodyLineOffset);
    const i = lines.findIndex((l) => /^title\s*:/.test(l));
    return i === -1 ? 1 : i + 1;
  } catch {
    return 1;
  }
}

const describe = (chars: string[]) => {
  const shown = chars.slice(0, 12);
  const codes = shown.map((c) => `U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`);
  return `${shown.map((c) => `“${c}”`).join(' ')} (${codes.join(' ')})${chars.length > shown.length ? ` and ${chars.length - shown.length} more` : ''}`;
};

function missingHint(): string {
  const installed = new Set(bundledFamilies().map((f) => f.source));
  const absent = BUNDLED.map((s) => s.pkg).filter((pkg) => !installed.has(pkg));
  return (
    'add a font that has them in book.yaml `fonts` (a font file in the book, or an npm font package), or write them otherwise' +
    (absent.length ? `; these optional font packages are not installed: npm install ${absent.join(' ')}` : '')
  );
}
