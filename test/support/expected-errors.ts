/**
 * Which errors are right for an input. Quire refuses a few things on purpose: links and images to
 * files that are not in the book, bad TeX, front matter that is not YAML, an id given twice, nesting
 * past markdown-it's limit (what is deeper would be lost), bytes that are not UTF-8 text. Anything
 * else for an input is a bug. Each verdict checks the input or the book too (the target is not there,
 * the input has a `$`, its bytes are not UTF-8), never just the message.
 */
import { isUtf8 } from 'node:buffer';
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

/**
 * True when `error` is about a link or image target of the input that names nothing in the book: the
 * target it names is no file beside `chapterFile` (or an anchor alone, or an image with a scheme:
 * only files of the book are images), and the input has link or image syntax.
 */
function aboutMissingTarget(error: Problem, input: string, chapterFile: string): boolean {
  const named = /^(?:link to|file|image|remote image) `([^`]+)`/.exec(error.message)?.[1];
  if (named === undefined || error.line === undefined || !/\]\(|\]:|\]\[|<img/i.test(input)) return false;
  if (/^(?:image|remote image) /.test(error.message) && /^[a-z][a-z0-9+.-]*:|^\/\//i.test(named)) return true;
  let path = named.split('#')[0]!;
  try {
    path = decodeURIComponent(path);
  } catch {
    // As written.
  }
  return path === '' ? named.includes('#') : !existsSync(resolve(dirname(chapterFile), path));
}

interface Problem {
  message: string;
  line?: number;
}

/** Why `error` is right for `input` (the text of `chapterFile`, front matter none), or undefined: a bug. */
export function whyExpected(error: Problem, input: string | Uint8Array, chapterFile: string): string | undefined {
  if (typeof input !== 'string') {
    const bytes = input;
    const utf16 = (bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff);
    if (utf16 || bytes.includes(0) || !isUtf8(bytes)) {
      return /UTF-16|not UTF-8|binary data/.test(error.message) ? 'not UTF-8 text' : undefined;
    }
    return whyExpected(error, Buffer.from(bytes).toString('utf8'), chapterFile);
  }
  if (aboutMissingTarget(error, input, chapterFile)) return 'a link or image to something not in the book';
  // A Quire chapter that opens with a `---` line opens with YAML front matter.
  if (/front matter/.test(error.message) && /^---[ \t]*\r?\n/.test(input)) return 'front matter that is not YAML';
  if (/^invalid TeX in `\$/.test(error.message) && input.includes('$')) return 'bad TeX';
  const id = /^the id `([^`]+)` is used twice/.exec(error.message)?.[1];
  if (id !== undefined && input.includes(`{#${id}`)) return 'an id given twice';
  const limit = /^Markdown nested more than (\d+) levels deep/.exec(error.message)?.[1];
  if (limit !== undefined && error.line !== undefined) {
    // Each mark opens at most two levels (a list and its item), so the limit takes half as many.
    const upTo = input.split('\n').slice(0, error.line).join('\n');
    if ((upTo.match(/[>*+-]|\d+[.)]|\[/g)?.length ?? 0) >= Number(limit) / 2 - 1) return 'nesting past the limit';
  }
  return undefined;
}
