/**
 * The ARIA role for an `epub:type`, as the EPUB Type to ARIA Role Authoring Guide maps them: reading
 * systems read `epub:type`, assistive technology reads only ARIA roles, so an element needs both.
 */
import type { Element } from 'domhandler';

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
