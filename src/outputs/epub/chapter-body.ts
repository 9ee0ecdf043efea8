/**
 * A chapter's body as EPUB XHTML: raw HTML made valid (xhtml.ts), footnotes as EPUB 3 notes,
 * formulas as MathML alone. Used by the EPUB output, and by `quire check` for the changes it reports.
 */
import { Element, Text } from 'domhandler';
import { epubChapters } from '../../assemble/documents.ts';
import type { PiecedDocument } from '../../assemble/pieces.ts';
import type { Templates } from '../../assemble/templates.ts';
import type { RenderedBook } from '../../model.ts';
import type { QuireError } from '../../util/errors.ts';
import { toXhtmlPieces, type XhtmlHooks } from './xhtml.ts';
import { addMatchingRole, emptyHeaderAsCell, headingOutline, namedLink } from './aria.ts';
import { changeLog } from './xhtml-report.ts';
import { isPageMark, PAGE_MARK_CLASS } from '../../assemble/page-marks.ts';

/** Formulas as MathML alone: KaTeX's HTML rendering needs its stylesheet and fonts, MathML does not. */
const mathmlOnly = (element: Element) =>
  element.name === 'span' && (element.attribs.class ?? '').split(' ').includes('katex-html');

/**
 * A chapter's XHTML body, kept as UTF-8 until it is zipped (a long chapter's is tens of megabytes
 * as a string), and the manifest properties it needs for what it holds.
 */
export function chapterBody(
  html: PiecedDocument,
  more: Pick<XhtmlHooks, 'report' | 'replace' | 'headings' | 'ids'> & {
    /** The print edition's page breaks, by page mark: the label of the page each starts. */
    pageBreaks?: Map<string, string>;
  },
): { xhtml: Buffer[]; properties: string | undefined } {
  const xhtml: Buffer[] = [];
  const found = new Set<string>();
  const outline = headingOutline();
  const { pageBreaks, ...rest } = more;
  const element = (e: Element) => {
    if (pageBreaks) pageBreak(e, pageBreaks);
    footnotes.element!(e);
    outline(e);
    emptyHeaderAsCell(e);
    namedLink(e);
  };
  // Page marks where no print page starts go; so do all of them in an EPUB without page breaks.
  const unused = (e: Element) => isMark(e) && !pageBreaks?.has(e.attribs.id!);
  const hooks = { ...rest, element, drop: (e: Element) => mathmlOnly(e) || unused(e) };
  // Each piece is whole elements, so a tag is never split between two.
  for (const piece of toXhtmlPieces(html, hooks)) {
    if (/<svg[\s>]/.test(piece)) found.add('svg');
    if (/<math[\s>]/.test(piece)) found.add('mathml');
    xhtml.push(Buffer.from(piece));
  }
  const properties = ['svg', 'mathml'].filter((p) => found.has(p));
  return { xhtml, properties: properties.length > 0 ? properties.join(' ') : undefined };
}

const isMark = (e: Element) => e.name === 'span' && e.attribs.class === PAGE_MARK_CLASS && isPageMark(e.attribs.id);

/**
 * A page mark where a print page starts, as an EPUB page break named by the page's label (the
 * `aria-label` is what assistive technology reads; the role comes with epub:type, see aria.ts).
 */
function pageBreak(e: Element, pageBreaks: Map<string, string>): void {
  const label = isMark(e) ? pageBreaks.get(e.attribs.id!) : undefined;
  if (label === undefined) return;
  e.attribs = { id: e.attribs.id!, 'epub:type': 'pagebreak', 'aria-label': label };
}

/**
 * Footnotes as EPUB 3 notes: reading systems show `noteref` links to `footnote` asides as pop-ups.
 * Every `epub:type`, these and the author's own, gets its ARIA role.
 */
const footnotes: XhtmlHooks = {
  element(element) {
    noteTypes(element);
    addMatchingRole(element);
  },
};

function noteTypes(element: Element): void {
  if (element.name === 'a' && element.parent instanceof Element && element.parent.attribs.class === 'footnote-ref') {
    element.attribs['epub:type'] = 'noteref';
  }
  if (element.name === 'section' && element.attribs.class === 'footnotes') element.attribs['epub:type'] = 'footnotes';
  if (element.name === 'ol' && element.attribs.class === 'footnotes-list') {
    element.name = 'div';
    let n = 0;
    for (const item of element.children) {
      if (!(item instanceof Element) || item.name !== 'li') continue;
      item.name = 'aside';
      item.attribs['epub:type'] = 'footnote';
      const first = item.children.find((c): c is Element => c instanceof Element && c.name === 'p');
      const marker = new Element('span', { class: 'footnote-number' }, [new Text(`${++n}.`)]);
      const space = new Text(' ');
      marker.parent = space.parent = first ?? item;
      (first ?? item).children.unshift(marker, space);
      addMatchingRole(item);
    }
  }
}

/**
 * What writing the EPUB would change in each chapter's raw HTML, as the warnings a build gives, without
 * writing it (`quire check`). Images are taken as readable: only the packaging reads them.
 */
export function rawHtmlWarnings(rendered: RenderedBook, templates: Templates): QuireError[] {
  const urls = { chapter: (id: string) => `${id}.xhtml`, asset: (path: string) => path };
  return epubChapters(rendered, templates, urls).flatMap((c, i) => {
    const { chapter, headings, anchor } = rendered.chapters[i]!;
    const log = changeLog(chapter);
    chapterBody(c.html, {
      report: log.report,
      headings: new Set([anchor, ...headings.map((h) => h.id)]),
      ids: new Set(),
    });
    return log.warnings();
  });
}
