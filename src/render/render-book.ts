/** Stage 2, render: every chapter's Markdown to an HTML fragment, with links and images checked. */
import { existsSync } from 'node:fs';
import { setImmediate } from 'node:timers/promises';
import { slug } from 'github-slugger';
import type { MarkdownIt } from 'markdown-it';
import {
  type Asset,
  type Book,
  type Chapter,
  type Heading,
  type RenderedBook,
  type RenderedChapter,
} from '../model.ts';
import { QuireError, QuireErrors } from '../util/errors.ts';
import { withHiddenLines } from './hidden-lines.ts';
import { HighlightMemo } from './highlight-memo.ts';
import { createMarkdown } from './markdown.ts';
import type { RenderEnv } from './render-env.ts';
import { attr, type AnchorReference } from './references.ts';
import { idsIn, pageHeadingIds, resolveAnchors } from './anchors.ts';
import { chaptersByRoute } from './routes.ts';
import { settingsPlace } from '../util/settings-place.ts';
import { hasMath } from './math.ts';
import { chapterTitles } from './chapter-titles.ts';
import { labelsFor } from './labels.ts';
import { segments } from './segments.ts';
import { withShortIds } from './short-ids.ts';
import { contentKey } from '../util/content-key.ts';
import { parseChapter } from './parse-chapter.ts';

/**
 * Rendered chapters kept between builds (watch mode). A chapter is parsed again only when its text,
 * the book's chapter list and config, or the heading ids claimed before it (ids are unique across
 * the book) have changed, or an image it uses has gone.
 */
export interface RenderCache {
  chapters: Map<string, CachedChapter>;
  /** The markdown-it instance, while the book's language stays (it holds no state of a book). */
  markdown?: { language: string; hidden: string; md: MarkdownIt; highlights: HighlightMemo };
}

interface CachedChapter {
  /** What the chapter was rendered from besides its text. */
  key: string;
  /** Its text: compared as it is, not hashed (a text read once is the same string from build to build). */
  body: string;
  rendered: ChapterBody;
  /** What rendering it added to the book: replayed on a hit. */
  slugs: string[];
  assets: Asset[];
  anchorRefs: AnchorReference[];
  errors: QuireError[];
  warnings: QuireError[];
  /** The ids in its HTML, for checking links to it. */
  ids: Set<string>;
  /** Its headings' ids as its own tool makes them, unique in the page alone (see pageIds). */
  pageIds: Map<string, string>;
  /** Its code blocks as highlighted, by language and code: an edit elsewhere in it reuses them. */
  highlighted: Map<string, string>;
}

/** A chapter as rendered from its text; its titles are added on every build (its number can change, its text not). */
type ChapterBody = Omit<RenderedChapter, 'titles'>;

export const createRenderCache = (): RenderCache => ({ chapters: new Map() });

/** `progress`: called with the chapters rendered so far, for a progress display. */
export async function renderBook(
  book: Book,
  cache?: RenderCache,
  progress?: (done: number, total: number, unit: string) => void,
): Promise<RenderedBook> {
  const { language } = book.config;
  const hidden = JSON.stringify(book.hiddenLines ?? null);
  if (cache?.markdown?.language !== language || cache.markdown.hidden !== hidden) {
    const highlights = new HighlightMemo();
    const highlight = withHiddenLines(highlights.highlight, book.hiddenLines);
    const markdown = { language, hidden, md: createMarkdown(language, highlight), highlights };
    if (!cache) return renderWith(book, markdown, undefined, progress);
    cache.markdown = markdown;
  }
  return renderWith(book, cache.markdown, cache, progress);
}

async function renderWith(
  book: Book,
  { md, highlights }: { md: MarkdownIt; highlights: HighlightMemo },
  cache?: RenderCache,
  progress?: (done: number, total: number, unit: string) => void,
): Promise<RenderedBook> {
  const slugs: Record<string, boolean> = {};
  const assets = new Map<string, Asset>();
  const anchorRefs: AnchorReference[] = [];
  const errors: QuireError[] = [];
  const warnings: QuireError[] = [];
  const chaptersByFile = new Map(book.chapters.map((c) => [c.file, c]));
  const byRoute = chaptersByRoute(book.chapters);
  const settingsHint = settingsPlace(book.configFile);
  const bookKey = contentKey(
    JSON.stringify([book.config, book.chapters.map((c) => [c.file, c.id, c.title, c.number])]),
  );
  let slugState = '';
  const ids = new Map<string, Set<string>>();
  const pageIds = new Map<string, Map<string, string>>();
  const labels = labelsFor(book.config.language);

  progress?.(0, book.chapters.length, 'chapters');
  const chapters: RenderedChapter[] = [];
  const turn = turns();
  for (const [index, chapter] of book.chapters.entries()) {
    await turn();
    const lines = chapter.lineMap?.join(',') ?? '';
    const key = contentKey([bookKey, slugState, chapter.bodyLineOffset, lines, chapter.titleFromHeading].join('\0'));
    let entry = cache?.chapters.get(chapter.file);
    if (
      !entry ||
      entry.key !== key ||
      entry.body !== chapter.body ||
      entry.assets.some((a) => !a.url && !existsSync(a.file))
    ) {
      entry = renderEntry(md, highlights, chapter, { book, chaptersByFile, byRoute, settingsHint, slugs }, entry, key);
      cache?.chapters.set(chapter.file, entry);
    } else {
      for (const s of entry.slugs) slugs[s] = true;
    }
    for (const asset of entry.assets) {
      // A file both linked and shown is shown: it goes into every output.
      const known = assets.get(asset.path);
      if (!known || (known.linkedOnly && !asset.linkedOnly)) assets.set(asset.path, asset);
    }
    anchorRefs.push(...entry.anchorRefs);
    errors.push(...entry.errors);
    warnings.push(...entry.warnings);
    pageIds.set(chapter.id, entry.pageIds);
    slugState = contentKey(slugState + entry.slugs.join('\0'));
    ids.set(chapter.id, entry.ids);
    progress?.(index + 1, book.chapters.length, 'chapters');
    chapters.push({ ...entry.rendered, chapter, titles: chapterTitles(chapter, book, labels) });
  }
  if (cache) for (const file of cache.chapters.keys()) if (!chaptersByFile.has(file)) cache.chapters.delete(file);

  const resolved = resolveAnchors(chapters, { ids, pageIds, strict: book.layout === 'quire' }, anchorRefs, {
    errors,
    warnings,
  });
  if (errors.length > 0) throw new QuireErrors(errors, warnings);
  return { book, chapters: resolved.map(withShortIds), assets: [...assets.values()], warnings };
}

/** A chapter rendered afresh, with what it adds to the book (slugs, assets, references, problems). */
function renderEntry(
  md: MarkdownIt,
  highlights: HighlightMemo,
  chapter: Chapter,
  shared: {
    book: Book;
    chaptersByFile: RenderEnv['chaptersByFile'];
    byRoute: RenderEnv['byRoute'];
    settingsHint: string;
    /** The book's slugs so far, added to by this chapter. */
    slugs: Record<string, boolean>;
  },
  last: CachedChapter | undefined,
  key: string,
): CachedChapter {
  const { book, slugs } = shared;
  const before = new Set(Object.keys(slugs));
  const env: RenderEnv = {
    chapter,
    docId: chapter.id,
    bookRoot: book.site?.filesRoot ?? book.root,
    site: book.site,
    remoteImages: book.config.remoteImages,
    chaptersByFile: shared.chaptersByFile,
    byRoute: shared.byRoute,
    strict: book.layout === 'quire',
    siteUrl: book.config.siteUrl,
    settingsHint: shared.settingsHint,
    assets: new Map(),
    anchorRefs: [],
    errors: [],
    warnings: [],
    markdownItAnchor: { slugs },
  };
  highlights.start(last?.highlighted);
  const rendered = renderOrReport(md, chapter, env);
  return {
    key,
    body: chapter.body,
    rendered,
    slugs: Object.keys(slugs).filter((s) => !before.has(s)),
    assets: [...env.assets.values()],
    anchorRefs: env.anchorRefs,
    errors: env.errors,
    warnings: env.warnings,
    ids: idsIn(rendered),
    pageIds: pageHeadingIds(rendered),
    highlighted: highlights.used,
  };
}

/**
 * A chapter that cannot be rendered at all is reported and left empty, so the other chapters are
 * still checked and every problem of the book is listed at once.
 */
function renderOrReport(md: MarkdownIt, chapter: Chapter, env: RenderEnv): ChapterBody {
  try {
    return renderChapter(md, chapter, env);
  } catch (error) {
    env.errors.push(
      error instanceof QuireError
        ? error
        : new QuireError('cannot render this chapter', {
            file: chapter.file,
            cause: error,
            hint: 'simplify the Markdown around the place the cause names (very deep nesting, a huge table)',
          }),
    );
    return { chapter, anchor: chapter.id, html: '', headings: [], math: false };
  }
}

function renderChapter(md: MarkdownIt, chapter: Chapter, env: RenderEnv): ChapterBody {
  // The title heading's id is claimed first, so `other.md#<title slug>` finds the chapter itself.
  const titleAnchor = chapter.titleFromHeading ? undefined : claimSlug(slug(chapter.title) || chapter.id, env);
  let anchor = titleAnchor;
  const headings: Heading[] = [];
  const parts = segments(chapter.body);
  // A long chapter's HTML is gathered as UTF-8 and decoded once at the end: as strings, its pieces
  // would live long enough to fill V8's old generation, and stay there until a full collection.
  const html: Buffer[] = [];
  let whole = '';
  // Long chapters in pieces (see segments.ts); each piece's lines are counted from its own start.
  for (const [index, part] of parts.entries()) {
    const piece =
      part.text === chapter.body
        ? chapter
        : { ...chapter, body: part.text, bodyLineOffset: chapter.bodyLineOffset + part.line };
    env.chapter = piece;
    let tokens = parseChapter(md, piece, env);
    if (index === 0 && chapter.titleFromHeading && tokens[0]?.type === 'heading_open') {
      anchor = attr(tokens[0], 'id');
      tokens = tokens.slice(3); // the template prints the title heading itself
    }
    tokens.forEach((token, i) => {
      const inline = tokens[i + 1];
      if (token.type !== 'heading_open' || !inline?.children) return;
      headings.push({
        level: Number(token.tag.slice(1)),
        id: attr(token, 'id') ?? '',
        text: inline.children
          .filter((t) => t.type === 'text' || t.type === 'code_inline')
          .map((t) => t.content)
          .join(''),
        html: md.renderer.renderInline(inline.children, md.options, env),
      });
    });
    const out = md.renderer.render(tokens, md.options, env);
    if (parts.length === 1) whole = out;
    else html.push(Buffer.from(out));
  }
  env.chapter = chapter;
  const body = parts.length === 1 ? whole : Buffer.concat(html).toString();
  return { chapter, anchor: anchor ?? claimSlug(chapter.id, env), html: body, headings, math: hasMath(body) };
}

function claimSlug(base: string, env: RenderEnv): string {
  const slugs = env.markdownItAnchor.slugs;
  let id = base;
  for (let n = 1; Object.hasOwn(slugs, id); n++) id = `${base}-${n}`;
  slugs[id] = true;
  return id;
}

/**
 * Rendering a long book takes a second or more on Node's one thread, while the browser that prints
 * it starts: the browser's start waits on messages this thread answers. Between chapters, once some
 * milliseconds have gone by, the thread answers them.
 */
function turns(sliceMs = 10): () => Promise<void> {
  let since = performance.now();
  return async () => {
    if (performance.now() - since < sliceMs) return;
    await setImmediate();
    since = performance.now();
  };
}
