/**
 * A chapter's titles, worked out once per build (renderBook puts them on each rendered chapter) and
 * read as they are by every output and template: its label as the book's own tool prints it
 * (Book.numbering): "Chapter 3" in Quire's layout, "3.2." in mdBook, nothing in HonKit or
 * Docusaurus; its title; and the two as one line. A title that carries its own number ("第一章 …",
 * "Chapter 3: …", "2.1 Setup") gets no label, which would number it twice.
 */
import type { Book, Chapter, ChapterTitles, Numbering } from '../model.ts';
import { labelsFor, type Labels } from './labels.ts';

const OWN_NUMBER = [
  // "Chapter 3", "Part II", "Appendix A", "Lesson 4:" and the like, in the languages Quire labels.
  /^(chapter|part|appendix|lesson|section|unit|lecture|book|kapitel|chapitre|capítulo|capitolo)\s+([0-9]+|[ivxlcdm]+|[a-z])\b/i,
  // "第一章", "第 3 章", "第二部分", "第1節": CJK ordinals.
  /^第\s*[0-9０-９一二三四五六七八九十百千〇零两兩]+\s*[章节節部篇卷回课課讲講幕]/,
  // "附录 A", "付録A".
  /^(附录|附錄|付録)\s*[A-Z0-9一二三四五六七八九十]/,
  // "1. Intro", "4: Setup", "2.1 Setup", "3、概述" (not "2019 in review" or "1.5x faster").
  /^\d+(\.\d+)*[.:：)]\s/,
  /^\d+(\.\d+)+\s/,
  /^\d+(\.\d+)*、/,
];

export function carriesOwnNumber(title: string): boolean {
  const text = title.trim();
  return OWN_NUMBER.some((pattern) => pattern.test(text));
}

export function chapterLabel(
  chapter: Pick<Chapter, 'title' | 'heading' | 'number' | 'section'>,
  numbering: Numbering,
  labels: Labels,
): string | undefined {
  if (carriesOwnNumber(chapter.title) || carriesOwnNumber(chapter.heading ?? '')) return undefined;
  if (numbering === 'chapter') return chapter.number === undefined ? undefined : labels.chapter(chapter.number);
  if (numbering === 'section') return chapter.section && `${chapter.section.join('.')}.`;
  return undefined;
}

/** Label and title as one line (contents of the EPUB, bookmarks, running heads). */
export function labelledTitle(label: string | undefined, title: string, numbering: Numbering, labels: Labels): string {
  if (label === undefined) return title;
  return numbering === 'section' ? `${label} ${title}` : labels.labelled(label, title);
}

/** Every title of a chapter: see ChapterTitles. `labels`: the book's, when the caller has them. */
export function chapterTitles(
  chapter: Chapter,
  book: Pick<Book, 'config' | 'numbering'>,
  labels: Labels = labelsFor(book.config.language),
): ChapterTitles {
  const label = chapterLabel(chapter, book.numbering, labels);
  const labelled = labelledTitle(label, chapter.title, book.numbering, labels);
  const bookTitle = book.config.title;
  return {
    label,
    title: chapter.title,
    heading: chapter.heading ?? chapter.title,
    labelled,
    document: `${labelled} · ${bookTitle}`,
    handout: `${chapter.title} · ${bookTitle}`,
  };
}
