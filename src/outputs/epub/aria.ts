/**
 * What assistive technology reads of an EPUB chapter, set right: the ARIA role for each `epub:type`
 * (as the EPUB Type to ARIA Role Authoring Guide maps them: reading systems read `epub:type`,
 * assistive technology only ARIA roles, so an element needs both), heading levels that step down one
 * at a time, no empty header cells, and no link without a name.
 */
import { Element, Text, type ChildNode } from 'domhandler';

/** DPUB-ARIA roles by `epub:type` (the deprecated `doc-endnote(s)` and `doc-biblioentry` left out). */
const DPUB_ROLES: Record<string, string> = Object.fromEntries(
  [
    'abstract',
    'acknowledgments',
    'afterword',
    'appendix',
    'bibliography',
    'biblioref',
    'chapter',
    'colophon',
    'conclusion',
    'credit',
    'credits',
    'dedication',
    'epigraph',
    'epilogue',
    'errata',
    'footnote',
    'foreword',
    'glossary',
    'glossref',
    'index',
    'introduction',
    'noteref',
    'notice',
    'pagebreak',
    'part',
    'preface',
    'prologue',
    'pullquote',
    'qna',
    'subtitle',
    'tip',
    'toc',
  ].map((type) => [type, `doc-${type}`]),
);

const OTHER_ROLES: Record<string, { role: string; natural: string[] }> = {
  'page-list': { role: 'doc-pagelist', natural: [] },
  referrer: { role: 'doc-backlink', natural: [] },
  help: { role: 'doc-tip', natural: [] },
  glossdef: { role: 'definition', natural: ['dd'] },
  glossterm: { role: 'term', natural: ['dt'] },
  figure: { role: 'figure', natural: ['figure'] },
  list: { role: 'list', natural: ['ol', 'ul'] },
  'list-item': { role: 'listitem', natural: ['li'] },
  table: { role: 'table', natural: ['table'] },
  'table-row': { role: 'row', natural: ['tr'] },
  'table-cell': { role: 'cell', natural: ['td', 'th'] },
};

/**
 * Give an element with an `epub:type` the matching role, unless it has a role of its own or its
 * element already means that (a `<figure>` typed `figure`). The first type that has a role counts,
 * as checkers read it.
 */
export function addMatchingRole(element: Element): void {
  const types = element.attribs['epub:type'];
  if (!types || element.attribs.role) return;
  for (const type of types.trim().split(/\s+/)) {
    const dpub = DPUB_ROLES[type];
    if (dpub) {
      element.attribs.role = dpub;
      return;
    }
    const other = OTHER_ROLES[type];
    if (other) {
      if (!other.natural.includes(element.name)) element.attribs.role = other.role;
      return;
    }
  }
}

/**
 * Heading levels as assistive technology reads them: a chapter that skips levels (`#` then `####`,
 * as many books do for small headings) gets `aria-level` on the skipping headings so its outline
 * steps down one level at a time, while each heading keeps its element and so its look. One per
 * document: it follows the headings in their order.
 */
export function headingOutline(): (element: Element) => void {
  const open: { level: number; outline: number }[] = [];
  return (element) => {
    const level = /^h([1-6])$/.exec(element.name)?.[1];
    if (!level || element.attribs['aria-level']) return;
    const n = Number(level);
    while (open.length > 0 && open[open.length - 1]!.level >= n) open.pop();
    const outline = (open[open.length - 1]?.outline ?? 0) + 1;
    open.push({ level: n, outline });
    if (outline !== n) element.attribs['aria-level'] = String(outline);
  };
}

/**
 * A header cell with nothing in it (the corner of a table whose first column names the rows) heads
 * nothing: screen readers would announce an empty header for every cell under it, so it is a data cell.
 */
export function emptyHeaderAsCell(element: Element): void {
  if (element.name !== 'th' || hasText(element.children)) return;
  element.name = 'td';
  delete element.attribs.scope;
  delete element.attribs.abbr;
}

/**
 * A link whose only content is an image without alt text (a README's contributors graph, a badge
 * the EPUB cannot hold) would be announced as "link" and nothing more: it is named by where it
 * goes, which is what a sighted reader can find out by following it.
 */
export function namedLink(element: Element): void {
  const { href, title } = element.attribs;
  if (element.name !== 'a' || !href || element.attribs['aria-label'] || title?.trim()) return;
  if (!hasText(element.children)) element.attribs['aria-label'] = destination(href);
}

function destination(href: string): string {
  try {
    const url = new URL(href);
    if (url.protocol === 'http:' || url.protocol === 'https:') {
      return decodeURI(url.host + url.pathname).replace(/\/$/, '');
    }
  } catch {
    // Not an absolute address: a place in the book.
  }
  return href;
}

const hasText = (nodes: ChildNode[]): boolean =>
  nodes.some((n) =>
    n instanceof Text
      ? n.data.trim() !== ''
      : n instanceof Element && ((n.name === 'img' && !!n.attribs.alt?.trim()) || hasText(n.children)),
  );
