/**
 * Inline SVG (mermaid's diagrams, an author's raw SVG) made valid for EPUB 3, whose schema follows
 * SVG 1.1: browsers take SVG 2 and HTML's looser parsing, epubcheck does not. Each rule below is
 * what mermaid's output needed; none changes how a diagram looks.
 */
import { Element, Text, type ChildNode } from 'domhandler';

/** ARIA roles EPUB 3's schema allows on an `<svg>`. */
const SVG_ROLES = ['img', 'document', 'application'];

/** SVG 2 presentation attributes SVG 1.1 knows only as CSS properties. */
const TO_STYLE = ['transform-origin', 'overflow'];

/** Elements SVG 1.1 gives no width and height (mermaid sets them on circles). */
const NO_SIZE = new Set(['circle', 'ellipse', 'line', 'path', 'polygon', 'polyline', 'g', 'text', 'tspan']);

/** Elements that may carry a viewBox. */
const VIEWBOX = new Set(['svg', 'symbol', 'marker', 'pattern', 'view']);

/** Clean one element inside an `<svg>` or `<math>` (the root included). */
export function cleanForeign(element: Element): void {
  const attribs = element.attribs;
  for (const name of Object.keys(attribs)) {
    if (name.startsWith('on')) delete attribs[name]; // no scripts in e-readers
  }
  if (isMathml(element)) return; // KaTeX writes valid MathML
  for (const name of Object.keys(attribs)) {
    if (name === 'name' || (attribs[name] === '' && name !== 'alt')) delete attribs[name];
    else if (TO_STYLE.includes(name)) {
      attribs.style = `${attribs.style ? `${attribs.style.replace(/;?\s*$/, ';')} ` : ''}${name}: ${attribs[name]}`;
      delete attribs[name];
    }
  }
  if (NO_SIZE.has(element.name)) {
    delete attribs.width;
    delete attribs.height;
  }
  if (!VIEWBOX.has(element.name)) delete attribs.viewbox;
  // SVG 1.1 requires a rect's size; SVG 2 takes a missing one as 0.
  if (element.name === 'rect') {
    attribs.width ??= '0';
    attribs.height ??= '0';
  }
  // SVG has no title attribute: a link takes it as xlink:title (EPUB wants one on every link), any
  // other element as a <title> child, which readers show as its tooltip.
  const title = attribs.title;
  delete attribs.title;
  if (element.name === 'a') {
    attribs['xlink:title'] ??= title || textOf(element).trim() || attribs['xlink:href'] || '';
  } else if (title) {
    const child = new Element('title', {}, [new Text(title)]);
    child.parent = element;
    element.children.unshift(child);
  }
  if (element.name === 'svg') {
    // Links in a diagram (mermaid's `click`) use xlink:href, which HTML parsing knows but XML must declare.
    attribs['xmlns:xlink'] ??= 'http://www.w3.org/1999/xlink';
    if (attribs.role) attribs.role = attribs.role.split(/\s+/).find((r) => SVG_ROLES.includes(r)) ?? 'img';
  }
}

const isMathml = (element: Element): boolean =>
  element.name === 'math' || (element.parent instanceof Element && isMathml(element.parent));

const textOf = (node: ChildNode | Element): string =>
  node instanceof Text ? node.data : node instanceof Element ? node.children.map(textOf).join('') : '';
