/**
 * Line breaks inside a paragraph of Chinese or Japanese: the source wraps lines where it likes, but
 * these languages put no space between words, so a soft break between two such characters must
 * print as nothing, not as the space a browser makes of a newline. The rule is CSS Text 3's segment
 * break transformation, as markdown-it-cjk-breaks applied it:
 *   - next to a zero-width space (U+200B), the break goes and the zero-width space stays;
 *   - between two characters whose East Asian Width is F, W or H (not A), neither of them Hangul
 *     (Korean spaces its words), the break goes;
 *   - otherwise it stays, and prints as a space.
 * The neighbours are the nearest characters of text or inline code on each side, past emphasis, link
 * and other marks (as the plugin looked past them).
 * Written here because that plugin (2.0, its latest) throws on the empty text tokens markdown-it 15
 * leaves where emphasis markers were (`**bold**\nand more.`).
 */
import { eastAsianWidthType } from 'get-east-asian-width';
import type { MarkdownIt } from 'markdown-it';

type Token = ReturnType<MarkdownIt['parse']>[number];

const ZWSP = 0x200b;
const HANGUL = /\p{Script=Hangul}/u;

export function cjkBreaks(md: MarkdownIt): void {
  md.core.ruler.push('quire_cjk_breaks', (state) => {
    for (const block of state.tokens) {
      if (block.type === 'inline' && block.children) dropBreaks(block.children);
    }
  });
}

function dropBreaks(tokens: Token[]): void {
  tokens.forEach((token, i) => {
    if (token.type !== 'softbreak') return;
    const before = neighbour(tokens, i, -1);
    const after = neighbour(tokens, i, 1);
    if (before === ZWSP || after === ZWSP || (joins(before) && joins(after))) {
      token.type = 'text';
      token.content = '';
    }
  });
}

/** True for a character that takes no space before or after a line break (F, W or H, not Hangul). */
function joins(codePoint: number | undefined): boolean {
  if (codePoint === undefined) return false;
  const width = eastAsianWidthType(codePoint);
  return (
    (width === 'fullwidth' || width === 'wide' || width === 'halfwidth') &&
    !HANGUL.test(String.fromCodePoint(codePoint))
  );
}

/** The code point printed next to the break at `index`, looking in `direction`; undefined if none. */
function neighbour(tokens: Token[], index: number, direction: 1 | -1): number | undefined {
  for (let j = index + direction; j >= 0 && j < tokens.length; j += direction) {
    const { type, content } = tokens[j]!;
    if ((type !== 'text' && type !== 'code_inline') || content === '') continue;
    return direction === 1 ? content.codePointAt(0) : lastCodePoint(content);
  }
  return undefined;
}

function lastCodePoint(text: string): number {
  // A pair of surrogates (a character beyond U+FFFF, as 𠀀) is read whole.
  const pair = text.length > 1 ? text.codePointAt(text.length - 2)! : 0;
  return pair > 0xffff ? pair : text.charCodeAt(text.length - 1);
}
