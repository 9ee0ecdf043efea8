/**
 * Stage 1, load: the book's settings and chapters, in order, as one Book, whatever the layout
 * it is written in (src/load/layouts/: Quire's own, SUMMARY.md books, Docusaurus docs).
 */
import { createHash } from 'node:crypto';
import { existsSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Book } from '../model.ts';
import type { LoadCache } from './read-cache.ts';
import { QuireError } from '../util/errors.ts';
import type { BookConfig } from './config-schema.ts';
import { loadConfig, parseConfig } from './config.ts';
import { readTextFile } from './text-file.ts';
import { QUIRE_YAML } from '../util/settings-place.ts';
import { detectLayout } from './layouts/detect.ts';
import type { LayoutBook } from './layouts/layout.ts';
import { loadQuireBook } from './layouts/quire.ts';
import { loadSummaryBook } from './layouts/summary.ts';

export interface LoadOptions {
  root: string;
  drafts?: boolean;
  /** Files read by the build before (watch mode); see read-cache.ts. */
  cache?: LoadCache;
}

export async function loadBook(options: LoadOptions): Promise<Book> {
  const root = checkedRoot(options.root);
  const layout = detectLayout(root);
  const layoutOptions = { root, drafts: options.drafts ?? false, cache: options.cache };
  let loaded: LayoutBook;
  if (layout.kind === 'quire') loaded = await loadQuireBook(layoutOptions);
  else if (layout.kind === 'summary') loaded = await loadSummaryBook(layoutOptions, layout);
  else {
    // Loaded only for such a book: it reads the site's JavaScript with TypeScript's parser, which is large.
    const { loadDocusaurusBook } = await import('./layouts/docusaurus.ts');
    loaded = await loadDocusaurusBook(layoutOptions, layout);
  }
  if (layout.kind !== 'quire') loaded = await withQuireYaml(root, loaded);
  const { config } = loaded;
  return {
    root,
    ...loaded,
    identifier: config.identifier ?? derivedIdentifier(config.title, config.authors),
  };
}

/**
 * The settings watch mode needs before the first build (where outputs go): book.yaml's, or the
 * defaults for a book in another layout, which has no place to set them.
 */
export async function loadOutputSettings(rootDir: string): Promise<BookConfig['output']> {
  const root = checkedRoot(rootDir);
  if (detectLayout(root).kind === 'quire') return (await loadConfig(join(root, 'book.yaml'))).output;
  return (await loadBook({ root })).config.output;
}

/**
 * A book in another tool's layout takes Quire's settings from a quire.yaml beside it (the same keys
 * as book.yaml, each optional), laid over what its own settings say; the layout stays its own.
 */
async function withQuireYaml(root: string, loaded: LayoutBook): Promise<LayoutBook> {
  const file = join(root, QUIRE_YAML);
  if (!existsSync(file)) return loaded;
  const config = parseConfig(await readTextFile(file), file, loaded.config);
  return { ...loaded, config };
}

function checkedRoot(dir: string): string {
  const root = resolve(dir);
  if (!existsSync(root) || !statSync(root).isDirectory()) {
    throw new QuireError('the book folder does not exist', {
      file: root,
      hint: 'give the folder that holds book.yaml, book.toml, book.json, SUMMARY.md or the docs',
    });
  }
  return root;
}

/** A name-based UUID (RFC 4122 version 5 layout) from title and authors: the same book keeps its identifier. */
function derivedIdentifier(title: string, authors: string[]): string {
  const hex = createHash('sha1')
    .update(`quire:${title}\n${authors.join('\n')}`)
    .digest('hex');
  const variant = ((parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16);
  return `urn:uuid:${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
