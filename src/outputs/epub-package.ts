/**
 * The EPUB's package document, navigation document and NCX, written by Quire rather than
 * epub-gen-memory's defaults (which hard-code the language, list chapters flat and stamp a
 * random identifier). They are handed to epub-gen-memory as its EJS templates; only the image
 * and chapter loops are left to it, since it names the image files it downloads.
 */
import type { EpubChapter } from '../assemble/documents.ts';
import type { TocEntry } from '../assemble/view.ts';
import type { RenderedBook } from '../model.ts';
import { labelsFor } from '../render/labels.ts';
import { isoSeconds, sourceDateEpoch } from '../util/dates.ts';

const xml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

export function contentOpf(rendered: RenderedBook): string {
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
    `<meta property="dcterms:modified">${isoSeconds(sourceDateEpoch() ?? new Date())}</meta>`,
    `<meta name="generator" content="Quire"/>`,
  ];
  return `<?xml version="1.0" encoding="UTF-8"?>
<package xmlns="http://www.idpf.org/2007/opf" version="3.0" unique-identifier="BookId" xml:lang="${lang}">
<metadata xmlns:dc="http://purl.org/dc/elements/1.1/">
${meta.join('\n')}
</metadata>
<manifest>
<item id="ncx" href="toc.ncx" media-type="application/x-dtbncx+xml"/>
<item id="toc" href="toc.xhtml" media-type="application/xhtml+xml" properties="nav"/>
<item id="css" href="style.css" media-type="text/css"/>
<% images.forEach(function(image, index){ %><item id="image_<%= index %>" href="images/<%= image.id %>.<%= image.extension %>" media-type="<%= image.mediaType %>"/>
<% }) %><% content.forEach(function(content, index){ %><item id="content_<%= index %>" href="<%= content.filename %>" media-type="application/xhtml+xml"/>
<% }) %></manifest>
<spine toc="ncx">
<itemref idref="toc"/>
<% content.forEach(function(content, index){ %><itemref idref="content_<%= index %>"/>
<% }) %></spine>
</package>`;
}

/** nav.xhtml: the nested table of contents (chapters, then their sections) and landmarks. */
export function navXhtml(rendered: RenderedBook, toc: TocEntry[], chapters: EpubChapter[]): string {
  const c = rendered.book.config;
  const labels = labelsFor(c.language);
  const items = toc
    .map((entry, i) => {
      const sections = entry.sections.length
        ? `\n<ol>${entry.sections.map((s) => `<li><a href="${xml(s.href)}">${xml(stripTags(s.html))}</a></li>`).join('')}</ol>`
        : '';
      return `<li><a href="${xml(entry.href)}">${xml(chapters[i]!.title)}</a>${sections}</li>`;
    })
    .join('\n');
  const first = chapters.find((_, i) => toc[i]?.label) ?? chapters[0];
  return `<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE html>
<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops" xml:lang="${xml(c.language)}" lang="${xml(c.language)}">
<head>
<meta charset="UTF-8"/>
<title>${xml(labels.contents)}</title>
<link rel="stylesheet" type="text/css" href="style.css"/>
</head>
<body>
<nav epub:type="toc" id="toc">
<h1>${xml(labels.contents)}</h1>
<ol>
${items}
</ol>
</nav>
<nav epub:type="landmarks" id="landmarks" hidden="hidden">
<ol>
<li><a epub:type="toc" href="toc.xhtml">${xml(labels.contents)}</a></li>
${first ? `<li><a epub:type="bodymatter" href="${xml(first.filename)}">${xml(first.title)}</a></li>` : ''}
</ol>
</nav>
</body>
</html>`;
}

/** toc.ncx, for EPUB 2 reading systems. */
export function tocNcx(rendered: RenderedBook, toc: TocEntry[], chapters: EpubChapter[]): string {
  let order = 0;
  const point = (id: string, label: string, href: string, children = '') =>
    `<navPoint id="${id}" playOrder="${++order}"><navLabel><text>${xml(label)}</text></navLabel><content src="${xml(href)}"/>${children}</navPoint>`;
  const points = toc
    .map((entry, i) => {
      const id = `nav-${i}`;
      const label = chapters[i]!.title;
      const head = `<navPoint id="${id}" playOrder="${++order}"><navLabel><text>${xml(label)}</text></navLabel><content src="${xml(entry.href)}"/>`;
      const children = entry.sections.map((s, j) => point(`${id}-${j}`, stripTags(s.html), s.href)).join('');
      return `${head}${children}</navPoint>`;
    })
    .join('\n');
  const depth = toc.some((e) => e.sections.length > 0) ? 2 : 1;
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
${points}
</navMap>
</ncx>`;
}

function stripTags(html: string): string {
  return html
    .replace(/<[^>]*>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&');
}
