/**
 * Links to sections, checked once every chapter is rendered. Heading ids are unique across the
 * book (the PDF prints every chapter in one document), but a book written for mdBook, HonKit or
 * Docusaurus links to ids as its own tool makes them, unique per page: `#setup` in a page whose
 * `## Setup` got `setup-1` because another page has one too. Such a link, or one whose anchor differs
 * only in case, is pointed at the real id. A missing anchor is an error in Quire's own layout; in
 * the others the link goes to the page, with a warning, as those tools never check anchors.
 */
import GithubSlugger, { slug } from 'github-slugger';
import type { RenderedChapter } from '../model.ts';
import { QuireError, nearest } from '../util/errors.ts';
import type { AnchorReference } from './references.ts';
import { escapeHtml } from './highlight.ts';

export interface AnchorIndex {
  /** Every id of each chapter's HTML, by chapter id. */
  ids: Map<string, Set<string>>;
  /** Each chapter's heading ids as a per-page slugger makes them → the ids they really have. */
  pageIds: Map<string, Map<string, string>>;
  strict: boolean;
}

/** The chapters with links to sections pointed at their real ids; problems added to `found`. */
export function resolveAnchors(
  chapters: RenderedChapter[],
  index: AnchorIndex,
  refs: AnchorReference[],
  found: { errors: QuireError[]; warnings: QuireError[] },
): RenderedChapter[] {
  const rewrites = new Map<string, Map<string, string>>(); // chapter id → old href → new href
  const byId = new Map(chapters.map((c) => [c.chapter.id, c]));
  for (const ref of refs) {
    const known = index.ids.get(ref.chapterId);
    if (!known || known.has(ref.anchor)) continue;
    const real = index.pageIds.get(ref.chapterId)?.get(ref.anchor) ?? caseless(ref.anchor, known);
    const target = byId.get(ref.chapterId)!;
    if (real === undefined) {
      const problem = missing(ref, known, target);
      if (index.strict) {
        found.errors.push(problem);
        continue;
      }
      found.warnings.push(problem);
    }
    const from = rewrites.get(ref.from.id) ?? new Map<string, string>();
    rewrites.set(ref.from.id, from);
    const old = `href="quire:chapter/${ref.chapterId}#${escapeHtml(ref.anchor)}"`;
    from.set(old, `href="quire:chapter/${ref.chapterId}${real === undefined ? '' : `#${escapeHtml(real)}`}"`);
  }
  if (rewrites.size === 0) return chapters;
  return chapters.map((c) => {
    const own = rewrites.get(c.chapter.id);
    if (!own) return c;
    let html = c.html;
    for (const [old, now] of own) html = html.replaceAll(old, now);
    return { ...c, html };
  });
}

function missing(ref: AnchorReference, known: Set<string>, target: RenderedChapter): QuireError {
  const guess = nearest(ref.anchor, [...known]);
  const relPath = target.chapter.relPath;
  return new QuireError(`link to \`${ref.href}\`: no heading or id \`${ref.anchor}\` in \`${relPath}\``, {
    file: ref.from.file,
    line: ref.line,
    hint: guess
      ? `did you mean \`#${guess}\`?`
      : `the headings of ${relPath} have ids: ${[...known].slice(0, 8).join(', ')}`,
  });
}

function caseless(anchor: string, known: Set<string>): string | undefined {
  const lower = anchor.toLowerCase();
  for (const id of known) if (id.toLowerCase() === lower) return id;
  return undefined;
}

export function idsIn(chapter: Pick<RenderedChapter, 'anchor' | 'html'>): Set<string> {
  const ids = new Set([chapter.anchor]);
  for (const match of chapter.html.matchAll(/\sid="([^"]+)"/g)) ids.add(match[1]!);
  return ids;
}

/**
 * Each heading's id as the page's own tool makes it, slugged in this page alone, mapped to the id it
 * has in the book. Ids given in the source (`{#id}`) are their own.
 */
export function pageHeadingIds(chapter: Pick<RenderedChapter, 'chapter' | 'anchor' | 'headings'>): Map<string, string> {
  const slugger = new GithubSlugger();
  const ids = new Map<string, string>();
  const { title, titleFromHeading } = chapter.chapter;
  // A title the page prints as its own first heading is the page's first id; one that only the
  // contents give (SUMMARY.md's text) is not on the page, and claims only what no heading has.
  if (titleFromHeading) ids.set(slugger.slug(title), chapter.anchor);
  for (const heading of chapter.headings) {
    const base = slug(heading.text);
    const generated = heading.id === base || new RegExp(`^${escapeRegExp(base)}-\\d+$`).test(heading.id);
    const own = generated ? slugger.slug(heading.text) : heading.id;
    if (!ids.has(own)) ids.set(own, heading.id);
  }
  if (!titleFromHeading && !ids.has(slug(title))) ids.set(slug(title), chapter.anchor);
  return ids;
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
