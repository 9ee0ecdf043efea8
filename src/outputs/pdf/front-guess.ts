/**
 * How the front matter came out the last time this book was printed, kept in the user's cache: how
 * many pages it took, and the page each of its contents' numbers came from. It is only a guess: the
 * book prints with it, then the front matter is printed with the guessed numbers (first-print.ts).
 * A wrong page count costs one more print of the book; wrong numbers, one more print of the front
 * matter; right, the book's PDF waits for neither. It never changes a page.
 */
import type { RenderedBook } from '../../model.ts';
import type { UserCache } from '../../util/user-cache.ts';

export interface FrontGuess {
  pages: number;
  /** The page (from 0) in the book's print of each destination the contents number. */
  dests: Record<string, number>;
}

const keyOf = (rendered: RenderedBook) => `front matter of ${rendered.book.root}`;

export function frontGuess(cache: UserCache, rendered: RenderedBook): FrontGuess | undefined {
  const kept = cache.get('print-layout', keyOf(rendered))?.data.toString('utf8');
  try {
    const guess = kept === undefined ? undefined : (JSON.parse(kept) as FrontGuess);
    return isGuess(guess) ? guess : undefined;
  } catch {
    return undefined;
  }
}

/** Kept when it changed: `kept` is what frontGuess read. */
export function keepFrontGuess(cache: UserCache, rendered: RenderedBook, guess: FrontGuess, kept?: FrontGuess): void {
  const text = JSON.stringify(guess);
  if (kept === undefined || JSON.stringify(kept) !== text) cache.put('print-layout', keyOf(rendered), text);
}

const isPage = (n: unknown) => Number.isInteger(n) && (n as number) >= 0 && (n as number) < 100_000;

function isGuess(guess: unknown): guess is FrontGuess {
  if (typeof guess !== 'object' || guess === null) return false;
  const { pages, dests } = guess as Partial<FrontGuess>;
  return isPage(pages) && typeof dests === 'object' && dests !== null && Object.values(dests).every(isPage);
}
