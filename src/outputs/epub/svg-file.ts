/**
 * An SVG file made fit for an EPUB: drawing programs (Illustrator, draw.io) export a DOCTYPE, often
 * with entities for their namespaces, which EPUB 3 forbids; scripts would make the book "scripted";
 * and an image or `<use>` that points outside the file is a remote resource. The entities are
 * resolved, the DOCTYPE dropped, scripts, event handlers and outside references left out, and the
 * XHTML inside a `foreignObject` made valid like a chapter's.
 */
import render from 'dom-serializer';
import { Element, type ChildNode, type ParentNode } from 'domhandler';
import { parseDocument } from 'htmlparser2';
import { xhtmlNodes } from './xhtml.ts';

/** What was left out, for the warning. */
export interface SvgCleaning {
  text: string;
  removed: string[];
}

const ENTITY = /<!ENTITY\s+([A-Za-z_][\w.-]*)\s+(?:"([^"]*)"|'([^']*)')\s*>/g;
const DOCTYPE = /<!DOCTYPE[^[>]*(?:\[[\s\S]*?\])?\s*>/i;
const INSIDE = /^(?:#|data:)/i;

export function cleanSvgFile(text: string): SvgCleaning {
  const removed: string[] = [];
  const doctype = DOCTYPE.exec(text)?.[0];
  let body = text;
  if (doctype) {
    const entities = new Map([...doctype.matchAll(ENTITY)].map((m) => [m[1]!, m[2] ?? m[3]!]));
    body = text.replace(doctype, '');
    // Twice: an entity's value may use another.
    for (let pass = 0; pass < 2 && entities.size > 0; pass++) {
      body = body.replace(/&([A-Za-z_][\w.-]*);/g, (whole, name: string) => entities.get(name) ?? whole);
    }
  }
  const doc = parseDocument(body, { xmlMode: true, decodeEntities: true });
  const visit = (parent: ParentNode) => {
    const kept: ChildNode[] = [];
    for (const child of parent.children) {
      if (!(child instanceof Element)) {
        kept.push(child);
        continue;
      }
      const href = child.attribs['xlink:href'] ?? child.attribs.href;
      const outside = href !== undefined && !INSIDE.test(href.trim()) && child.name !== 'a';
      if (child.name === 'script' || outside) {
        removed.push(child.name === 'script' ? 'a script' : `a reference to \`${href}\``);
        continue;
      }
      for (const name of Object.keys(child.attribs)) {
        if (/^on/i.test(name) || /^\s*javascript:/i.test(child.attribs[name]!)) delete child.attribs[name];
      }
      if (child.name === 'foreignObject') {
        child.children = xhtmlNodes(child.children);
        for (const c of child.children) {
          c.parent = child;
          // The sanitizer drops attributes HTML does not know, xmlns among them: here it is needed.
          if (c instanceof Element) c.attribs.xmlns = 'http://www.w3.org/1999/xhtml';
        }
      } else visit(child);
      kept.push(child);
    }
    parent.children = kept;
  };
  visit(doc);
  return { text: render(doc, { xmlMode: true, encodeEntities: 'utf8' }), removed };
}
