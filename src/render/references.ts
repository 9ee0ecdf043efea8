/**
 * Links and images inside chapters. During rendering each local target is checked and rewritten
 * to a `quire:` URL that names what it points at, not where it lives (listed in quire-urls.ts).
 * Each output then resolves these for its own layout (resolveQuireUrls), so one render serves the
 * HTML site, the single print document and the EPUB's XHTML files.
 */
import { existsSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import type { MarkdownIt } from 'markdown-it';
import { fileLine, type Chapter } from '../model.ts';
import { QuireError } from '../util/errors.ts';
import type { RenderEnv } from './render-env.ts';
import { chapterAtRoute } from './routes.ts';
import { markdownImageWithoutAlt, rawImagesWithoutAlt } from './image-alt.ts';
import { EXTERNAL, addAsset, imageUrl, insideBook, rewriteRawImages, splitHash } from './book-files.ts';
import { percentDecoded } from '../util/percent.ts';

type Token = ReturnType<MarkdownIt['parse']>[number];

/** A link to a section that can only be checked once every chapter is rendered. */
export interface AnchorReference {
  from: Chapter;
  line: number;
  href: string;
  chapterId: string;
  anchor: string;
}

export function references(md: MarkdownIt): void {
  md.core.ruler.push('quire_references', (state) => {
    const env = state.env as unknown as RenderEnv;
    for (const block of state.tokens) {
      if (block.type === 'html_block') {
        rawImagesWithoutAlt(block.content, env, lineOf(env, block));
        block.content = rewriteRawImages(block.content, env, lineOf(env, block));
      }
      if (block.type !== 'inline' || !block.children) continue;
      for (const token of block.children) {
        if (token.type === 'link_open') rewriteLink(token, block, env, linkText(block.children, token));
        else if (token.type === 'image') rewriteImage(token, block, env);
        else if (token.type === 'html_inline') {
          rawImagesWithoutAlt(token.content, env, lineWithin(env, block, token.content));
          token.content = rewriteRawImages(token.content, env, lineWithin(env, block, token.content));
        }
      }
    }
  });
}

function rewriteLink(token: Token, block: Token, env: RenderEnv, text: string): void {
  const href = attr(token, 'href');
  if (!href || EXTERNAL.test(href)) return;
  // A reference-style link (`[text][label]`) has its address in its definition, where a fix goes
  // (lineWithin finds it); failing that, the link is found by its text.
  const line =
    block.content.includes(href) || definitionLine(env, href) !== undefined
      ? lineWithin(env, block, href)
      : lineWithin(env, block, `[${text}]`);
  const [path = '', anchor = ''] = splitHash(href);
  if (path === '') {
    if (anchor) env.anchorRefs.push({ from: env.chapter, line, href, chapterId: env.chapter.id, anchor });
    token.attrSet('href', `quire:chapter/${env.chapter.id}${anchor ? `#${anchor}` : ''}`);
    return;
  }
  const target = resolve(dirname(env.chapter.file), percentDecoded(path));
  const chapter =
    env.chaptersByFile.get(target) ??
    pageBehind(target, path, env) ??
    chapterAtRoute(path, env.chapter, env.byRoute) ??
    fromDocsRoot(path, env);
  if (chapter) {
    if (anchor) env.anchorRefs.push({ from: env.chapter, line, href, chapterId: chapter.id, anchor });
    token.attrSet('href', `quire:chapter/${chapter.id}${anchor ? `#${anchor}` : ''}`);
    return;
  }
  const exists = existsSync(target);
  const fromRoot = exists ? insideBook(target, env) : undefined;
  if (env.strict) {
    if (/\.mdx?$/i.test(path)) return void env.errors.push(noChapter(href, target, line, env));
    const asset = addAsset(target, href, line, env);
    if (asset) token.attrSet('href', `quire:asset/${asset.path}${anchor ? `#${anchor}` : ''}`);
    return;
  }
  if (fromRoot !== undefined) {
    // A file of the book that is no chapter (a download, an example's source): the site has it.
    const asset = addAsset(target, href, line, env, true)!;
    token.attrSet('href', `quire:file/${asset.path}${anchor ? `#${anchor}` : ''}`);
    if (/\.mdx?$/i.test(path)) env.warnings.push(notAChapter(href, line, env));
    return;
  }
  token.attrSet('href', awayUrl(href, env));
  // Above the folder the pages are in (mdBook's src/): beyond the site the book's own tool makes.
  const sourceDir = env.chapter.file.slice(0, env.chapter.file.length - env.chapter.relPath.length);
  const outside = relative(sourceDir, target).startsWith('..');
  env.warnings.push(
    new QuireError(`link to \`${href}\` ${outside ? 'leaves the book' : 'names a file that does not exist'}`, {
      file: env.chapter.file,
      line,
      hint: !outside
        ? 'check the name (links are relative to the page’s own folder); the PDF and EPUB print the link’s text'
        : env.siteUrl
          ? `the PDF and EPUB link to it at ${env.siteUrl}`
          : `the site keeps it as written; the PDF and EPUB print its text. To link it there, set \`siteUrl\` ${env.settingsHint}`,
    }),
  );
}

function notAChapter(href: string, line: number, env: RenderEnv): QuireError {
  return new QuireError(`link to \`${href}\`, a page that is not one of the book’s chapters`, {
    file: env.chapter.file,
    line,
    hint: 'the site links the file as it is; the PDF and EPUB print the link’s text. List the page among the chapters to make it part of the book',
  });
}

function noChapter(href: string, target: string, line: number, env: RenderEnv): QuireError {
  return new QuireError(`link to \`${href}\`: no such chapter`, {
    file: env.chapter.file,
    line,
    hint: existsSync(target)
      ? 'that chapter is a draft or not in book.yaml’s `chapters` list; include it or remove the link'
      : 'check the file name; links are relative to the chapter’s own folder',
  });
}

/**
 * A link that leaves the book: kept as written for the site, and made absolute against the book's
 * published address (when it has one) for the PDF and EPUB, which are read away from the site.
 */
function awayUrl(href: string, env: RenderEnv): string {
  let absolute = '';
  if (env.siteUrl) {
    try {
      const base = new URL(env.chapter.routes?.[0]?.replace(/^\//, '') ?? env.chapter.relPath, env.siteUrl);
      absolute = new URL(href, base).href;
    } catch {
      absolute = '';
    }
  }
  return `quire:away/${encodeURIComponent(href)}/${encodeURIComponent(absolute)}`;
}

function rewriteImage(token: Token, block: Token, env: RenderEnv): void {
  const src = attr(token, 'src');
  if (!src) return;
  const line = lineWithin(env, block, src);
  if (token.content.trim() === '') markdownImageWithoutAlt(src, line, env);
  const url = imageUrl(src, line, env);
  if (url) token.attrSet('src', url);
}

/**
 * Docusaurus resolves a link that is no file relative to the page (`api/Store.md`, a doc id) against
 * the docs folder too; undefined when no chapter is there.
 */
function fromDocsRoot(path: string, env: RenderEnv): Chapter | undefined {
  if (!env.site || /^[./]/.test(path)) return undefined;
  return chapterAtRoute(`${env.site.routeBase}/${path}`, env.chapter, env.byRoute);
}

/** An attribute's value as a string (markdown-it types them as string or number). */
export function attr(token: Token, name: string): string | undefined {
  const value = token.attrGet(name);
  return value === null ? undefined : String(value);
}

/**
 * The chapter a link names without its file name, as Docusaurus (`./other`) and GitBook
 * (`folder/` for its README.md) write them; undefined when no chapter is there.
 */
function pageBehind(target: string, path: string, env: RenderEnv): Chapter | undefined {
  if (/\.[a-z0-9]+$/i.test(path) && !path.endsWith('/')) return undefined;
  const candidates = [`${target}.md`, `${target}.mdx`, join(target, 'README.md'), join(target, 'index.md')];
  for (const file of candidates) {
    const chapter = env.chaptersByFile.get(file);
    if (chapter) return chapter;
  }
  return undefined;
}

/** The text of a link, as written between its brackets when it is plain. */
function linkText(children: Token[], open: Token): string {
  let text = '';
  for (let i = children.indexOf(open) + 1; i < children.length && children[i]!.type !== 'link_close'; i++) {
    text += children[i]!.content;
  }
  return text;
}

/** The file line of a block token (or of its `extra`th line). */
export function lineOf(env: RenderEnv, token: Token, extra = 0): number {
  return fileLine(env.chapter, (token.map?.[0] ?? 0) + extra);
}

/**
 * The file line of `needle` inside an inline block (links can sit on any line of a paragraph); for a
 * reference-style link, whose URL is not in the paragraph, the line of its `[label]: url` definition.
 */
function lineWithin(env: RenderEnv, block: Token, needle: string): number {
  const at = block.content.indexOf(needle);
  if (at === -1) {
    const definition = definitionLine(env, needle);
    if (definition !== undefined) return definition;
  }
  const extra = at === -1 ? 0 : block.content.slice(0, at).split('\n').length - 1;
  return lineOf(env, block, extra);
}

/** The file line of the reference definition (`[label]: url`) that gives `url`, if the chapter has one. */
function definitionLine(env: RenderEnv, url: string): number | undefined {
  let written = url;
  try {
    written = decodeURI(url); // markdown-it percent-encodes what the source may write plainly
  } catch {
    // Not percent-encoded after all.
  }
  const index = env.chapter.body
    .split('\n')
    .findIndex((line) => /^ {0,3}\[[^\]]+\]:/.test(line) && (line.includes(url) || line.includes(written)));
  return index === -1 ? undefined : fileLine(env.chapter, index);
}
