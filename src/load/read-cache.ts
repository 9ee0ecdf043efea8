/**
 * Files read by an earlier build (watch mode), so that a build reads again only the files that
 * changed. A file counts as unchanged while its size, times and inode are: an editor's save, an
 * atomic rename or a `touch` all change one of them.
 */
import { stat } from 'node:fs/promises';
import type { BookConfig } from './config-schema.ts';
import type { ReadChapter } from './chapters.ts';

export type ReadCache<T> = Map<string, { signature: string; value: T }>;

/**
 * What watch mode keeps of the load stage: book.yaml as validated, the chapters as read, and the
 * pages of an mdBook, HonKit or Docusaurus book as text.
 */
export interface LoadCache {
  config: ReadCache<BookConfig>;
  chapters: ReadCache<ReadChapter>;
  pages: ReadCache<string>;
}

export const createLoadCache = (): LoadCache => ({ config: new Map(), chapters: new Map(), pages: new Map() });

/**
 * `read(file)`, or what it gave last time if the file has not changed since. The file is looked at
 * before it is read: a save landing between the two leaves a signature older than the text, so
 * the next build reads the file again rather than keeping a stale text.
 */
export async function readThrough<T>(
  cache: ReadCache<T> | undefined,
  file: string,
  read: (file: string) => Promise<T>,
): Promise<T> {
  if (!cache) return read(file);
  const info = await stat(file, { bigint: true }).catch(() => undefined);
  const signature = info && `${info.size}:${info.mtimeNs}:${info.ctimeNs}:${info.ino}`;
  const known = cache.get(file);
  if (signature && known?.signature === signature) return known.value;
  cache.delete(file);
  const value = await read(file);
  if (signature) cache.set(file, { signature, value });
  return value;
}
