/**
 * The EPUB's package document, navigation document, NCX, cover page and chapter documents,
 * written by Quire: epub-gen-memory's defaults hard-code the language, list chapters flat,
 * stamp a random identifier and the current time, and entity-encode every CJK character.
 */
import type { TocEntry } from '../../assemble/view.ts';
import type { RenderedBook } from '../../model.ts';
import { labelsFor } from '../../render/labels.ts';
import { isoSeconds } from '../../util/dates.ts';
import { accessibilityMeta, type AccessibilityParts } from './accessibility.ts';

const xml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

export interface ManifestItem {
  id: string;
  href: string;
  mediaType: string;
  properties?: string;
}

export interface PackageParts {
  /** Chapter documents in reading order; `properties` such as `svg mathml` for what they hold. */
  chapters: { id: string; title: string; filename: string; properties?: string }[];
  /** Images and other files besides the documents. */
  media: ManifestItem[];
  /** The cover image's manifest id, when there is one. */
  coverImage: string | undefined;
  modified: Date;
  /** What the accessibility metadata is stated from. */
  accessibility: AccessibilityParts;
  /** The edition the page list gives the pages of (EPUB Accessibility 1.1 asks that it be named). */
  printSource?: string;
}

export function contentOpf(rendered: RenderedBook, parts: PackageParts): string {
  const c = rendered.book.config;
  const lang = xml(c.language);
  const meta = [
    `<dc:identifier id="BookId">${xml(rendered.book.identifier)}</dc:identifier>`,
    `<dc:title id="title">${xml(c.title)}</dc:title>`,
    `<meta refines="#title" property="title-type">main</meta>`,
    ...(c.subtitle
      ? [
          `<dc:title id="subtitle">${xml(c.subtitle)}</dc:title>`,
          `<meta refines="#subtitle" property="title-type">subtitle</meta>`,
        ]
      : []),
    `<dc:language>${lang}</dc:language>`,
    ...c.authors.flatMap((a, i) => [
      `<dc:creator id="creator${i}">${xml(a)}</dc:creator>`,
      `<meta refines="#creator${i}" property="role" scheme="marc:relators">aut</meta>`,
    ]),
    ...(c.publisher ? [`<dc:publisher>${xml(c.publisher)}</dc:publisher>`] : []),
    ...(c.date ? [`<dc:date>${xml(c.date)}</dc:date>`] : []),
    ...(c.description ? [`<dc:description>${xml(c.description)}</dc:description>`] : []),
    ...c.keywords.map((k) => `<dc:subject>${xml(k)}</dc:subject>`),
    ...(c.rights ? [`<dc:rights>${xml(c.rights)}</dc:rights>`] : []),
    // Which source gives the pagination: `source-of` says so (EPUB 3.2; Ace looks for it or pageBreakSource).
    ...(parts.printSource
      ? [
          `<dc:source id="print-source">${xml(parts.printSource)}</dc:source>`,
          `<meta refines="#print-source" property="source-of">pagination</meta>`,
        ]
      : []),
    `<meta property="dcterms:modified">${isoSeconds(parts.modified)}</meta>`,
    ...accessibilityMeta(rendered, parts.accessibility, xml),
    ...(parts.coverImage ? [`<meta name="cover" content="${parts.coverImage}"/>`] : []),
    `<meta name="generator" content="Quire"/>`,
  ];
  const items: ManifestItem[] = [
    { id: 'nav', href: 'toc.xhtml', mediaType: 'application/xhtml+xml', properties: 'nav' },
    { id: 'ncx', href: 'toc.ncx', mediaType: 'application/x-dtbncx+xml' },
    { id: 'css', href: 'style.css', mediaType: 'text/css' },
    ...(parts.coverImage ? [{ id: 'cover-page', href: 'cover.xhtml', mediaType: 'application/xhtml+xml' }] : []),
    ...parts.chapters.map((ch, i) => ({
      id: `chapter-${i + 1}`,
      href: ch.filename,
      mediaType: 'application/xhtml+xml',
      properties: ch.properties,
    })),
    ...parts.media,
  ];
  const spine = [
    ...(parts.coverImage ? ['<itemref idref="cover-page" linear="no"/>'] : []),
    '<itemref idref="nav"/>',
    ...parts.chapters.map((_, i) => `<itemref idref="chapter-${i + 1}"/>`),
  ];
  const item = (m: ManifestItem) =>
    `<item id="${m.id}" href="${xml(m.href)}" media-type="${m.mediaType}"${m.properties ? ` properties="${m.properties}"` : ''}/>`;
  return `<?xml version="1.0" encoding="UTF-8"?>
<package xmlns="http://www.idpf.org/2007/opf" version="3.0" unique-identifier="BookId" xml:lang="${lang}">
<metadata xmlns:dc="http://purl.org/dc/elements/1.1/">
${meta.join('\n')}
</metadata>
<manifest>
${items.map(item).join('\n')}
</manifest>
<spine toc="ncx">
${spine.join('\n')}
</spine>
</package>
`;
}

function xhtmlDocument(lang: string, title: string, body: string, bodyAttributes = ''): string {
  const [head, foot] = xhtmlAround(lang, title, bodyAttributes);
  return head + body + foot;
}

/** An XHTML document's text before and after its body. */
function xhtmlAround(lang: string, title: string, bodyAttributes = ''): [string, string] {
  return [
    `<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE html>
<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops" xml:lang="${xml(lang)}" lang="${xml(lang)}">
<head>
<meta charset="UTF-8"/>
<title>${xml(title)}</title>
<link rel="stylesheet" type="text/css" href="style.css"/>
</head>
<body${bodyAttributes}>
`,
    `
</body>
</html>
`,
  ];
}

/** A chapter document around its XHTML body, given in pieces: its UTF-8 bytes. */
export function chapterXhtml(rendered: RenderedBook, title: string, body: Uint8Array[]): Buffer {
  const [head, foot] = xhtmlAround(rendered.book.config.language, title, ' epub:type="bodymatter"');
  return Buffer.concat([Buffer.from(head), ...body, Buffer.from(foot)]);
}

export function coverXhtml(rendered: RenderedBook, imageHref: string): string {
  const c = rendered.book.config;
  return xhtmlDocument(
    c.language,
    c.title,
    `<section epub:type="cover" class="cover-page"><img src="${xml(imageHref)}" alt="${xml(c.title)}"/></section>`,
  );
}

export interface NavParts {
  hasCover: boolean;
  /** The print edition's pages, when the EPUB marks them: links to the page breaks, in order. */
  pageList?: { href: string; label: string }[];
}

/**
 * nav.xhtml: the nested table of contents (parts, chapters, sub-chapters, sections), landmarks, and
 * the print edition's page list when there is one.
 */
export function navXhtml(rendered: RenderedBook, toc: TocEntry[], { hasCover, pageList = [] }: NavParts): string {
  const c = rendered.book.config;
  const labels = labelsFor(c.language);
  const item = (entry: TocEntry): string => {
    const inner = [
      ...entry.sections.map((s) => `<li><a href="${xml(s.href)}">${xml(s.text)}</a></li>`),
      ...entry.children.map(item),
    ];
    const nested = inner.length ? `\n<ol>${inner.join('')}</ol>` : '';
    return `<li><a href="${xml(entry.href)}">${xml(entry.fullTitle)}</a>${nested}</li>`;
  };
  const items = toc.map(item).join('\n');
  const flat = (entries: TocEntry[]): TocEntry[] => entries.flatMap((e) => [e, ...flat(e.children)]);
  const body = flat(toc).find((e) => e.label) ?? toc[0];
  const landmarks = [
    ...(hasCover ? [`<li><a epub:type="cover" href="cover.xhtml">${xml(c.title)}</a></li>`] : []),
    `<li><a epub:type="toc" href="toc.xhtml">${xml(labels.contents)}</a></li>`,
    ...(body
      ? [`<li><a epub:type="bodymatter" href="${xml(body.href.split('#')[0]!)}">${xml(body.fullTitle)}</a></li>`]
      : []),
  ];
  return xhtmlDocument(
    c.language,
    labels.contents,
    `<nav epub:type="toc" role="doc-toc" id="toc">
<h1>${xml(labels.contents)}</h1>
<ol>
${items}
</ol>
</nav>
<nav epub:type="landmarks" id="landmarks" hidden="hidden">
<ol>
${landmarks.join('\n')}
</ol>
</nav>${pageList.length > 0 ? pageListNav(pageList) : ''}`,
  );
}

/** The page list: reading systems offer it as "go to page"; it is not shown as part of the contents. */
const pageListNav = (pages: { href: string; label: string }[]) => `
<nav epub:type="page-list" role="doc-pagelist" id="page-list" hidden="hidden">
<ol>
${pages.map((p) => `<li><a href="${xml(p.href)}">${xml(p.label)}</a></li>`).join('\n')}
</ol>
</nav>`;

/** toc.ncx, for EPUB 2 reading systems. */
export function tocNcx(rendered: RenderedBook, toc: TocEntry[]): string {
  let order = 0;
  let depth = 0;
  // Points to the same place share a playOrder (a part points at its first chapter).
  const orders = new Map<string, number>();
  const point = (id: string, label: string, href: string, level: number, children: () => string[]) => {
    depth = Math.max(depth, level);
    const playOrder = orders.get(href) ?? ++order;
    orders.set(href, playOrder);
    return `<navPoint id="${id}" playOrder="${playOrder}"><navLabel><text>${xml(label)}</text></navLabel><content src="${xml(href)}"/>${children().join('')}</navPoint>`;
  };
  const entry = (e: TocEntry, id: string, level: number): string =>
    point(id, e.fullTitle, e.href, level, () => [
      ...e.sections.map((s, j) => point(`${id}-${j + 1}`, s.text, s.href, level + 1, () => [])),
      ...e.children.map((child, j) => entry(child, `${id}-${e.sections.length + j + 1}`, level + 1)),
    ]);
  const points = toc.map((e, i) => entry(e, `nav-${i + 1}`, 1));
  return `<?xml version="1.0" encoding="UTF-8"?>
<ncx xmlns="http://www.daisy.org/z3986/2005/ncx/" version="2005-1">
<head>
<meta name="dtb:uid" content="${xml(rendered.book.identifier)}"/>
<meta name="dtb:depth" content="${depth}"/>
<meta name="dtb:totalPageCount" content="0"/>
<meta name="dtb:maxPageNumber" content="0"/>
</head>
<docTitle><text>${xml(rendered.book.config.title)}</text></docTitle>
<navMap>
${points.join('\n')}
</navMap>
</ncx>
`;
}
