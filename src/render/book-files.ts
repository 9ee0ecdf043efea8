/**
 * The book's files a chapter refers to: images (local, remote, raw `<img>`) and other files, each
 * checked and collected once as an asset, with the `quire:` URL that names it (see quire-urls.ts).
 */
import { createHash } from 'node:crypto';
import { existsSync, realpathSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import type { Asset } from '../model.ts';
import { QuireError } from '../util/errors.ts';
import { mediaTypeOf } from '../util/media-types.ts';
import { percentDecoded } from '../util/percent.ts';
import type { RenderEnv } from './render-env.ts';

/** An address with a scheme (`https:`, `mailto:`) or from another host (`//cdn…`): not the book's. */
export const EXTERNAL = /^(?:[a-z][a-z0-9+.-]*:|\/\/)/i;

/** `<img src="…">` written as raw HTML gets the same treatment as Markdown images. */
export function rewriteRawImages(html: string, env: RenderEnv, line: number): string {
  return html.replace(
    /(<img\b[^>]*?\ssrc\s*=\s*)(["']?)([^"'\s>]+)\2/gi,
    (whole, before: string, quote: string, src: string) => {
      const url = imageUrl(src, line, env);
      return url ? `${before}"${url}"` : whole;
    },
  );
}

/** The `quire:` URL for an image, or undefined to leave it as written (data: URIs) or when it is in error. */
export function imageUrl(src: string, line: number, env: RenderEnv): string | undefined {
  if (/^data:/i.test(src)) return undefined;
  if (/^(https?:)?\/\//i.test(src)) return remoteAsset(src, line, env);
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
  const path = percentDecoded(splitHash(src)[0] ?? '');
  const asset = addAsset(staticFile(path, env) ?? resolve(dirname(env.chapter.file), path), src, line, env);
  return asset && `quire:asset/${asset.path}`;
}

/**
 * A remote image: fetched once, after rendering (remote-images.ts), when the book allows it; else
 * the site shows it from its address and the PDF and EPUB print its alt text in its place.
 */
export function remoteAsset(src: string, line: number, env: RenderEnv): string {
  if (!env.remoteImages) {
    env.warnings.push(
      new QuireError(`remote image \`${src}\` is not fetched: the PDF and EPUB print its alt text instead`, {
        file: env.chapter.file,
        line,
        hint: `download it into the book, or set \`remoteImages: true\` ${env.settingsHint} to have Quire fetch it`,
      }),
    );
    return `quire:remote/${encodeURIComponent(src)}`;
  }
  const url = src.startsWith('//') ? `https:${src}` : src;
  const ext = (/\.(png|jpe?g|gif|svg|webp)(?:[?#]|$)/i.exec(url)?.[1] ?? 'img').toLowerCase();
  const path = `remote/${createHash('sha256').update(url).digest('hex').slice(0, 16)}.${ext}`;
  let asset = env.assets.get(path);
  if (!asset) {
    asset = { file: '', path, mediaType: mediaTypeOf(path), url, from: { file: env.chapter.file, line } };
    env.assets.set(path, asset);
  }
  return `quire:asset/${asset.path}`;
}

/** The path of a file from the book root, or undefined when it is outside (symbolic links followed). */
export function insideBook(file: string, env: RenderEnv): string | undefined {
  const fromRoot = relative(realpathSync(env.bookRoot), realpathSync(file));
  if (fromRoot.startsWith('..') || fromRoot.split(sep).includes('..') || isAbsolute(fromRoot)) return undefined;
  return fromRoot.split(sep).join('/');
}

/** `linkedOnly`: a file the book links to (the site offers it) but does not show. */
export function addAsset(
  file: string,
  written: string,
  line: number,
  env: RenderEnv,
  linkedOnly = false,
): Asset | undefined {
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
  const path = insideBook(file, env);
  if (path === undefined) {
    return fail(`\`${written}\` is outside the book’s folder`, 'copy the file into the book (e.g. chapters/images/)');
  }
  let asset = env.assets.get(path);
  if (!asset) {
    asset = { file: realpathSync(file), path, mediaType: mediaTypeOf(path), ...(linkedOnly ? { linkedOnly } : {}) };
    env.assets.set(path, asset);
  } else if (!linkedOnly && asset.linkedOnly) {
    asset = { ...asset, linkedOnly: undefined };
    env.assets.set(path, asset);
  }
  return asset;
}

/** `/img/x.png` on a Docusaurus site: the file of that name in the first static folder that has it. */
export function staticFile(path: string, env: RenderEnv): string | undefined {
  if (!path.startsWith('/') || !env.site) return undefined;
  return env.site.staticDirs.map((dir) => join(dir, path)).find((file) => existsSync(file));
}

export function splitHash(href: string): [string, string] {
  const i = href.indexOf('#');
  return i === -1 ? [href, ''] : [href.slice(0, i), percentDecoded(href.slice(i + 1))];
}
