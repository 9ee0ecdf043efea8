/**
 * Ids short enough to be PDF destination names. Chromium turns the ids that links point at into
 * named destinations, and PDF readers warn about names longer than 127 bytes (the limit of PDF
 * names, counted as the percent-encoded UTF-8 Chromium writes): a heading of fifteen CJK characters
 * is already past it. A longer id keeps its start and gets a hash of the whole, the same in every
 * build and every output, and every link to it (`quire:` URLs, `#id` in the chapter) is rewritten
 * alike. The budget leaves room for the chapter's id and a separator, should an output put them
 * in front of the id.
 */
import { createHash } from 'node:crypto';
import type { RenderedChapter } from '../model.ts';
import { escapeHtml } from './highlight.ts';
import { percentDecoded } from '../util/percent.ts';

export const PDF_NAME_LIMIT = 127;
const HASH_CHARS = 8;

const encodedLength = (text: string) => Buffer.byteLength(encodeURIComponent(text));

/** `id` itself when it fits the budget left beside `chapterId`, else its start and a hash. */
export function shortId(id: string, chapterId: string): string {
  const budget = PDF_NAME_LIMIT - encodedLength(chapterId) - 2;
  if (encodedLength(id) <= budget) return id;
  const hash = createHash('sha1').update(id).digest('hex').slice(0, HASH_CHARS);
  let start = '';
  for (const char of id) {
    if (encodedLength(start + char) > budget - HASH_CHARS - 1) break;
    start += char;
  }
  return `${start.replace(/-+$/, '')}-${hash}`;
}

const unescapeHtml = (s: string) =>
  s.replace(/&(amp|lt|gt|quot|#39);/g, (_, e: string) => ({ amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'" })[e]!);

const decoded = (fragment: string) => percentDecoded(unescapeHtml(fragment));

/** A rendered chapter with its long ids, and the links to long ids anywhere, shortened. */
export function withShortIds(rendered: RenderedChapter): RenderedChapter {
  const own = rendered.chapter.id;
  const short = (raw: string, chapterId: string): string | undefined => {
    const id = decoded(raw);
    const s = shortId(id, chapterId);
    return s === id ? undefined : escapeHtml(s);
  };
  // Most chapters have no id that long: then the HTML (megabytes, for a long chapter) is not copied.
  let any = false;
  for (const m of rendered.html.matchAll(/\s(?:id="|href="#|href="quire:chapter\/([^"#]*)#)([^"]+)"/g)) {
    if (short(m[2]!, m[1] ?? own) !== undefined) {
      any = true;
      break;
    }
  }
  const html = !any
    ? rendered.html
    : rendered.html
        .replace(/(\sid=")([^"]+)"/g, (whole, open: string, id: string) => {
          const s = short(id, own);
          return s === undefined ? whole : `${open}${s}"`;
        })
        .replace(
          /(\shref="quire:chapter\/)([^"#]*)#([^"]+)"/g,
          (whole, open: string, target: string, anchor: string) => {
            const s = short(anchor, target);
            return s === undefined ? whole : `${open}${target}#${s}"`;
          },
        )
        .replace(/(\shref="#)([^"]+)"/g, (whole, open: string, anchor: string) => {
          const s = short(anchor, own);
          return s === undefined ? whole : `${open}${s}"`;
        });
  return {
    ...rendered,
    html,
    anchor: shortId(rendered.anchor, own),
    headings: rendered.headings.map((h) => ({ ...h, id: shortId(h.id, own) })),
  };
}
