/** A handout's file name, apart from the handouts output so the site can link to it without loading the PDF's libraries. */
import type { RenderedChapter } from '../../model.ts';

/** `03-getting-docker`: the chapter's place in the book, then its file name without a number. */
export function handoutName(chapter: RenderedChapter, index: number): string {
  const slug = chapter.chapter.id.replace(/^[\d-]+/, '') || 'chapter';
  return `${String(index + 1).padStart(2, '0')}-${slug}`;
}
