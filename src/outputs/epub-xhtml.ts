/**
 * HTML to the XHTML an EPUB needs. Markdown renders to well-formed markup already, but an author's
 * raw HTML may not (`<img>` unclosed, `<br>`, `align=`): parse leniently as HTML, drop what XHTML 5
 * forbids, and serialize as XML with characters left as they are (not as entities).
 */
import render from 'dom-serializer';
import { Element, type ChildNode } from 'domhandler';
import { parseDocument } from 'htmlparser2';
import { BODY_MARK, documentText, type PiecedDocument } from '../assemble/pieces.ts';
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

/**
 * `toXhtml` for a chapter document, a piece at a time: the DOM of a 10 MB chapter takes hundreds of
 * megabytes, so a long chapter's body, cut where every element opened is closed again (there,
 * converting the pieces apart gives what converting the whole would), is converted piece by piece
 * and put back into the converted page around it.
 */
export function* toXhtmlPieces(document: PiecedDocument, hooks: XhtmlHooks = {}): Generator<string> {
  if (typeof document === 'string') return yield toXhtml(document, hooks);
  const shell = toXhtml(document.before + BODY_MARK + document.after, hooks);
  const at = shell.indexOf(BODY_MARK);
  // A hook dropped what held the body: then the pieces cannot be put back in their place.
  if (at === -1) return yield toXhtml(documentText(document), hooks);
  yield shell.slice(0, at);
  for (const piece of document.body) yield toXhtml(piece.toString(), hooks);
  yield shell.slice(at + BODY_MARK.length);
}
