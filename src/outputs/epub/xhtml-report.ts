/**
 * What the EPUB's XHTML writer changed in a chapter's raw HTML, as warnings naming the chapter file
 * and the line the change comes from. The same change made many times in a chapter is one warning.
 */
import { fileLine, type Chapter } from '../../model.ts';
import { QuireError } from '../../util/errors.ts';
import type { Change } from './xhtml-sanitize.ts';

export interface ChangeLog {
  report: (change: Change) => void;
  warnings: () => QuireError[];
}

export function changeLog(chapter: Chapter): ChangeLog {
  const changes = new Map<string, { source: RegExp; count: number }>();
  return {
    report(change) {
      const seen = changes.get(change.what);
      if (seen) seen.count++;
      else changes.set(change.what, { source: change.source, count: 1 });
    },
    warnings: () =>
      [...changes].map(
        ([what, { source, count }]) =>
          new QuireError(`EPUB: ${what}${count > 1 ? ` (${count} times in this chapter)` : ''}`, {
            file: chapter.file,
            line: lineOf(chapter, source),
            hint: 'EPUB reading systems accept only valid XHTML; write HTML elements and attributes as HTML defines them to keep them (the site keeps the HTML as written)',
          }),
      ),
  };
}

/** The file line where `source` first matches the chapter's Markdown, if it does. */
function lineOf(chapter: Chapter, source: RegExp): number | undefined {
  const at = source.exec(chapter.body)?.index;
  return at === undefined ? undefined : fileLine(chapter, chapter.body.slice(0, at).split('\n').length - 1);
}
