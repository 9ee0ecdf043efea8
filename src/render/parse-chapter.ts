/** Parsing one chapter's Markdown: what markdown-it refuses or would drop, named by file and line. */
import type { MarkdownIt, Token } from 'markdown-it';
import { fileLine, type Chapter } from '../model.ts';
import { QuireError } from '../util/errors.ts';
import type { RenderEnv } from './render-env.ts';

/** The chapter's tokens, every loss or failure of markdown-it an error at the chapter's line. */
export function parseChapter(md: MarkdownIt, chapter: Chapter, env: RenderEnv): Token[] {
  const tokens = parse(md, chapter, env);
  checkNesting(md, tokens, chapter);
  return tokens;
}

function parse(md: MarkdownIt, chapter: Chapter, env: RenderEnv): Token[] {
  try {
    return md.parse(chapter.body, env);
  } catch (cause) {
    const duplicate = /`([^`]+)` is not unique/.exec(String(cause))?.[1];
    const at = duplicate ? chapter.body.indexOf(`#${duplicate}`) : -1;
    throw new QuireError(
      duplicate ? `the id \`${duplicate}\` is used twice in the book` : 'cannot parse this chapter',
      {
        file: chapter.file,
        line: at === -1 ? undefined : fileLine(chapter, chapter.body.slice(0, at).split('\n').length - 1),
        cause,
        hint: duplicate
          ? 'ids, given with `{#id}` or made from headings, must be unique across all chapters'
          : undefined,
      },
    );
  }
}

/**
 * markdown-it stops nesting at `maxNesting` levels and silently drops what is deeper (that is what
 * keeps a hostile `>>>>…` from exhausting the stack): here that loss is an error, not a surprise.
 */
function checkNesting(md: MarkdownIt, tokens: Token[], chapter: Chapter): void {
  const limit = md.options.maxNesting ?? 100;
  // Only blocks: inline markup past the limit is kept as text, nothing is lost.
  const deep = tokens.find((t) => t.level >= limit - 1);
  if (!deep) return;
  throw new QuireError(`Markdown nested more than ${limit} levels deep: what is deeper would be lost`, {
    file: chapter.file,
    line: chapter.bodyLineOffset + (deep.map?.[0] ?? 0) + 1,
    hint: 'flatten the nesting (block quotes, lists, brackets or emphasis inside one another)',
  });
}
