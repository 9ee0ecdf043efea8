/**
 * HTML to the XHTML an EPUB needs. Markdown renders to well-formed markup already, but an author's
 * raw HTML may not (`<img>` unclosed, `<br>`, `align=`): parse leniently as HTML, drop what XHTML 5
 * forbids, and serialize as XML with characters left as they are (not as entities).
 */
import render from 'dom-serializer';
import { Element, type ChildNode } from 'domhandler';
import { Parser, parseDocument } from 'htmlparser2';
import { cleanForeign } from './epub-svg.ts';

/** Presentational attributes HTML5 (and so epubcheck) rejects, by element; `*` for any. */
const OBSOLETE: Record<string, string[]> = {
  '*': ['align', 'valign', 'bgcolor', 'nowrap'],
  img: ['border', 'hspace', 'vspace', 'longdesc'],
  table: ['border', 'cellpadding', 'cellspacing', 'width', 'frame', 'rules', 'summary'],
  td: ['width', 'height', 'abbr', 'axis', 'scope'],
  th: ['width', 'height', 'abbr', 'axis'],
  a: ['name', 'charset', 'rev', 'shape', 'coords'],
  br: ['clear'],
  font: ['color', 'face', 'size'],
  hr: ['size', 'noshade', 'width'],
};

/** Elements XHTML in EPUB cannot contain, replaced by their closest allowed equivalent. */
const RENAMED: Record<string, string> = { center: 'div', font: 'span', tt: 'code', big: 'span', strike: 's' };

const DROPPED = new Set(['script', 'style', 'noscript']);

/** Attributes whose values must be non-negative integers in HTML5. */
const INTEGER_ATTRIBUTES = new Set(['width', 'height']);

export interface XhtmlHooks {
  /** Rewrite an element in place (e.g. add epub:type). */
  element?: (element: Element) => void;
  /** True to leave an element out, with everything in it. */
  drop?: (element: Element) => boolean;
}

export function toXhtml(html: string, hooks: XhtmlHooks = {}): string {
  const doc = parseDocument(html, { decodeEntities: true, lowerCaseAttributeNames: true });
  // `foreign`: inside inline SVG or MathML, whose elements follow their own rules, not HTML's.
  const visit = (parent: { children: ChildNode[] }, foreign: boolean) => {
    // Scripts do not run in most reading systems and would need the package to declare them; styles
    // in the body are not XHTML (an SVG's own <style> is, and diagrams need theirs). All others go.
    parent.children = parent.children.filter(
      (n) => !(n instanceof Element) || !((DROPPED.has(n.name) && !(foreign && n.name === 'style')) || hooks.drop?.(n)),
    );
    for (const node of parent.children) {
      if (!(node instanceof Element)) continue;
      const inForeign = foreign || node.name === 'svg' || node.name === 'math';
      if (inForeign) cleanForeign(node);
      else clean(node);
      hooks.element?.(node);
      visit(node, inForeign);
    }
  };
  visit(doc, false);
  // HTML mode keeps characters as themselves (XML mode writes every non-ASCII one as an entity);
  // self-closed void tags and explicit empty attributes make it XML all the same. XML knows no
  // &nbsp;, the one named entity HTML mode writes.
  return render(doc, { encodeEntities: 'utf8', selfClosingTags: true, emptyAttrs: true }).replace(/&nbsp;/g, '&#160;');
}

function clean(element: Element): void {
  const original = element.name;
  if (original === 'font' && element.attribs.color && !element.attribs.style) {
    element.attribs.style = `color: ${element.attribs.color}`;
  }
  for (const name of [...(OBSOLETE['*'] ?? []), ...(OBSOLETE[original] ?? [])]) delete element.attribs[name];
  element.name = RENAMED[original] ?? original;
  for (const name of Object.keys(element.attribs)) {
    if (name.startsWith('on'))
      delete element.attribs[name]; // no scripts in e-readers
    else if (INTEGER_ATTRIBUTES.has(name) && element.name !== 'svg') {
      const value = /^\s*(\d+)(px)?\s*$/.exec(element.attribs[name]!);
      if (value) element.attribs[name] = value[1]!;
      else delete element.attribs[name];
    }
  }
  if (element.name === 'img' && element.attribs.alt === undefined) element.attribs.alt = '';
}

/** Documents longer than this are converted in pieces (see toXhtmlInPieces). */
const PIECE_CHARS = 256 * 1024;
const BODY_MARK = 'quire-chapter-body-4d1f0c';

/**
 * `toXhtml` for a whole chapter document whose `body` (the chapter's HTML) may be very long. The
 * DOM of a 10 MB chapter takes hundreds of megabytes, so the body is converted a piece at a time,
 * each piece ending where every element opened in it is closed again (there, parsing the pieces
 * apart gives what parsing the whole would), and put back into the converted page around it.
 */
export function toXhtmlInPieces(document: string, body: string, hooks: XhtmlHooks = {}): string {
  const at = body.length > PIECE_CHARS ? document.indexOf(body) : -1;
  if (at === -1) return toXhtml(document, hooks);
  const shell = toXhtml(document.slice(0, at) + BODY_MARK + document.slice(at + body.length), hooks);
  const [before, after] = shell.split(BODY_MARK) as [string, string];
  const pieces = balancedPieces(body, PIECE_CHARS).map((piece) => toXhtml(piece, hooks));
  return before + pieces.join('') + after;
}

/** `html` cut after closing tags that leave no element open, into pieces of about `size`. */
function balancedPieces(html: string, size: number): string[] {
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
  cuts.push(html.length);
  return cuts.slice(1).map((end, i) => html.slice(cuts[i], end));
}
