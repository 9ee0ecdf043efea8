/**
 * HTML to the XHTML an EPUB needs. Markdown renders to well-formed markup already, but an author's
 * raw HTML may not (`<img>` unclosed, `<br>`, `align=`, elements HTML does not know): parse leniently as
 * HTML, make it valid (xhtml-sanitize.ts), and serialize as XML with characters left as they are (not
 * as entities).
 */
import render from 'dom-serializer';
import { Element, type ChildNode, type ParentNode } from 'domhandler';
import { parseDocument } from 'htmlparser2';
import { BODY_MARK, documentText, type PiecedDocument } from '../assemble/pieces.ts';
import { cleanForeign } from './epub-svg.ts';
import { INTERACTIVE, PHRASING_ONLY, DROPPED } from './xhtml-model.ts';
import { repairOrder, sanitizeElement, strayChildren, type Change, type SanitizeState } from './xhtml-sanitize.ts';

export interface XhtmlHooks {
  /** Rewrite an element in place (e.g. add epub:type). */
  element?: (element: Element) => void;
  /** True to leave an element out, with everything in it. */
  drop?: (element: Element) => boolean;
  /** Hears of each change that loses something of the author's HTML. */
  report?: (change: Change) => void;
  /** Ids used so far in the document: a long chapter's pieces share them. */
  ids?: Set<string>;
}

const TOP = { phrasingOnly: false, interactive: false };

export function toXhtml(html: string, hooks: XhtmlHooks = {}): string {
  const doc = parseDocument(html, { decodeEntities: true, lowerCaseAttributeNames: true });
  const state: SanitizeState = { ids: hooks.ids ?? new Set(), report: hooks.report ?? (() => undefined) };
  // What stands for `node` once made valid: nothing, itself, or what it had to let go of and itself.
  const handle = (node: ChildNode, place: typeof TOP): ChildNode[] => {
    if (!(node instanceof Element)) return [node];
    if (hooks.drop?.(node)) return [];
    if (DROPPED.has(node.name)) {
      // Scripts and styles go without a word: they do nothing in a book. Others lose their content.
      if (node.name !== 'script' && node.name !== 'style' && node.name !== 'noscript') {
        state.report({
          what: `\`<${node.name}>\` is left out of the EPUB`,
          source: new RegExp(`<${node.name}\\b`, 'i'),
        });
      }
      return [];
    }
    if (node.name === 'svg' || node.name === 'math') {
      visitForeign(node, hooks);
      return [node];
    }
    const element = sanitizeElement(node, place, state) as Element;
    hooks.element?.(element);
    const moved = [...strayChildren(element, state), ...repairOrder(element, state)];
    const inner = {
      phrasingOnly: place.phrasingOnly || PHRASING_ONLY.has(element.name),
      interactive: place.interactive || INTERACTIVE.has(element.name),
    };
    setChildren(
      element,
      element.children.flatMap((c) => handle(c, inner)),
    );
    return [...moved.flatMap((c) => handle(c, place)), element];
  };
  setChildren(
    doc,
    doc.children.flatMap((c) => handle(c, TOP)),
  );
  // HTML mode keeps characters as themselves (XML mode writes every non-ASCII one as an entity);
  // self-closed void tags and explicit empty attributes make it XML all the same. XML knows no
  // &nbsp;, the one named entity HTML mode writes.
  return render(doc, { encodeEntities: 'utf8', selfClosingTags: true, emptyAttrs: true }).replace(/&nbsp;/g, '&#160;');
}

/** Inside inline SVG or MathML elements follow their own rules, not HTML's; an SVG's own <style> stays. */
function visitForeign(element: Element, hooks: XhtmlHooks): void {
  cleanForeign(element);
  hooks.element?.(element);
  const kept = element.children.filter((c) => !(c instanceof Element) || !(c.name === 'script' || hooks.drop?.(c)));
  setChildren(element, kept);
  for (const child of kept) if (child instanceof Element) visitForeign(child, hooks);
}

function setChildren(parent: ParentNode, children: ChildNode[]): void {
  parent.children = children;
  children.forEach((child, i) => {
    child.parent = parent;
    child.prev = children[i - 1] ?? null;
    child.next = children[i + 1] ?? null;
  });
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
