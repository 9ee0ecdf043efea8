/** Quire's own layout: book.yaml and a chapters/ folder. */
import { join } from 'node:path';
import { isUserError, problems, QuireErrors, type QuireError } from '../../util/errors.ts';
import { loadChapters } from '../chapters.ts';
import { loadConfig } from '../config.ts';
import { readThrough } from '../read-cache.ts';
import type { LayoutBook, LayoutOptions } from './layout.ts';

export async function loadQuireBook({ root, drafts, cache }: LayoutOptions): Promise<LayoutBook> {
  const configFile = join(root, 'book.yaml');
  const errors: QuireError[] = [];
  const warnings: QuireError[] = [];
  const collect = (error: unknown): undefined => {
    if (!isUserError(error)) throw error;
    errors.push(...(error instanceof QuireErrors ? error.errors : [error]));
    return undefined;
  };
  // Read apart, so that a mistake in one does not hide those in the other: with a broken book.yaml,
  // the chapters are still read (in their files' order) and every problem is reported at once.
  const config = await readThrough(cache?.config, configFile, loadConfig).catch(collect);
  const chapters = await loadChapters({
    chaptersDir: join(root, 'chapters'),
    explicitOrder: config?.chapters,
    configFile,
    drafts,
    cache: cache?.chapters,
    warn: (w) => warnings.push(w),
  }).catch(collect);
  if (!config || !chapters) throw warnings.length > 0 ? new QuireErrors(errors, warnings) : problems(errors);
  return { layout: 'quire', configFile, config, chapters, parts: [], warnings, numbering: 'chapter' };
}
