/** Find the chapter files, read them, and put them in reading order. */
import { existsSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { basename, join, relative, sep } from 'node:path';
import type { Chapter } from '../model.ts';
import { QuireError, QuireErrors, isUserError, problems } from '../util/errors.ts';
import { configLine } from './config-lines.ts';
import { splitFrontMatter, type FrontMatter } from './front-matter.ts';
import { readThrough, type ReadCache } from './read-cache.ts';
import { readTextFile } from './text-file.ts';

export interface ChapterListOptions {
  chaptersDir: string;
  /** book.yaml's `chapters`, when given: the order, and the only chapters. */
  explicitOrder: string[] | undefined;
  configFile: string;
  drafts: boolean;
  warn: (warning: QuireError) => void;
  /** Chapters read by an earlier build (watch mode): a file whose size and times are unchanged is not read again. */
  cache?: ReadCache<ReadChapter>;
}

export async function loadChapters(options: ChapterListOptions): Promise<Chapter[]> {
  const files = await listMarkdown(options.chaptersDir);
  if (files.length === 0) {
    throw new QuireError('no chapters found', {
      file: options.chaptersDir,
      hint: 'add Markdown files (`01-intro.md`, …) to the chapters/ folder',
    });
  }
  // Every chapter is read even when one fails, so that all their problems are reported at once.
  const errors: QuireError[] = [];
  const settled = await Promise.allSettled(
    files.map((file) => readThrough(options.cache, file, (f) => readChapter(f, options.chaptersDir))),
  );
  if (options.cache) for (const file of options.cache.keys()) if (!files.includes(file)) options.cache.delete(file);
  const read = settled.flatMap((result) => {
    if (result.status === 'fulfilled') return [result.value];
    if (!isUserError(result.reason)) throw result.reason;
    errors.push(...(result.reason instanceof QuireErrors ? result.reason.errors : [result.reason]));
    return [];
  });
  const ordered = options.explicitOrder ? byExplicitList(read, options, errors) : byOrderKeys(read, options.warn);
  for (const chapter of ordered) {
    if (chapter.value.body.trim() === '') {
      options.warn(
        new QuireError('the chapter is empty', {
          file: chapter.value.file,
          line: chapter.value.bodyLineOffset + 1,
          hint: 'write something in it, mark it `draft: true`, or remove the file',
        }),
      );
    }
  }
  if (errors.length > 0) throw problems(errors);
  const included = ordered.filter((c) => options.drafts || !c.draft);

  let number = 0;
  const ids = new Set<string>(RESERVED_IDS);
  return included.map((chapter) => {
    const numbered = chapter.frontMatter.numbered !== false;
    return { ...chapter.value, id: uniqueId(chapter.value.id, ids), number: numbered ? ++number : undefined };
  });
}

export interface ReadChapter {
  value: Chapter;
  frontMatter: FrontMatter;
  draft: boolean;
}

async function listMarkdown(dir: string): Promise<string[]> {
  let entries;
  try {
    entries = await readdir(dir, { recursive: true, withFileTypes: true });
  } catch (cause) {
    throw new QuireError('cannot read the chapters folder', {
      file: dir,
      cause,
      hint: 'create a chapters/ folder next to book.yaml with one Markdown file per chapter',
    });
  }
  return entries
    .filter((e) => e.isFile() && /\.md$/i.test(e.name))
    .map((e) => join(e.parentPath, e.name))
    .sort();
}

async function readChapter(file: string, chaptersDir: string): Promise<ReadChapter> {
  const text = await readTextFile(file);
  const { frontMatter, body, bodyLineOffset } = splitFrontMatter(text, file);
  const relPath = relative(chaptersDir, file).split(sep).join('/');
  const heading = firstHeading(body);
  const title = frontMatter.title ?? heading?.text ?? basename(file, '.md');
  return {
    frontMatter,
    draft: frontMatter.draft === true,
    value: {
      id: idFromPath(relPath),
      file,
      relPath,
      body,
      bodyLineOffset,
      frontMatter,
      title,
      titleFromHeading: frontMatter.title === undefined && heading?.level === 1 && heading.first,
      number: undefined,
      draft: frontMatter.draft === true,
      depth: 0,
      parent: undefined,
      part: undefined,
    },
  };
}

/** Order: front matter `order`, else `sidebar_position`, else the file name's numeric prefix; ties by path. */
function byOrderKeys(chapters: ReadChapter[], warn: (w: QuireError) => void): ReadChapter[] {
  const key = (c: ReadChapter) =>
    c.frontMatter.order ?? c.frontMatter.sidebar_position ?? numericPrefix(c.value.relPath) ?? Infinity;
  const sorted = [...chapters].sort(
    (a, b) => key(a) - key(b) || a.value.relPath.localeCompare(b.value.relPath, 'en', { numeric: true }),
  );
  // Chapters in different folders may share a number (01-part/01-a.md, 02-part/01-b.md): only siblings clash.
  const folder = (c: ReadChapter) => c.value.relPath.slice(0, c.value.relPath.lastIndexOf('/') + 1);
  for (let i = 1; i < sorted.length; i++) {
    const [a, b] = [sorted[i - 1]!, sorted[i]!];
    if (key(a) !== key(b) || key(a) === Infinity || folder(a) !== folder(b)) continue;
    warn(
      new QuireError(`\`${a.value.relPath}\` and \`${b.value.relPath}\` have the same order (${key(a)})`, {
        file: b.value.file,
        line: 1,
        hint: `they are ordered by file name; give one a different \`order\` or number to say which comes first`,
      }),
    );
  }
  return sorted;
}

function byExplicitList(chapters: ReadChapter[], options: ChapterListOptions, errors: QuireError[]): ReadChapter[] {
  const byPath = new Map(chapters.map((c) => [c.value.relPath, c]));
  const seen = new Set<string>();
  const ordered = options.explicitOrder!.flatMap((listed, index) => {
    const path = listed.replace(/^\.\//, '');
    const chapter = byPath.get(path);
    const line = () => configLine(options.configFile, ['chapters', index]);
    // A listed file that exists but could not be read has its own error already.
    if (!chapter && existsSync(join(options.chaptersDir, path))) return [];
    if (!chapter) {
      errors.push(
        new QuireError(`book.yaml lists chapter \`${listed}\`, which does not exist`, {
          file: options.configFile,
          line: line(),
          hint: `paths in \`chapters\` are relative to chapters/; found: ${[...byPath.keys()].slice(0, 5).join(', ')}…`,
        }),
      );
      return [];
    }
    if (seen.has(path)) {
      errors.push(
        new QuireError(`book.yaml lists chapter \`${listed}\` twice`, {
          file: options.configFile,
          line: line(),
          hint: 'remove one of the two entries',
        }),
      );
      return [];
    }
    seen.add(path);
    return [chapter];
  });
  for (const path of byPath.keys()) {
    if (!seen.has(path)) {
      options.warn(
        new QuireError(`chapter \`${path}\` is not in book.yaml's \`chapters\` list and is left out`, {
          file: options.configFile,
          hint: 'add it to the list, or move it out of chapters/',
        }),
      );
    }
  }
  return ordered;
}

export function numericPrefix(relPath: string): number | undefined {
  const match = /^(\d+)/.exec(basename(relPath));
  return match ? Number(match[1]) : undefined;
}

export function idFromPath(relPath: string): string {
  return relPath
    .replace(/\.md$/i, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

/**
 * Names the outputs use for their own files beside the chapters' (`<id>.html`, `<id>.xhtml`): the
 * site's front page, the EPUB's navigation document, cover page and package. A chapter called
 * `toc.md` gets the id `toc-2`.
 */
export const RESERVED_IDS = ['index', 'toc', 'nav', 'cover', 'package', 'content'];

export function uniqueId(base: string, used: Set<string>): string {
  let id = base || 'chapter';
  for (let n = 2; used.has(id); n++) id = `${base || 'chapter'}-${n}`;
  used.add(id);
  return id;
}

/**
 * The first ATX heading outside code fences: its level, its text (without `{#id}` attributes,
 * emphasis marks or raw HTML tags), whether it opens the body, and its line (0-based).
 */
export function firstHeading(body: string): { level: number; text: string; first: boolean; index: number } | undefined {
  let fence: string | undefined;
  let sawContent = false;
  for (const [index, line] of body.split('\n').entries()) {
    const fenceMatch = /^\s{0,3}(`{3,}|~{3,})/.exec(line);
    if (fenceMatch) {
      if (!fence) fence = fenceMatch[1];
      else if (fenceMatch[1]!.startsWith(fence)) fence = undefined;
      sawContent = true;
      continue;
    }
    if (fence) continue;
    const heading = /^\s{0,3}(#{1,6})\s+(.*?)(?:\s+#+)?\s*$/.exec(line);
    if (heading) {
      const text = heading[2]!
        .replace(/\s*\{[^}]*\}\s*$/, '')
        .replace(/<\/?[a-z][^>]*>/gi, '')
        .replace(/[*_`]/g, '')
        .trim();
      return { level: heading[1]!.length, text, first: !sawContent, index };
    }
    if (line.trim()) sawContent = true;
  }
  return undefined;
}
