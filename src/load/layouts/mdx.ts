/**
 * MDX pages as Markdown a book can print. Imported Markdown partials (`import Intro from
 * './_intro.md'`, then `<Intro />`) are inlined; `<Tabs>` become consecutive sections headed by each
 * `<TabItem>`'s label; `<details>` prints open; a video (`<iframe src>`, a YouTube component with
 * an `id`) becomes a link titled with its address; JSX attribute syntax (`style={{…}}`,
 * `className`) becomes HTML or is dropped. Other imports, exports, `{/* comments *\/}` and
 * components are left out, their Markdown children kept, with one warning per kind and file (a
 * count and the first line). Code blocks are left alone. Lines that came from a partial map to
 * the line of its tag, so every error still names a line of the page.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileLine } from '../../model.ts';
import { QuireError } from '../../util/errors.ts';
import { splitFrontMatter } from '../front-matter.ts';

const FENCE = /^\s{0,3}(`{3,}|~{3,})/;
const STATEMENT = /^(import|export)\s/;
const COMPONENT = /<\/?[A-Z][\w.]*(?:\s[^<>]*?)?\/?>/g;
const COMMENT = /\{\/\*[\s\S]*?\*\/\}/g;
const STATEMENT_END = /from\s+['"][^'"]*['"];?\s*$|^\s*(import\s+)?['"][^'"]*['"];?\s*$|;\s*$/;
const PARTIAL_IMPORT = /^import\s+(\w+)\s+from\s+['"]([^'"]+\.mdx?)['"]/;

interface Page {
  file: string;
  bodyLineOffset: number;
  lineMap?: number[];
}

/**
 * One line scanner, long because its states (inside a fence, an import or export statement, a tag
 * whose attributes run over lines) decide together what each line is; split, they would be passed
 * back and forth on every line.
 */
export function stripMdx(
  body: string,
  chapter: Page,
  warn: (warning: QuireError) => void,
  depth = 0,
): { body: string; lineMap: number[] } {
  const out: string[] = [];
  const lineMap: number[] = [];
  const left = new Map<string, { first: number; count: number }>();
  const leave = (what: string, line: number) => {
    const seen = left.get(what);
    if (seen) seen.count++;
    else left.set(what, { first: line, count: 1 });
  };
  const partials = new Map<string, string>();
  const lines = body.split('\n');
  let fence: string | undefined;
  let statement = false;
  let pending: { text: string; line: number } | undefined; // a tag whose attributes run over lines
  const emit = (text: string, line: number) => {
    for (const part of text.split('\n')) {
      out.push(part);
      lineMap.push(line);
    }
  };

  lines.forEach((raw, i) => {
    const line = fileLine(chapter, i);
    const fenceMatch = FENCE.exec(raw);
    if (fenceMatch && !statement && !pending) {
      if (!fence) fence = fenceMatch[1];
      else if (fenceMatch[1]!.startsWith(fence[0]!) && fenceMatch[1]!.length >= fence.length) fence = undefined;
      return emit(raw, line);
    }
    if (fence) return emit(raw, line);
    if (statement) {
      statement = !STATEMENT_END.test(raw);
      return emit('', line);
    }
    let text = raw;
    let tagLine = line;
    if (pending) {
      tagLine = pending.line;
      const end = text.indexOf('>');
      pending.text += ` ${end === -1 ? text : text.slice(0, end + 1)}`;
      if (end === -1) return emit('', line);
      text = pending.text + text.slice(end + 1);
      pending = undefined;
    } else if (STATEMENT.test(raw)) {
      const partial = PARTIAL_IMPORT.exec(raw);
      if (partial) partials.set(partial[1]!, resolve(dirname(chapter.file), partial[2]!));
      else leave(`MDX \`${raw.split(/\s+/)[0]}\` statement`, line);
      statement = !STATEMENT_END.test(raw);
      return emit('', line);
    }
    text = printableHtml(text.replace(COMMENT, ''));
    const unclosed = /<[A-Z][\w.]*(?:\s[^<>]*)?$/.exec(text);
    if (unclosed) {
      pending = { text: unclosed[0], line };
      text = text.slice(0, unclosed.index);
    }
    const only = /^\s*<([A-Z][\w.]*)[^<>]*\/>\s*$/.exec(text);
    const partial = only && partials.get(only[1]!);
    if (partial && depth < 10) {
      for (const included of inlined(partial, line, chapter.file, warn, depth)) emit(included, line);
      return;
    }
    const replaced = text.replace(COMPONENT, (tag) =>
      printForm(tag, (name) => leave(`JSX component <${name}>`, tagLine)),
    );
    emit(replaced.trim() === '' && replaced !== raw ? '' : replaced, line);
  });
  for (const [what, { first, count }] of left) {
    warn(
      new QuireError(`${what} left out${count > 1 ? ` (${count} times; first here)` : ''}`, {
        file: chapter.file,
        line: first,
        hint: 'Quire builds Markdown: what only runs in the browser is left out, the Markdown inside it kept',
      }),
    );
  }
  return { body: out.join('\n'), lineMap };
}

/** A component tag's print form: a tab's label, a video's link, or nothing (left out, counted). */
function printForm(tag: string, leftOut: (name: string) => void): string {
  const name = /<\/?([A-Z][\w.]*)/.exec(tag)![1]!;
  if (tag.startsWith('</')) return name === 'TabItem' ? '\n' : '';
  const attrs = attributes(tag);
  if (name === 'Tabs') return '';
  if (name === 'TabItem') return `\n\n**${attrs.label ?? attrs.value ?? ''}**\n\n`;
  const video = attrs.id ?? attrs.videoId;
  if (/youtube/i.test(name) && video) return videoLink(attrs.title, `https://www.youtube.com/watch?v=${video}`);
  leftOut(name);
  return '';
}

/**
 * HTML written the JSX way, as HTML: `className`, `style={{…}}` and other `{…}` attributes; open details.
 * (Iframes stay: the site shows them, and the PDF and EPUB print each as a titled link.)
 */
function printableHtml(text: string): string {
  return text
    .replace(/(<[a-z][\w-]*\b[^<>]*?)\s(?:style|\w+)=\{\{[^{}]*\}\}/g, '$1')
    .replace(/(<[a-z][\w-]*\b[^<>]*?)\s\w+=\{[^{}]*\}/g, '$1')
    .replace(/(<[a-z][\w-]*\b[^<>]*?\s)className=/g, '$1class=')
    .replace(/<details(?![^>]*\bopen\b)/gi, '<details open');
}

const videoLink = (title: string | undefined, url: string) => `[${title ? `${title}: ` : ''}${url}](${url})`;

function attributes(tag: string): Record<string, string> {
  const attrs: Record<string, string> = {};
  for (const m of tag.matchAll(/([\w-]+)=(?:"([^"]*)"|'([^']*)'|\{['"`]([^'"`]*)['"`]\})/g))
    attrs[m[1]!] = m[2] ?? m[3] ?? m[4] ?? '';
  return attrs;
}

/** A partial's Markdown, itself made printable, in place of its tag. */
function inlined(file: string, line: number, page: string, warn: (w: QuireError) => void, depth: number): string[] {
  if (!existsSync(file)) {
    warn(
      new QuireError(`the imported partial \`${file}\` does not exist: left out`, {
        file: page,
        line,
        hint: 'check the path in its import, relative to the page',
      }),
    );
    return [''];
  }
  const { body, bodyLineOffset } = splitFrontMatter(readFileSync(file, 'utf8'), file);
  return ['', ...stripMdx(body, { file, bodyLineOffset }, warn, depth + 1).body.split('\n'), ''];
}
