/**
 * HTML to the XHTML an EPUB needs. Markdown renders to well-formed markup already, but an author's
 * raw HTML may not (`<img>` unclosed, `<br>`, `align=`, elements HTML does not know): parse leniently as
 * HTML, make it valid (xhtml-sanitize.ts), and serialize as XML with characters left as they are (not
 * as entities).
 */
import render from 'dom-serializer';
import { Element, type ChildNode, type ParentNode } from 'domhandler';
import { parseDocument } from 'htmlparser2';
import { BODY_MARK, documentText, type PiecedDocument } from '../../assemble/pieces.ts';
import { cleanForeign } from './svg.ts';
import { PHRASING_ONLY, DROPPED } from './xhtml-model.ts';
import { sanitizeElement, type Change, type SanitizeState } from './xhtml-sanitize.ts';
import { repairOrder, strayChildren } from './xhtml-structure.ts';

export interface XhtmlHooks {
  /** Rewrite an element in place (e.g. add epub:type). */
  element?: (element: Element) => void;
  /** True to leave an element out, with everything in it. */
  drop?: (element: Element) => boolean;
  /** Hears of each change that loses something of the author's HTML. */
  report?: (change: Change) => void;
  /** Stand another node in for an element (an image the EPUB cannot hold by its alt text). */
  replace?: (element: Element) => ChildNode | undefined;
  /** Ids used so far in the document: a long chapter's pieces share them. */
  ids?: Set<string>;
  /** The document's heading ids: no other element may take one. */
  headings?: Set<string>;
}

const TOP = { phrasingOnly: false, interactive: false };

export function toXhtml(html: string, hooks: XhtmlHooks = {}): string {
  const doc = parseDocument(jsxAttributes(html, hooks), { decodeEntities: true, lowerCaseAttributeNames: true });
  setChildren(doc, xhtmlNodes(doc.children, hooks));
  // HTML mode keeps characters as themselves (XML mode writes every non-ASCII one as an entity);
  // self-closed void tags and explicit empty attributes make it XML all the same. XML knows no
  // &nbsp;, the one named entity HTML mode writes.
  return render(doc, { encodeEntities: 'utf8', selfClosingTags: true, emptyAttrs: true }).replace(/&nbsp;/g, '&#160;');
}

/** Parsed HTML nodes made valid XHTML: what stands for them (see xhtml-sanitize.ts). */
export function xhtmlNodes(nodes: ChildNode[], hooks: XhtmlHooks = {}): ChildNode[] {
  const state: SanitizeState = {
    ids: hooks.ids ?? new Set(),
    headings: hooks.headings ?? new Set(),
    report: hooks.report ?? (() => undefined),
  };
  // What stands for `node` once made valid: nothing, itself, or what it had to let go of and itself.
  const handle = (node: ChildNode, place: typeof TOP): ChildNode[] => {
    if (!(node instanceof Element)) return [node];
    if (hooks.drop?.(node)) return [];
    const replaced = hooks.replace?.(node);
    if (replaced) return handle(replaced, place);
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
    const element = sanitizeElement(node, place, state);
    if (!element) return [];
    hooks.element?.(element);
    const moved = strayChildren(element, state);
    repairOrder(element, state);
    const inner = {
      phrasingOnly: place.phrasingOnly || PHRASING_ONLY.has(element.name),
      // Links and buttons may hold no other control; a label may (the one it labels).
      interactive: place.interactive || element.name === 'a' || element.name === 'button',
    };
    setChildren(
      element,
      element.children.flatMap((c) => handle(c, inner)),
    );
    return [...moved.flatMap((c) => handle(c, place)), element];
  };
  return nodes.flatMap((c) => handle(c, TOP));
}

/**
 * JSX attribute values (`style={{color: "red"}}`, `width={300}`), as MDX and React pages hold them:
 * parsed as HTML they break into attributes no XML allows. A style object becomes CSS, a number or
 * string its value; any other expression is left out.
 */
function jsxAttributes(html: string, hooks: XhtmlHooks): string {
  if (!html.includes('={')) return html;
  const jsx = /(<[A-Za-z][^<>]*?\s)([A-Za-z_:][\w:.-]*)=\{(\{[^{}]*\}|[^{}]*)\}/g;
  let out = html;
  for (let before = ''; before !== out;) {
    before = out;
    out = out.replace(jsx, (_, start: string, name: string, value: string) => {
      const css = name === 'style' && value.startsWith('{') ? styleObject(value.slice(1, -1)) : undefined;
      const literal = /^\s*(?:(-?\d+(?:\.\d+)?)|"([^"]*)"|'([^']*)')\s*$/.exec(value);
      const text = css ?? (literal ? (literal[1] ?? literal[2] ?? literal[3]!) : undefined);
      if (text === undefined) {
        hooks.report?.({ what: `the JSX attribute \`${name}={…}\` is left out`, source: new RegExp(`${name}=\\{`) });
        return start;
      }
      return `${start}${name}="${text.replace(/&/g, '&amp;').replace(/"/g, '&quot;')}"`;
    });
  }
  return out;
}

/** `color: "red", fontSize: 12` as CSS: `color: red; font-size: 12px`; undefined when it is not that simple. */
function styleObject(body: string): string | undefined {
  const rules: string[] = [];
  for (const entry of body.split(',')) {
    if (entry.trim() === '') continue;
    const m = /^\s*["']?([A-Za-z-]+)["']?\s*:\s*(?:(-?\d+(?:\.\d+)?)|"([^"]*)"|'([^']*)')\s*$/.exec(entry);
    if (!m) return undefined;
    const property = m[1]!.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
    const unitless = /^(?:opacity|z-index|font-weight|line-height|flex|order|zoom)/.test(property);
    rules.push(
      `${property}: ${m[2] !== undefined ? `${m[2]}${unitless || m[2] === '0' ? '' : 'px'}` : (m[3] ?? m[4])}`,
    );
  }
  return rules.join('; ');
}

const NAMESPACES: Record<string, string> = {
  svg: 'http://www.w3.org/2000/svg',
  math: 'http://www.w3.org/1998/Math/MathML',
};

/** Inside inline SVG or MathML elements follow their own rules, not HTML's; an SVG's own <style> stays. */
function visitForeign(element: Element, hooks: XhtmlHooks): void {
  // HTML puts them in their namespaces by name; XML needs it said.
  const namespace = NAMESPACES[element.name];
  if (namespace && !(element.parent instanceof Element && NAMESPACES[element.parent.name]))
    element.attribs.xmlns ??= namespace;
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
export function* toXhtmlPieces(document: PiecedDocument, given: XhtmlHooks = {}): Generator<string> {
  if (typeof document === 'string') return yield toXhtml(document, given);
  // One document: ids are unique across its pieces.
  const hooks = { ...given, ids: given.ids ?? new Set<string>() };
  const shell = toXhtml(document.before + BODY_MARK + document.after, hooks);
  const at = shell.indexOf(BODY_MARK);
  // A hook dropped what held the body: then the pieces cannot be put back in their place.
  if (at === -1) return yield toXhtml(documentText(document), hooks);
  yield shell.slice(0, at);
  for (const piece of document.body) yield toXhtml(piece.toString(), hooks);
  yield shell.slice(at + BODY_MARK.length);
}
