/**
 * How many pages the front matter took the last time this book was printed, kept in the user's
 * cache. It is only a guess: the book prints with it while the front matter is counted beside it
 * (pdf.ts), and prints again if the count differs. Right, it saves a short book's PDF the wait
 * for the count; wrong, it costs one more print of the book; it never changes a page.
 */
import type { RenderedBook } from '../../model.ts';
import type { UserCache } from '../../util/user-cache.ts';

const keyOf = (rendered: RenderedBook) => `front pages of ${rendered.book.root}`;

export function frontGuess(cache: UserCache, rendered: RenderedBook): number | undefined {
  const kept = cache.get('print-layout', keyOf(rendered))?.data.toString('utf8');
  return kept !== undefined && /^\d{1,4}$/.test(kept) ? Number(kept) : undefined;
}

export function keepFrontPages(cache: UserCache, rendered: RenderedBook, pages: number): void {
  cache.put('print-layout', keyOf(rendered), String(pages));
}
