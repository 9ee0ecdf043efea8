/**
 * A very long chapter is parsed in pieces: markdown-it holds every token of what it parses at
 * once (about 20 bytes of tokens per byte of Markdown), so a 10 MB chapter would need hundreds of
 * megabytes. The pieces are small so that their tokens die young: tokens that live through two
 * minor collections are moved to the old generation, which V8 collects only when it has grown
 * large, and that garbage is what raised the peak. Pieces end just before a heading that starts a line after a blank line, outside
 * fenced code, `:::` containers and multi-line raw HTML: there every block has ended, so the pieces
 * parse to exactly what the whole would. Footnotes and link reference definitions apply across a
 * whole chapter, so a chapter with any is parsed whole.
 */

/** Chapters shorter than this are parsed whole. */
export const WHOLE_CHARS = 64 * 1024;
/** Longer ones in pieces of at least this. */
export const SEGMENT_CHARS = 16 * 1024;

export interface Segment {
  text: string;
  /** Lines of the body before this piece. */
  line: number;
}

const DEFINITION = /^ {0,3}\[[^\]\n]+\]:/m;

export function segments(body: string, size = SEGMENT_CHARS): Segment[] {
  if (body.length <= Math.max(size, WHOLE_CHARS) || DEFINITION.test(body)) return [{ text: body, line: 0 }];
  const out: Segment[] = [];
  let start = 0;
  let startLine = 0;
  let fence: string | undefined;
  let containers = 0;
  let rawUntil: RegExp | undefined;
  let previousBlank = false;
  let line = 0;
  for (let at = 0; at < body.length; line++) {
    const end = body.indexOf('\n', at);
    const next = end === -1 ? body.length : end + 1;
    const text = body.slice(at, end === -1 ? body.length : end);
    if (fence) {
      if (new RegExp(`^ {0,3}${fence[0]}{${fence.length},}\\s*$`).test(text)) fence = undefined;
    } else if (rawUntil) {
      if (rawUntil.test(text)) rawUntil = undefined;
    } else {
      const opening = /^ {0,3}(`{3,}|~{3,})/.exec(text);
      if (opening) fence = opening[1];
      else if (/^ {0,3}:::+\s*\S/.test(text)) containers++;
      else if (/^ {0,3}:::+\s*$/.test(text)) containers = Math.max(0, containers - 1);
      else rawUntil = rawHtmlEnd(text);
      const breakable = !fence && !rawUntil && containers === 0 && previousBlank && /^#{1,6}(\s|$)/.test(text);
      if (breakable && at - start >= size) {
        out.push({ text: body.slice(start, at), line: startLine });
        start = at;
        startLine = line;
      }
    }
    previousBlank = text.trim() === '';
    at = next;
  }
  out.push({ text: body.slice(start), line: startLine });
  return out;
}

/** For raw HTML that may hold blank lines (CommonMark HTML blocks 1 and 2), the line that ends it. */
function rawHtmlEnd(text: string): RegExp | undefined {
  const tag = /^ {0,3}<(pre|script|style|textarea)[\s>]/i.exec(text)?.[1];
  if (tag && !new RegExp(`</${tag}>`, 'i').test(text)) return new RegExp(`</${tag}>`, 'i');
  if (/^ {0,3}<!--/.test(text) && !/-->/.test(text)) return /-->/;
  return undefined;
}
