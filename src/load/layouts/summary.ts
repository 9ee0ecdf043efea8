/**
 * Books driven by SUMMARY.md: mdBook (book.toml, chapters in `src/`) and HonKit/GitBook
 * (book.json, chapters beside SUMMARY.md). SUMMARY.md gives the order, nesting and parts;
 * a link to a folder opens its README.md; HonKit's README.md is the introduction even when
 * SUMMARY.md does not list it.
 */
import { existsSync, realpathSync, statSync } from 'node:fs';
import { basename, join, relative, resolve, sep } from 'node:path';
import type { Part } from '../../model.ts';
import { QuireError } from '../../util/errors.ts';
import { percentDecoded } from '../../util/percent.ts';
import type { LayoutBook, LayoutOptions } from './layout.ts';
import { includeRoot } from './include-root.ts';
import { expandIncludes, throwIncludeErrors, type IncludeContext } from './includes.ts';
import { readTextFile } from '../text-file.ts';
import { pagesToChapters, withoutItems, type PageEntry } from './pages.ts';
import { completeConfig, readBookJson, readBookToml, type DeclaredSettings } from './settings.ts';
import { parseSummary, type SummaryItem } from './summary-parse.ts';

export interface SummaryLayout {
  tool: 'mdbook' | 'honkit';
  /** book.toml or book.json, when there is one. */
  settingsFile: string | undefined;
}

/** The book SUMMARY.md describes, in the settings' source folder (mdBook `src`, HonKit `root`) or beside them. */
export async function loadSummaryBook(
  { root, drafts, cache }: LayoutOptions,
  { tool, settingsFile }: SummaryLayout,
): Promise<LayoutBook> {
  const declared: DeclaredSettings = settingsFile
    ? await (tool === 'mdbook' ? readBookToml(settingsFile) : readBookJson(settingsFile))
    : {};
  const srcDir = resolve(root, declared.source ?? (tool === 'mdbook' ? 'src' : '.'));
  const summaryFile = [join(srcDir, 'SUMMARY.md'), join(root, 'SUMMARY.md')].find((f) => existsSync(f));
  if (!summaryFile) {
    throw new QuireError(`no SUMMARY.md in ${relative(root, srcDir) || 'the book folder'}`, {
      file: settingsFile ?? root,
      hint: 'list the chapters in SUMMARY.md (as mdBook and HonKit do), or add a book.yaml',
    });
  }
  const summaryDir = resolve(summaryFile, '..');
  const summaryText = await readTextFile(summaryFile);
  const summary = parseSummary(summaryText);
  const warnings: QuireError[] = [];
  const at = (item: SummaryItem) => ({ file: summaryFile, line: item.line, source: summaryText });

  // Entries without a target (drafts, plain-text headings) are left out, their sub-entries moved up.
  const levels = gitbookLevels(summary.items);
  const numberedItems = summary.items.map((item) => ({
    ...item,
    section: tool === 'mdbook' ? item.number : levels.get(item),
  }));
  const items = withoutItems(numberedItems, (item) => item.href === '' || /^[a-z]+:/i.test(item.href));
  for (const item of summary.items.filter((i) => /^[a-z]+:/i.test(i.href))) {
    warnings.push(
      new QuireError(`SUMMARY.md links to \`${item.href}\`, which is not a page of the book: left out`, at(item)),
    );
  }

  const entries = pageEntries(items, { root, srcDir, summaryDir, tool, at, warnings });
  if (entries.length === 0) {
    throw new QuireError('SUMMARY.md lists no pages', {
      file: summaryFile,
      hint: 'list the chapters as links, e.g. `- [Introduction](intro.md)`',
    });
  }

  const includes: IncludeContext = {
    root: includeRoot(root, declared.includeRoot, settingsFile ?? summaryFile),
    errors: [],
    warnings,
  };
  const chapters = await pagesToChapters(entries, {
    drafts,
    transform: (body, chapter) => expandIncludes(body, chapter, includes),
    cache: cache?.pages,
    titleAtAnyLevel: true,
  });
  throwIncludeErrors(includes);
  const parts: Part[] = summary.parts
    .map((p, i) => ({ id: `part-${i + 1}`, title: p.title }))
    .filter((p) => chapters.some((c) => c.part === p.id));
  const configFile = settingsFile ?? summaryFile;
  const config = completeConfig(declared, chapters, basename(root), configFile);
  // mdBook numbers its list unless told not to; GitBook and HonKit only when told to.
  const numbered = declared.numbered ?? tool === 'mdbook';
  return {
    layout: tool,
    configFile,
    config,
    chapters,
    parts,
    warnings,
    numbering: numbered ? 'section' : 'none',
    // mdBook hides `# ` lines of Rust code, and lines of other languages by the prefixes book.toml gives.
    hiddenLines: tool === 'mdbook' ? { rust: '#', ...declared.hiddenLines } : undefined,
  };
}

/**
 * The pages SUMMARY.md lists, each once, in its order; HonKit's README.md first when the summary
 * does not list it (HonKit makes it the book's introduction).
 */
function pageEntries(
  items: (SummaryItem & { section?: number[] })[],
  where: {
    root: string;
    srcDir: string;
    summaryDir: string;
    tool: SummaryLayout['tool'];
    at: (item: SummaryItem) => { file: string; line: number; source: string };
    warnings: QuireError[];
  },
): PageEntry[] {
  const { root, srcDir, summaryDir, tool, at, warnings } = where;
  const rootReal = realpathSync(root);
  const seen = new Set<string>();
  const entries: PageEntry[] = [];
  for (const item of items) {
    const file = pageFile(summaryDir, item, rootReal, at(item));
    const real = realpathSync(file);
    if (seen.has(real)) {
      // HonKit lists sections of a page as `page.md#section`: the page is already in.
      if (!item.href.includes('#'))
        warnings.push(new QuireError(`SUMMARY.md lists \`${item.href}\` a second time: left out`, at(item)));
      continue;
    }
    seen.add(real);
    entries.push({
      file,
      relPath: relative(srcDir, file).split(sep).join('/'),
      title: item.title || undefined,
      depth: item.depth,
      part: item.part === undefined ? undefined : `part-${item.part + 1}`,
      numbered: item.kind === 'numbered',
      section: item.section,
    });
  }
  const readme = join(srcDir, 'README.md');
  if (tool === 'honkit' && existsSync(readme) && !seen.has(realpathSync(readme))) {
    entries.unshift({ file: readme, relPath: 'README.md', depth: 0, numbered: false });
  }
  return entries;
}

/**
 * GitBook's levels (what its `showLevel` prints): the part's number, then the item's place in it,
 * counting from 1 in each part (entries before the first part heading are part 1).
 */
function gitbookLevels(items: SummaryItem[]): Map<SummaryItem, number[]> {
  const levels = new Map<SummaryItem, number[]>();
  const offset = items.some((i) => i.kind === 'numbered' && i.part === undefined) ? 2 : 1;
  let part: number | undefined = -1;
  const counters: number[] = [];
  for (const item of items) {
    if (item.kind !== 'numbered') continue;
    if (item.part !== part) counters.length = 0;
    part = item.part;
    counters.length = item.depth + 1;
    counters[item.depth] = (counters[item.depth] ?? 0) + 1;
    levels.set(item, [(part ?? -1) + offset, ...counters.map((n) => n ?? 1)]);
  }
  return levels;
}

function pageFile(
  summaryDir: string,
  item: SummaryItem,
  rootReal: string,
  at: { file: string; line: number; source: string },
): string {
  const path = percentDecoded(item.href.split('#')[0]!);
  let file = resolve(summaryDir, path);
  if (path.endsWith('/') || (existsSync(file) && statSync(file).isDirectory())) file = join(file, 'README.md');
  if (!existsSync(file)) {
    throw new QuireError(`SUMMARY.md lists \`${item.href}\`, which does not exist`, {
      ...at,
      hint: `create ${relative(summaryDir, file)} or correct the link (paths are relative to SUMMARY.md)`,
    });
  }
  const real = realpathSync(file);
  if (real !== rootReal && !real.startsWith(rootReal + sep)) {
    throw new QuireError(`SUMMARY.md lists \`${item.href}\`, which is outside the book`, {
      ...at,
      hint: 'chapters must be inside the book folder',
    });
  }
  return file;
}
