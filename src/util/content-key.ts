/**
 * "Did it change?", asked the same way everywhere: a rendered chapter's inputs, a site page and
 * its data, a site file, a chapter's print view, the numbered front matter. The key is the SHA-1 of
 * the content's UTF-8 bytes, given whole or in pieces (the same key either way); a search text's
 * version in the site is the start of it. Not for security: caches that others could write to
 * check their entries apart (user-cache.ts).
 */
import { createHash } from 'node:crypto';

export function contentKey(content: string | Uint8Array | Iterable<string | Uint8Array>): string {
  const hash = createHash('sha1');
  if (typeof content === 'string' || content instanceof Uint8Array) hash.update(content);
  else for (const piece of content) hash.update(piece);
  return hash.digest('hex');
}
