/**
 * Images without a text alternative. An image written without one is left without an `alt`
 * attribute, not given an empty one: `alt=""` says an image only decorates (screen readers pass
 * it by, the PDF makes it an artifact), which Quire cannot know. The author hears of each one.
 */
import type { MarkdownIt } from 'markdown-it';
import { QuireError } from '../util/errors.ts';
import type { RenderEnv } from './render-env.ts';

/** Whether an `<img>` tag as written has an `alt` attribute (bare `alt` is `alt=""`). */
export const hasAlt = (tag: string) => /\salt(?:\s*=|[\s/>])/i.test(tag);

/** Whether every `<img>` of rendered HTML has an `alt` attribute (described, or marked as decoration). */
export const describesEveryImage = (html: string) => [...html.matchAll(/<img\b[^>]*>/gi)].every((m) => hasAlt(m[0]));

/** Markdown images with nothing between their brackets are written without `alt`. */
export function imageAlt(md: MarkdownIt): void {
  const image = md.renderer.rules.image!;
  md.renderer.rules.image = (tokens, idx, options, env, self) => {
    const token = tokens[idx]!;
    if (self.renderInlineAsText(token.children ?? [], options, env).trim() !== '') {
      return image(tokens, idx, options, env, self);
    }
    token.attrs = (token.attrs ?? []).filter(([name]) => name !== 'alt');
    return self.renderToken(tokens, idx, options);
  };
}

/** A Markdown image (`![](src)`) without alt text. */
export function markdownImageWithoutAlt(src: string, line: number, env: RenderEnv): void {
  env.warnings.push(
    new QuireError(`image \`${src}\` has no alt text: screen readers can only say that an image is there`, {
      file: env.chapter.file,
      line,
      hint:
        'say what it shows between the brackets (`![what it shows](…)`); an image that only decorates ' +
        'can be written as HTML with an empty alt: `<img src="…" alt="">`',
    }),
  );
}

/** Each `<img>` of raw HTML without an `alt` attribute (`alt=""`: an image that only decorates). */
export function rawImagesWithoutAlt(html: string, env: RenderEnv, line: number): void {
  // Comments hide what they hold; they are blanked, not removed, to keep the lines counted.
  const text = html.replace(/<!--[\s\S]*?-->/g, (comment) => comment.replace(/[^\n]/g, ' '));
  for (const match of text.matchAll(/<img\b[^>]*>/gi)) {
    if (hasAlt(match[0])) continue;
    const src = /\ssrc\s*=\s*(?:"([^"]*)"|'([^']*)'|\{?([^\s>}]+))/i.exec(match[0]);
    const name = src?.[1] ?? src?.[2] ?? src?.[3] ?? '';
    env.warnings.push(
      new QuireError(`image \`${name}\` has no alt text: screen readers can only say that an image is there`, {
        file: env.chapter.file,
        line: line + (text.slice(0, match.index).match(/\n/g)?.length ?? 0),
        hint: 'add `alt="what it shows"` to the `<img>`, or `alt=""` when it only decorates',
      }),
    );
  }
}
