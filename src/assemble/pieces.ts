/**
 * A document around a very long chapter, kept in pieces. Joined, a 10 MB chapter's page is a string
 * of tens of megabytes (V8 keeps non-Latin-1 text at two bytes a character), and every replacement
 * or concatenation of it another; V8 leaves such strings to its rare full collections, so a few of
 * them raise the peak by hundreds of megabytes. A pieced document is the template's text before
 * and after the chapter's body, and the body in pieces of tens of kilobytes (as UTF-8 Buffers where
 * they are kept, as in watch mode's page memo); it is hashed, searched and written piece by piece.
 */
import { Parser } from 'htmlparser2';
import { contentKey } from '../util/content-key.ts';

export type Piece = string | Buffer;

export type PiecedDocument = string | { before: string; body: Piece[]; after: string };

/** Chapters' HTML longer than this is assembled in pieces. */
export const LONG_CHARS = 64 * 1024;
/** The size of a piece (at least, as pieces end only at certain places). */
export const PIECE_CHARS = 32 * 1024;

/** Stands in for the chapter's HTML in the template (a comment: escaped, it is no longer found). */
export const BODY_MARK = '<!--quire:chapter-body-4d1f0c-->';

export const documentPieces = (document: PiecedDocument): Piece[] =>
  typeof document === 'string' ? [document] : [document.before, ...document.body, document.after];

/** The whole text, for short documents and tests: a long one is better used by its pieces. */
export const documentText = (document: PiecedDocument): string =>
  typeof document === 'string' ? document : documentPieces(document).join('');

/** The document's content key (util/content-key.ts), the same as its whole text's. */
export const documentHash = (document: PiecedDocument): string => contentKey(documentPieces(document));

/**
 * `rendered`, the template's output with BODY_MARK where the body goes, around `body`'s pieces;
 * undefined when the template does not print the mark exactly once, as it is (then only a whole
 * rendering is right).
 */
export function aroundBody(rendered: string, body: Piece[]): PiecedDocument | undefined {
  const at = rendered.indexOf(BODY_MARK);
  if (at === -1 || rendered.indexOf(BODY_MARK, at + 1) !== -1) return undefined;
  return { before: rendered.slice(0, at), body, after: rendered.slice(at + BODY_MARK.length) };
}

/**
 * `html` cut at line ends that follow a tag (where markdown-it ends a block), into pieces of about
 * `size`: no tag, attribute or character is cut, so each piece can be searched and replaced alone.
 */
export function linePieces(html: string, size = PIECE_CHARS): string[] {
  const pieces: string[] = [];
  let start = 0;
  while (html.length - start > size) {
    const end = html.indexOf('>\n', start + size);
    if (end === -1) break;
    pieces.push(html.slice(start, end + 2));
    start = end + 2;
  }
  pieces.push(html.slice(start));
  return pieces;
}

/**
 * `html` cut after closing tags that leave no element open, into pieces of about `size`: there,
 * parsing the pieces apart gives what parsing the whole would (the EPUB's XHTML is made so).
 */
export function balancedPieces(html: string, size = PIECE_CHARS): string[] {
  const cuts = [0];
  let depth = 0;
  const parser = new Parser(
    {
      onopentagname: () => void depth++,
      onclosetag: (_name, implied) => {
        depth = Math.max(0, depth - 1);
        // An implied close (a void tag, a <p> ended by the next block) comes while another tag is read.
        const end = parser.endIndex + 1;
        if (depth === 0 && !implied && end - cuts.at(-1)! >= size) cuts.push(end);
      },
    },
    { decodeEntities: true, lowerCaseAttributeNames: true },
  );
  parser.end(html);
  if (cuts.at(-1) !== html.length) cuts.push(html.length);
  return cuts.slice(1).map((end, i) => html.slice(cuts[i], end));
}
