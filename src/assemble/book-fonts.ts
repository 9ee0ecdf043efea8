/** A book's fonts: Quire's bundled families, after the book's own (book.yaml `fonts`). */
import type { Book } from '../model.ts';
import { bundledFamilies, type FontFace, type FontFamily } from './font-catalogue.ts';
import { fontStackCss } from './font-stacks.ts';
import { fontFaceCss } from './fonts.ts';

export function bookFamilies(book: Pick<Book, 'root' | 'config'>): FontFamily[] {
  void book;
  return bundledFamilies();
}

/** The @font-face rules for `faces` and the stacks that use them, for a document of the book. */
export function bookFontCss(
  book: Pick<Book, 'root' | 'config'>,
  faces: FontFace[],
  urlOf: (face: FontFace) => string,
): string {
  return `${fontFaceCss(faces, urlOf)}\n${fontStackCss(book.config.language, bookFamilies(book))}`;
}
