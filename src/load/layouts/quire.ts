/** Quire's own layout: book.yaml and a chapters/ folder. */
import { join } from 'node:path';
import type { QuireError } from '../../util/errors.ts';
import { loadChapters } from '../chapters.ts';
import { loadConfig } from '../config.ts';
import { readThrough } from '../read-cache.ts';
import type { LayoutBook, LayoutOptions } from './layout.ts';

export async function loadQuireBook({ root, drafts, cache }: LayoutOptions): Promise<LayoutBook> {
  const configFile = join(root, 'book.yaml');
  const config = await readThrough(cache?.config, configFile, loadConfig);
  const warnings: QuireError[] = [];
  const chapters = await loadChapters({
    chaptersDir: join(root, 'chapters'),
    explicitOrder: config.chapters,
    configFile,
    drafts,
    cache: cache?.chapters,
    warn: (w) => warnings.push(w),
  });
  return { layout: 'quire', configFile, config, chapters, parts: [], warnings, numbering: 'chapter' };
}
