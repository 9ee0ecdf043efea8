/**
 * Stage 3, assemble: the data templates see. Built from the rendered book for one output's URL
 * scheme (site pages, the single print document, EPUB files), so the same templates serve all three.
 */
import type { Heading, Part, RenderedBook, RenderedChapter } from '../model.ts';
import { labelsFor, type Labels } from '../render/labels.ts';
import { printableEmbeds } from './embeds.ts';
import { resolveQuireUrls, type UrlResolver } from '../render/quire-urls.ts';

export interface TocEntry {
  /** The chapter's id (a part's first chapter's), to mark the page being read. */
  id: string;
  label: string | undefined;
  title: string;
  /** Label and title as one line (navigation documents, bookmarks). */
  fullTitle: string;
  /** Where it points; a part points at its first chapter. */
  href: string;
  /** The printed page number (PDF only, once known). */
  page: string | undefined;
  sections: { html: string; text: string; href: string; level: number; page: string | undefined }[];
  /** The sections are many: the site's sidebar folds them. */
  manySections: boolean;
  /** True for a part: a title over its chapters (`children`), with no page of its own. */
  part: boolean;
  /** Sub-chapters, or a part's chapters. */
  children: TocEntry[];
}

/** The book as a tree: parts, chapters and sub-chapters, in reading order. */
export interface TocNode {
  part?: Part;
  /** The chapter; for a part, its first chapter. */
  chapter: RenderedChapter;
  children: TocNode[];
}

/** The folio of the page where a chapter (or one of its sections) starts, when known. */
export type PageLookup = (chapterId: string, anchor: string | undefined) => string | undefined;

export interface ChapterView {
  id: string;
  /** The title of the part this chapter opens, if it opens one. */
  partTitle: string | undefined;
  /** 0 for a chapter, 1 for a sub-chapter, … */
  depth: number;
  /** The chapter's named page in print (running heads). */
  page: string;
  anchor: string;
  /** The title printed over the chapter: the page's own leading heading, else its title in the contents. */
  title: string;
  label: string | undefined;
  /** Label and contents title as one line, e.g. "第 3 章 獲取 Docker" (navigation, bookmarks, running heads). */
  fullTitle: string;
  /** The title of the chapter's own page (the `<title>` of its site page or handout). */
  documentTitle: string;
  number: number | undefined;
  html: string;
}

export interface BookView {
  title: string;
  subtitle: string | undefined;
  authors: string[];
  /** The authors as one phrase, joined as the book's language joins a list ("A, B and C", "A、B和C"). */
  byline: string;
  language: string;
  identifier: string;
  publisher: string | undefined;
  date: string | undefined;
  description: string | undefined;
  keywords: string[];
  rights: string | undefined;
}

export interface PageView {
  book: BookView;
  labels: Omit<Labels, 'chapter'>;
  toc: TocEntry[];
}

export function bookView(rendered: RenderedBook): BookView {
  const { config, identifier } = rendered.book;
  return {
    title: config.title,
    subtitle: config.subtitle,
    authors: config.authors,
    byline: joinList(config.authors, config.language),
    language: config.language,
    identifier,
    publisher: config.publisher,
    date: config.date,
    description: config.description,
    keywords: config.keywords,
    rights: config.rights,
  };
}

function joinList(items: string[], language: string): string {
  try {
    return new Intl.ListFormat(language, { type: 'conjunction' }).format(items);
  } catch {
    // A tag Intl does not accept (book.yaml takes any string): English.
    return new Intl.ListFormat('en', { type: 'conjunction' }).format(items);
  }
}

/** Headings of these levels appear in tables of contents under their chapter. */
const TOC_SECTION_LEVELS = new Set([2]);
/** A chapter with more sections than this has them folded in the site's sidebar. */
const MANY_SECTIONS = 10;

export function pageView(rendered: RenderedBook, urls: UrlResolver, pageOf: PageLookup = () => undefined): PageView {
  const labels = labelsFor(rendered.book.config.language);
  const entry = (node: TocNode): TocEntry => {
    const c = node.chapter;
    const sections = node.part ? [] : tocSections(c);
    return {
      id: c.chapter.id,
      label: node.part ? undefined : c.titles.label,
      title: node.part?.title ?? c.titles.title,
      fullTitle: node.part?.title ?? c.titles.labelled,
      href: urls.chapter(c.chapter.id, undefined),
      page: pageOf(c.chapter.id, undefined),
      sections: sections.map((h) => ({
        html: resolveQuireUrls(h.html, urls),
        text: h.text,
        href: urls.chapter(c.chapter.id, h.id),
        level: h.level,
        page: pageOf(c.chapter.id, h.id),
      })),
      manySections: sections.length > MANY_SECTIONS,
      part: node.part !== undefined,
      children: node.children.map(entry),
    };
  };
  return { book: bookView(rendered), labels, toc: tocTree(rendered).map(entry) };
}

/**
 * Chapters nested under their parents, and top-level chapters under their parts. A flat book
 * (no parts, no sub-chapters) gives one node per chapter, without children.
 */
export function tocTree(rendered: RenderedBook): TocNode[] {
  const top: TocNode[] = [];
  const byId = new Map<string, TocNode>();
  const parts = new Map(rendered.book.parts.map((p) => [p.id, p]));
  let openPart: TocNode | undefined;
  for (const c of rendered.chapters) {
    const node: TocNode = { chapter: c, children: [] };
    byId.set(c.chapter.id, node);
    const parent = c.chapter.parent === undefined ? undefined : byId.get(c.chapter.parent);
    if (parent) {
      parent.children.push(node);
      continue;
    }
    const part = c.chapter.part === undefined ? undefined : parts.get(c.chapter.part);
    if (!part) {
      openPart = undefined;
      top.push(node);
      continue;
    }
    if (openPart?.part !== part) {
      openPart = { part, chapter: c, children: [] };
      top.push(openPart);
    }
    openPart.children.push(node);
  }
  return top;
}

/** The part a chapter opens: its title, when it is the first chapter of a part. */
export function partOpenedBy(rendered: RenderedBook, chapter: RenderedChapter): string | undefined {
  const i = rendered.chapters.findIndex((c) => c.chapter.id === chapter.chapter.id);
  const part = chapter.chapter.part;
  if (part === undefined || rendered.chapters[i - 1]?.chapter.part === part) return undefined;
  return rendered.book.parts.find((p) => p.id === part)?.title;
}

/** The headings a table of contents (and the PDF's bookmarks) list under a chapter. */
export function tocSections(chapter: RenderedChapter): Heading[] {
  return chapter.headings.filter((h) => TOC_SECTION_LEVELS.has(h.level));
}

/** A chapter's view without its body: what titles, running heads, bookmarks and navigation need. */
export function chapterMeta(rendered: RenderedBook, chapter: RenderedChapter): Omit<ChapterView, 'html'> {
  const { titles } = chapter;
  return {
    id: chapter.chapter.id,
    partTitle: partOpenedBy(rendered, chapter),
    depth: chapter.chapter.depth,
    page: `ch-${chapter.chapter.id}`,
    anchor: chapter.anchor,
    title: titles.heading,
    label: titles.label,
    fullTitle: titles.labelled,
    documentTitle: titles.document,
    number: chapter.chapter.number,
  };
}

export function chapterView(rendered: RenderedBook, chapter: RenderedChapter, urls: UrlResolver): ChapterView {
  return { ...chapterMeta(rendered, chapter), html: resolveQuireUrls(chapter.html, urls) };
}

/** A chapter as printed (the PDF, handouts): embeds, which print as empty frames, as their links. */
export function printChapterView(rendered: RenderedBook, chapter: RenderedChapter, urls: UrlResolver): ChapterView {
  const view = chapterView(rendered, chapter, urls);
  return { ...view, html: printableEmbeds(view.html) };
}
