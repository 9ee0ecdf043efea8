/**
 * The EPUB's accessibility metadata (EPUB Accessibility 1.1, schema.org terms), stated from what the
 * book holds: a claim a reading system or a shop shows to readers must be true of this book, so
 * each one is made only when the chapters bear it out.
 */
import { documentPieces, type PiecedDocument } from '../../assemble/pieces.ts';
import type { RenderedBook } from '../../model.ts';
import { hasAlt } from '../../render/image-alt.ts';
import { regionOf } from '../../util/languages.ts';

/** What a book's chapters hold that its accessibility metadata speaks of. */
export interface ContentFacts {
  /** `<img>` elements. */
  images: number;
  /** Of those, the ones without an `alt` attribute (`alt=""` marks an image that only decorates). */
  imagesWithoutAlt: number;
  /** Inline SVG drawings (diagrams). */
  drawings: number;
  /** Formulas written as MathML. */
  mathml: boolean;
  /** Audio, video or animated images: what could flash or play sound. */
  moving: boolean;
}

export const NO_FACTS: ContentFacts = { images: 0, imagesWithoutAlt: 0, drawings: 0, mathml: false, moving: false };

/** The facts of one chapter's HTML as rendered (before the XHTML writer fills in an empty `alt`). */
export function contentFacts(html: PiecedDocument): ContentFacts {
  const facts = { ...NO_FACTS };
  for (const piece of documentPieces(html)) {
    const text = piece.toString();
    for (const [tag] of text.matchAll(/<img\b[^>]*>/gi)) {
      facts.images++;
      if (!hasAlt(tag)) facts.imagesWithoutAlt++;
      if (/\.(?:gif|apng)\b/i.test(tag)) facts.moving = true;
    }
    facts.drawings += text.match(/<svg[\s>]/gi)?.length ?? 0;
    if (/<math[\s>]/i.test(text)) facts.mathml = true;
    if (/<(?:video|audio)[\s>]/i.test(text)) facts.moving = true;
  }
  return facts;
}

export function addFacts(a: ContentFacts, b: ContentFacts): ContentFacts {
  return {
    images: a.images + b.images,
    imagesWithoutAlt: a.imagesWithoutAlt + b.imagesWithoutAlt,
    drawings: a.drawings + b.drawings,
    mathml: a.mathml || b.mathml,
    moving: a.moving || b.moving,
  };
}

export interface AccessibilityParts {
  facts: ContentFacts;
  hasCover: boolean;
  /** The print pages the EPUB marks, when it has a page list. */
  pageList: boolean;
}

/** The conformance Quire's EPUBs are written to; claimed only when nothing known stands against it. */
export const CONFORMANCE = 'EPUB Accessibility 1.1 - WCAG 2.2 Level AA';

/** The package document's `<meta>` elements for accessibility, `xml` escaping text. */
export function accessibilityMeta(rendered: RenderedBook, parts: AccessibilityParts, xml: (s: string) => string) {
  const { facts } = parts;
  const visual = facts.images > 0 || facts.drawings > 0 || parts.hasCover;
  // Every image described (or marked as decoration): the text alone carries the book.
  const described = facts.imagesWithoutAlt === 0;
  const features = [
    'structuralNavigation',
    'tableOfContents',
    ...(facts.images > 0 && described ? ['alternativeText'] : []),
    ...(facts.mathml ? ['MathML'] : []),
    ...(parts.pageList ? ['pageBreakMarkers', 'pageNavigation'] : []),
  ];
  const sufficient = [
    ...(visual ? ['textual,visual'] : []),
    ...(!visual || (described && facts.drawings === 0) ? ['textual'] : []),
  ];
  const summary = accessibilitySummary(rendered.book.config.language, { ...parts, described });
  const schema = (property: string, value: string) => `<meta property="schema:${property}">${xml(value)}</meta>`;
  return [
    schema('accessMode', 'textual'),
    ...(visual ? [schema('accessMode', 'visual')] : []),
    ...sufficient.map((s) => schema('accessModeSufficient', s)),
    ...features.map((f) => schema('accessibilityFeature', f)),
    // Quire cannot tell whether an animation flashes: it says so rather than claim there is no hazard.
    schema('accessibilityHazard', facts.moving ? 'unknown' : 'none'),
    `<meta property="schema:accessibilitySummary"${summary.lang ? ` xml:lang="${summary.lang}"` : ''}>${xml(summary.text)}</meta>`,
    ...(described ? [`<meta property="dcterms:conformsTo">${CONFORMANCE}</meta>`] : []),
  ];
}

interface SummaryFacts extends AccessibilityParts {
  described: boolean;
}

/** The summary in the book's language (English for languages Quire has no words for, marked as such). */
function accessibilitySummary(language: string, s: SummaryFacts): { text: string; lang?: string } {
  const region = regionOf(language);
  if (region === 'zh-Hans' || region === 'zh-Hant' || region === 'zh-HK') {
    const simplified = region === 'zh-Hans';
    return { text: simplified ? chineseSummary(s, SIMPLIFIED) : chineseSummary(s, TRADITIONAL) };
  }
  return { text: englishSummary(s), lang: /^en\b/i.test(language) ? undefined : 'en' };
}

function englishSummary(s: SummaryFacts): string {
  return [
    'This publication is reflowable text with headings and a table of contents for navigation.',
    s.facts.images === 0
      ? 'Its chapters have no images.'
      : s.described
        ? 'Every image has a text alternative or is marked as decoration.'
        : 'Some images have no text alternative.',
    s.facts.drawings > 0 ? 'Diagrams are drawn as SVG with their labels as text.' : '',
    s.facts.mathml ? 'Formulas are written in MathML.' : '',
    s.pageList ? 'Page-break markers and a page list give the page numbers of the print edition.' : '',
    s.described ? `It is written to meet ${CONFORMANCE}.` : '',
  ]
    .filter(Boolean)
    .join(' ');
}

interface ChineseWords {
  base: string;
  noImages: string;
  described: string;
  notDescribed: string;
  drawings: string;
  mathml: string;
  pages: string;
  conforms: string;
}

const TRADITIONAL: ChineseWords = {
  base: '本出版物為可重排文字，附有標題與目錄供導覽。',
  noImages: '正文沒有圖片。',
  described: '每張圖片都有替代文字，或標記為裝飾。',
  notDescribed: '部分圖片沒有替代文字。',
  drawings: '圖表以 SVG 繪製，其標籤為文字。',
  mathml: '公式以 MathML 撰寫。',
  pages: '分頁標記與頁碼清單提供印刷版的頁碼。',
  conforms: `依 ${CONFORMANCE} 撰寫。`,
};

const SIMPLIFIED: ChineseWords = {
  base: '本出版物为可重排文字，附有标题与目录供导航。',
  noImages: '正文没有图片。',
  described: '每张图片都有替代文字，或标记为装饰。',
  notDescribed: '部分图片没有替代文字。',
  drawings: '图表以 SVG 绘制，其标签为文字。',
  mathml: '公式以 MathML 编写。',
  pages: '分页标记与页码列表提供印刷版的页码。',
  conforms: `依 ${CONFORMANCE} 编写。`,
};

function chineseSummary(s: SummaryFacts, w: ChineseWords): string {
  return [
    w.base,
    s.facts.images === 0 ? w.noImages : s.described ? w.described : w.notDescribed,
    s.facts.drawings > 0 ? w.drawings : '',
    s.facts.mathml ? w.mathml : '',
    s.pageList ? w.pages : '',
    s.described ? w.conforms : '',
  ].join('');
}
