/** Stage 1, load: book.yaml and the chapters, in order, as one Book. */
import { createHash } from 'node:crypto';
import { join, resolve } from 'node:path';
import type { Book } from '../model.ts';
import type { QuireError } from '../util/errors.ts';
import { loadChapters } from './chapters.ts';
import { loadConfig } from './config.ts';

export interface LoadOptions {
  root: string;
  drafts?: boolean;
}

export async function loadBook(options: LoadOptions): Promise<Book> {
  const root = resolve(options.root);
  const configFile = join(root, 'book.yaml');
  const config = await loadConfig(configFile);
  const warnings: QuireError[] = [];
  const chapters = await loadChapters({
    chaptersDir: join(root, 'chapters'),
    explicitOrder: config.chapters,
    configFile,
    drafts: options.drafts ?? false,
    warn: (w) => warnings.push(w),
  });
  return {
    root,
    configFile,
    config,
    identifier: config.identifier ?? derivedIdentifier(config.title, config.authors),
    chapters,
    warnings,
  };
}

/** A name-based UUID (RFC 4122 version 5 layout) from title and authors: the same book keeps its identifier. */
function derivedIdentifier(title: string, authors: string[]): string {
  const hex = createHash('sha1')
    .update(`quire:${title}\n${authors.join('\n')}`)
    .digest('hex');
  const variant = ((parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16);
  return `urn:uuid:${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
