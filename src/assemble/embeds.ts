/**
 * Embeds (iframes, video, audio) as titled links, for the outputs that cannot play them: a PDF prints
 * an iframe as an empty frame, and an EPUB may not load remote content nor carry files it cannot
 * declare. The site keeps them as written.
 */
import render from 'dom-serializer';
import { Element, Text, type ChildNode } from 'domhandler';
import { parseDocument } from 'htmlparser2';

export const EMBEDS = new Set(['iframe', 'video', 'audio']);

const REMOTE = /^(?:https?:)?\/\//i;

/** Where an embed's content comes from: its own `src`, else its first `<source>`'s. */
export function embedSource(element: Element): string | undefined {
  if (element.attribs.src) return element.attribs.src;
  const source = element.children.find((c): c is Element => c instanceof Element && c.name === 'source');
  return source?.attribs.src || undefined;
}

/**
 * The link that stands for an embed: its title and its address, linking to the address when that is
 * remote; a local file the output does not carry is named in plain text.
 */
export function embedLink(element: Element): Element {
  const src = embedSource(element)?.trim() ?? '';
  const url = src.startsWith('//') ? `https:${src}` : src;
  const title = element.attribs.title?.trim();
  // On paper a link is only as good as the address it shows.
  const text = title && url && title !== url ? `${title}: ${url}` : title || url || element.name;
  const inner: ChildNode[] = REMOTE.test(src) ? [new Element('a', { href: url }, [new Text(text)])] : [new Text(text)];
  const link = new Element('span', { class: `embed embed-${element.name}` }, inner);
  for (const child of inner) child.parent = link;
  return link;
}

/** Replace `node` with `replacement` in its parent. */
export function replaceNode(node: ChildNode, replacement: ChildNode): void {
  const parent = node.parent;
  if (!parent) return;
  const at = parent.children.indexOf(node);
  parent.children[at] = replacement;
  replacement.parent = parent;
  replacement.prev = node.prev;
  replacement.next = node.next;
}

/** A chapter's HTML for print: every embed as its link. Parsed only when it holds one. */
export function printableEmbeds(html: string): string {
  if (!/<(?:iframe|video|audio)[\s>/]/i.test(html)) return html;
  const doc = parseDocument(html, { decodeEntities: false });
  const visit = (node: { children: ChildNode[] }) => {
    for (const child of [...node.children]) {
      if (!(child instanceof Element)) continue;
      if (EMBEDS.has(child.name)) replaceNode(child, embedLink(child));
      else visit(child);
    }
  };
  visit(doc);
  return render(doc, { decodeEntities: false });
}
