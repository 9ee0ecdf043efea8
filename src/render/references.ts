/**
 * Links and images inside chapters. During rendering each local target is checked
 * and rewritten to a `quire:` URL that names what it points at, not where it lives:
 *   quire:chapter/<chapter id>#<anchor>   another chapter (or a section of it)
 *   quire:asset/<path from book root>     an image or other file of the book
 * Each output then resolves these for its own layout (resolveQuireUrls), so one render
 * serves the HTML site, the single print document and the EPUB's XHTML files.
 */
import { createHash } from 'node:crypto';
import { existsSync, realpathSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import type { MarkdownIt } from 'markdown-it';
import { fileLine, type Asset, type Chapter } from '../model.ts';
import { QuireError } from '../util/errors.ts';
import { mediaTypeOf } from '../util/media-types.ts';
import type { RenderEnv } from './render-env.ts';

type Token = ReturnType<MarkdownIt['parse']>[number];

/** A link to a section that can only be checked once every chapter is rendered. */
export interface AnchorReference {
  from: Chapter;
  line: number;
  href: string;
  chapterId: string;
  anchor: string;
}

const EXTERNAL = /^(?:[a-z][a-z0-9+.-]*:|\/\/)/i;

export function references(md: MarkdownIt): void {
  md.core.ruler.push('quire_references', (state) => {
    const env = state.env as unknown as RenderEnv;
    for (const block of state.tokens) {
      if (block.type === 'html_block') {
        block.content = rewriteRawImages(block.content, env, lineOf(env, block));
      }
      if (block.type !== 'inline' || !block.children) continue;
      for (const token of block.children) {
        if (token.type === 'link_open') rewriteLink(token, block, env);
        else if (token.type === 'image') rewriteImage(token, block, env);
        else if (token.type === 'html_inline') {
          token.content = rewriteRawImages(token.content, env, lineWithin(env, block, token.content));
        }
      }
    }
  });
}

function rewriteLink(token: Token, block: Token, env: RenderEnv): void {
  const href = attr(token, 'href');
  if (!href || EXTERNAL.test(href)) return;
  const line = lineWithin(env, block, href);
  const [path = '', anchor = ''] = splitHash(href);
  if (path === '') {
    if (anchor) env.anchorRefs.push({ from: env.chapter, line, href, chapterId: env.chapter.id, anchor });
    token.attrSet('href', `quire:chapter/${env.chapter.id}${anchor ? `#${anchor}` : ''}`);
    return;
  }
  const target = resolve(dirname(env.chapter.file), decodeURIComponent(path));
  const behind = /\.mdx?$/i.test(path) ? undefined : pageBehind(target, path, env);
  if (/\.mdx?$/i.test(path) || behind) {
    const chapter = behind ?? env.chaptersByFile.get(target);
    if (!chapter) {
      env.errors.push(
        new QuireError(`link to \`${href}\`: no such chapter`, {
          file: env.chapter.file,
          line,
          hint: existsSync(target)
            ? 'that chapter is a draft or not in book.yaml’s `chapters` list; include it or remove the link'
            : 'check the file name; links are relative to the chapter’s own folder',
        }),
      );
      return;
    }
    if (anchor) env.anchorRefs.push({ from: env.chapter, line, href, chapterId: chapter.id, anchor });
    token.attrSet('href', `quire:chapter/${chapter.id}${anchor ? `#${anchor}` : ''}`);
    return;
  }
  const asset = addAsset(target, href, line, env);
  if (asset) token.attrSet('href', `quire:asset/${asset.path}${anchor ? `#${anchor}` : ''}`);
}

function rewriteImage(token: Token, block: Token, env: RenderEnv): void {
  const src = attr(token, 'src');
  if (!src) return;
  const url = imageUrl(src, lineWithin(env, block, src), env);
  if (url) token.attrSet('src', url);
}

/** `<img src="…">` written as raw HTML gets the same treatment as Markdown images. */
function rewriteRawImages(html: string, env: RenderEnv, line: number): string {
  return html.replace(
    /(<img\b[^>]*?\ssrc\s*=\s*)(["']?)([^"'\s>]+)\2/gi,
    (whole, before: string, quote: string, src: string) => {
      const url = imageUrl(src, line, env);
      return url ? `${before}${quote || '"'}${url}${quote || '"'}` : whole;
    },
  );
}

/** The `quire:` URL for an image, or undefined to leave it as written (data: URIs) or when it is in error. */
function imageUrl(src: string, line: number, env: RenderEnv): string | undefined {
  if (/^data:/i.test(src)) return undefined;
  if (/^(https?:)?\/\//i.test(src)) {
    const asset = remoteAsset(src, line, env);
    return asset && `quire:asset/${asset.path}`;
  }
  if (EXTERNAL.test(src)) {
    env.errors.push(
      new QuireError(
        `image \`${src}\`: only files inside the book${env.remoteImages ? ' and http(s) URLs' : ''} can be images`,
        {
          file: env.chapter.file,
          line,
          hint: 'copy the image into the book (e.g. chapters/images/) and refer to it by a relative path',
        },
      ),
    );
    return undefined;
  }
  const path = decodeURIComponent(splitHash(src)[0] ?? '');
  const asset = addAsset(resolve(dirname(env.chapter.file), path), src, line, env);
  return asset && `quire:asset/${asset.path}`;
}

/** A remote image: an error unless book.yaml allows them; then fetched once, after rendering (remote-images.ts). */
function remoteAsset(src: string, line: number, env: RenderEnv): Asset | undefined {
  if (!env.remoteImages) {
    env.errors.push(
      new QuireError(`remote image \`${src}\` is not allowed`, {
        file: env.chapter.file,
        line,
        hint: 'download it into the book (e.g. chapters/images/), or set `remoteImages: true` in book.yaml to have Quire fetch it',
      }),
    );
    return undefined;
  }
  const url = src.startsWith('//') ? `https:${src}` : src;
  const ext = (/\.(png|jpe?g|gif|svg|webp)(?:[?#]|$)/i.exec(url)?.[1] ?? 'img').toLowerCase();
  const path = `remote/${createHash('sha256').update(url).digest('hex').slice(0, 16)}.${ext}`;
  let asset = env.assets.get(path);
  if (!asset) {
    asset = { file: '', path, mediaType: mediaTypeOf(path), url, from: { file: env.chapter.file, line } };
    env.assets.set(path, asset);
  }
  return asset;
}

function addAsset(file: string, written: string, line: number, env: RenderEnv): Asset | undefined {
  const fail = (message: string, hint: string) => {
    env.errors.push(new QuireError(message, { file: env.chapter.file, line, hint }));
    return undefined;
  };
  if (!existsSync(file)) {
    return fail(
      `file \`${written}\` not found`,
      'paths are relative to the chapter’s own folder; check the name and case',
    );
  }
  // Resolve symbolic links too: a link inside the book that points outside it is outside it.
  const real = realpathSync(file);
  const fromRoot = relative(realpathSync(env.bookRoot), real);
  if (fromRoot.startsWith('..') || fromRoot.split(sep).includes('..') || isAbsolute(fromRoot)) {
    return fail(`\`${written}\` is outside the book’s folder`, 'copy the file into the book (e.g. chapters/images/)');
  }
  const path = fromRoot.split(sep).join('/');
  let asset = env.assets.get(path);
  if (!asset) {
    asset = { file: real, path, mediaType: mediaTypeOf(path) };
    env.assets.set(path, asset);
  }
  return asset;
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

function splitHash(href: string): [string, string] {
  const i = href.indexOf('#');
  return i === -1 ? [href, ''] : [href.slice(0, i), decodeURIComponent(href.slice(i + 1))];
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

export interface UrlResolver {
  chapter(chapterId: string, anchor: string | undefined): string;
  asset(path: string, anchor: string | undefined): string;
}

/** Replace every `quire:` URL in rendered HTML with the output's own. */
export function resolveQuireUrls(html: string, resolver: UrlResolver): string {
  return html.replace(
    /(href|src)="quire:(chapter|asset)\/([^"#]*)(?:#([^"]*))?"/g,
    (_, attr: string, kind: string, target: string, anchor?: string) => {
      const url = kind === 'chapter' ? resolver.chapter(target, anchor) : resolver.asset(target, anchor);
      return `${attr}="${url}"`;
    },
  );
}
