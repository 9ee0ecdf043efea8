/**
 * Stage 3, assemble: the data templates see. Built from the rendered book for one output's URL
 * scheme (site pages, the single print document, EPUB files), so the same templates serve all three.
 */
import type { Heading, RenderedBook, RenderedChapter } from '../model.ts';
import { labelsFor, type Labels } from '../render/labels.ts';
import { resolveQuireUrls, type UrlResolver } from '../render/references.ts';

export interface TocEntry {
  label: string | undefined;
  title: string;
  href: string;
  /** The printed page number (PDF only, once known). */
  page: string | undefined;
  sections: { html: string; text: string; href: string; level: number; page: string | undefined }[];
}

/** The folio of the page where a chapter (or one of its sections) starts, when known. */
export type PageLookup = (chapterId: string, anchor: string | undefined) => string | undefined;

export interface ChapterView {
  id: string;
  /** The chapter's named page in print (running heads). */
  page: string;
  anchor: string;
  title: string;
  label: string | undefined;
  /** Label and title as one line, e.g. "第 3 章 獲取 Docker". */
  fullTitle: string;
  number: number | undefined;
  html: string;
}

export interface BookView {
  title: string;
  subtitle: string | undefined;
  authors: string[];
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
    language: config.language,
    identifier,
    publisher: config.publisher,
    date: config.date,
    description: config.description,
    keywords: config.keywords,
    rights: config.rights,
  };
}

/** Headings of these levels appear in tables of contents under their chapter. */
const TOC_SECTION_LEVELS = new Set([2]);

export function pageView(rendered: RenderedBook, urls: UrlResolver, pageOf: PageLookup = () => undefined): PageView {
  const labels = labelsFor(rendered.book.config.language);
  return {
    book: bookView(rendered),
    labels,
    toc: rendered.chapters.map((c) => ({
      label: chapterLabel(c, labels),
      title: c.chapter.title,
      href: urls.chapter(c.chapter.id, undefined),
      page: pageOf(c.chapter.id, undefined),
      sections: tocSections(c).map((h) => ({
        html: resolveQuireUrls(h.html, urls),
        text: h.text,
        href: urls.chapter(c.chapter.id, h.id),
        level: h.level,
        page: pageOf(c.chapter.id, h.id),
      })),
    })),
  };
}

/** The headings a table of contents (and the PDF's bookmarks) list under a chapter. */
export function tocSections(chapter: RenderedChapter): Heading[] {
  return chapter.headings.filter((h) => TOC_SECTION_LEVELS.has(h.level));
}

export function chapterView(rendered: RenderedBook, chapter: RenderedChapter, urls: UrlResolver): ChapterView {
  const labels = labelsFor(rendered.book.config.language);
  const label = chapterLabel(chapter, labels);
  return {
    id: chapter.chapter.id,
    page: `ch-${chapter.chapter.id}`,
    anchor: chapter.anchor,
    title: chapter.chapter.title,
    label,
    fullTitle: label ? labels.labelled(label, chapter.chapter.title) : chapter.chapter.title,
    number: chapter.chapter.number,
    html: resolveQuireUrls(chapter.html, urls),
  };
}

export function chapterLabel(chapter: RenderedChapter, labels: Labels): string | undefined {
  return chapter.chapter.number === undefined ? undefined : labels.chapter(chapter.chapter.number);
}
