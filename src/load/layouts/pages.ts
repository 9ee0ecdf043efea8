/**
 * From the pages a layout lists (SUMMARY.md entries, Docusaurus docs) to the book's chapters:
 * read, front matter split off, body rewritten where the layout needs it, drafts left out with
 * their sub-pages moved up a level, then ids, numbers and parents given in one pass.
 */
import { basename, extname } from 'node:path';
import type { Chapter } from '../../model.ts';
import { RESERVED_IDS, firstHeading, idFromPath, uniqueId } from '../chapters.ts';
import { splitFrontMatter } from '../front-matter.ts';
import { readThrough, type ReadCache } from '../read-cache.ts';
import { readTextFile } from '../text-file.ts';

export interface PageEntry {
  /** Absolute path of the page (or, for a page the layout makes up, of the file that defines it). */
  file: string;
  /** Path below the source folder, with forward slashes: the chapter's id comes from it. */
  relPath: string;
  /** The title the layout gives it (SUMMARY.md's link text, a sidebar label); else front matter, heading, file name. */
  title?: string;
  depth: number;
  /** Part id, for pages inside a part. */
  part?: string;
  /** False for mdBook's prefix and suffix chapters and HonKit's introduction. */
  numbered: boolean;
  /** The page's text when the layout makes it up (a Docusaurus category without a page of its own). */
  text?: string;
  /** Its number in the tool's outline (mdBook's section number), when the tool numbers it. */
  section?: number[];
}

/** Rewrites a page's body (mdBook includes, MDX): the new body and, when lines moved, a line map. */
export type BodyTransform = (
  body: string,
  chapter: { file: string; bodyLineOffset: number },
) => { body: string; lineMap?: number[] };

export interface PageOptions {
  drafts: boolean;
  transform?: BodyTransform;
  /** Watch mode: pages as last read (see read-cache.ts). */
  cache?: ReadCache<string>;
  /** A heading of any level that opens a page is its printed title (SUMMARY.md books); else only `#`. */
  titleAtAnyLevel?: boolean;
}

/** A page's text, UTF-8 or an error at its first bad byte; read again only when it changed. */
export const readPageText = (file: string, cache: ReadCache<string> | undefined) =>
  readThrough(cache, file, readTextFile);

export async function pagesToChapters(entries: PageEntry[], options: PageOptions): Promise<Chapter[]> {
  const pages = await Promise.all(entries.map((entry) => readPage(entry, options)));
  // Pages no longer listed (removed from SUMMARY.md, deleted) are forgotten.
  const files = new Set(entries.map((e) => e.file));
  if (options.cache) for (const file of options.cache.keys()) if (!files.has(file)) options.cache.delete(file);
  const series = seriesHeading(pages.map((p) => p.body));
  const read = pages.map((page) => titled(withoutSeriesHeading(page, series), options));
  const kept = withoutDrafts(read, options.drafts);

  // A page called index.md gets `index-2` (see RESERVED_IDS).
  const ids = new Set<string>(RESERVED_IDS);
  const openAt: Chapter[] = []; // the last chapter seen at each depth
  let number = 0;
  return kept.map((chapter) => {
    // A page can be at most one level below the one before it.
    const depth = Math.min(chapter.depth, openAt.length);
    openAt.length = depth;
    const numbered = depth === 0 && chapter.number !== undefined && chapter.frontMatter.numbered !== false;
    const done: Chapter = {
      ...chapter,
      id: uniqueId(chapter.id, ids),
      depth,
      parent: openAt[depth - 1]?.id,
      number: numbered ? ++number : undefined,
    };
    openAt.push(done);
    return done;
  });
}

/** A page as read, before its title is decided. */
type ReadPage = Omit<Chapter, 'title' | 'titleFromHeading'> & { given: string | undefined };

async function readPage(entry: PageEntry, options: PageOptions): Promise<ReadPage> {
  const text = entry.text ?? (await readPageText(entry.file, options.cache));
  const split = splitFrontMatter(text, entry.file);
  const { frontMatter, bodyLineOffset } = split;
  const { body, lineMap } = options.transform
    ? options.transform(split.body, { file: entry.file, bodyLineOffset })
    : { body: split.body, lineMap: undefined };
  return {
    id: idFromPath(entry.relPath.replace(/\.mdx?$/i, '')),
    file: entry.file,
    relPath: entry.relPath,
    body,
    bodyLineOffset,
    ...(lineMap ? { lineMap } : {}),
    frontMatter,
    given: entry.title ?? frontMatter.title,
    // Numbered for now means "may be numbered"; pagesToChapters counts.
    number: entry.numbered ? 0 : undefined,
    ...(entry.section ? { section: entry.section } : {}),
    draft: frontMatter.draft === true,
    depth: entry.depth,
    parent: undefined,
    part: entry.part,
  };
}

/**
 * The page's title: what the layout gives (SUMMARY.md's text, front matter), else its first heading,
 * else its file name. A heading that opens the page is printed as its title, once: at any level in
 * SUMMARY.md books (what mdBook and HonKit show), an `#` heading in Docusaurus docs.
 */
function titled({ given, ...page }: ReadPage, options: PageOptions): Chapter {
  const heading = firstHeading(page.body);
  const opens = heading?.first === true && (options.titleAtAnyLevel || heading.level === 1);
  const title = given ?? heading?.text ?? basename(page.file, extname(page.file));
  return {
    ...page,
    title,
    titleFromHeading: opens,
    ...(opens && heading.text !== '' && !same(heading.text, title) ? { heading: heading.text } : {}),
  };
}

/**
 * A heading that opens most pages (a series title each chapter file repeats above its own title), or
 * undefined. Each page's own title is the heading after it.
 */
function seriesHeading(bodies: string[]): string | undefined {
  const counts = new Map<string, number>();
  for (const body of bodies) {
    const heading = firstHeading(body);
    if (heading?.first && heading.text) counts.set(heading.text, (counts.get(heading.text) ?? 0) + 1);
  }
  const [text, count] = [...counts].sort((a, b) => b[1] - a[1])[0] ?? ['', 0];
  return count >= 2 && count > bodies.length / 2 ? text : undefined;
}

/** The series heading blanked out (lines keep their numbers) where the page's own heading follows it. */
function withoutSeriesHeading<T extends { body: string }>(page: T, series: string | undefined): T {
  const heading = series === undefined ? undefined : firstHeading(page.body);
  if (!heading?.first || heading.text !== series) return page;
  const lines = page.body.split('\n');
  const next = firstHeading(lines.slice(heading.index + 1).join('\n'));
  if (!next?.first) return page;
  lines[heading.index] = '';
  return { ...page, body: lines.join('\n') };
}

const same = (a: string, b: string) => a.replace(/\s+/g, ' ').trim() === b.replace(/\s+/g, ' ').trim();

/** Drafts left out (unless wanted). */
function withoutDrafts(chapters: Chapter[], drafts: boolean): Chapter[] {
  return drafts ? chapters : withoutItems(chapters, (c) => c.draft);
}

/** Items left out of a nested list; the sub-items of each move up one level in its place. */
export function withoutItems<T extends { depth: number }>(items: T[], leaveOut: (item: T) => boolean): T[] {
  const kept: T[] = [];
  const dropped: number[] = []; // depths of left-out items whose sub-items are still coming
  for (const item of items) {
    while (dropped.length > 0 && item.depth <= dropped[dropped.length - 1]!) dropped.pop();
    if (leaveOut(item)) {
      dropped.push(item.depth);
      continue;
    }
    kept.push({ ...item, depth: item.depth - dropped.length });
  }
  return kept;
}
