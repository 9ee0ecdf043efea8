/**
 * Highlighting is about a third of a chapter's rendering. In watch mode a chapter rendered again
 * takes the code blocks it had last time (an edit changes one paragraph, not every block) and
 * keeps for next time just the blocks it still has.
 */
import { highlightBlock } from './highlight.ts';

export class HighlightMemo {
  private before = new Map<string, string>();
  /** The blocks highlighted since `start`, by language and code. */
  used = new Map<string, string>();

  /** Before each chapter: `previous` is what the chapter used when it was last rendered. */
  start(previous = new Map<string, string>()): void {
    this.before = previous;
    this.used = new Map();
  }

  highlight = (code: string, info: string): string => {
    const key = `${info}\0${code}`;
    const html = this.used.get(key) ?? this.before.get(key) ?? highlightBlock(code, info);
    this.used.set(key, html);
    return html;
  };
}
