/**
 * Reading a built book's structure back for the layout tests: the site's contents, the EPUB's
 * navigation and the PDF's bookmarks as trees of titles, and what SUMMARY.md says, read on its own.
 */
import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseDocument } from 'htmlparser2';
import { Element, Text, type AnyNode } from 'domhandler';
import { epubcheck, pdfOutline, pdfPages, readEpub, runCli, tempDir, type OutlineItem } from '../helpers.ts';

export const ENV = { SOURCE_DATE_EPOCH: '1764201600' };

export type Tree = { title: string; children: Tree }[];

export interface Built {
  out: string;
  stderr: string;
  html: Map<string, string>;
  epub: Map<string, string>;
  pdfText: string[];
  outline: OutlineItem[];
}

export async function buildAll(root: string): Promise<Built> {
  const out = await tempDir('quire-layout-');
  const result = await runCli(['build', root, '--out', out, '--verbose'], { env: ENV });
  assert.equal(result.code, 0, result.stderr);
  const html = new Map<string, string>();
  for (const name of await readdir(join(out, 'html'))) {
    if (name.endsWith('.html')) html.set(name, await readFile(join(out, 'html', name), 'utf8'));
  }
  const zip = await readEpub(join(out, 'book.epub'));
  const epub = new Map<string, string>();
  for (const [name, entry] of Object.entries(zip.files)) {
    if (/\.(xhtml|ncx|opf|css)$/.test(name)) epub.set(name, await entry.async('string'));
  }
  return {
    out,
    stderr: result.stderr,
    html,
    epub,
    pdfText: await pdfPages(join(out, 'book.pdf')),
    outline: await pdfOutline(join(out, 'book.pdf')),
  };
}

// Reading the structure back --------------------------------------------------------------------

const elements = (nodes: AnyNode[]) => nodes.filter((n): n is Element => n instanceof Element);
const textOf = (node: AnyNode): string =>
  node instanceof Text ? node.data : node instanceof Element ? node.children.map(textOf).join('') : '';
const find = (nodes: AnyNode[], test: (e: Element) => boolean): Element | undefined => {
  for (const e of elements(nodes)) {
    if (test(e)) return e;
    const inner = find(e.children, test);
    if (inner) return inner;
  }
  return undefined;
};
const decode = (s: string) => s.replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>');

/** An `<ol>` of `<li>`s, each titled by `titleOf`, nested through the `<ol>`s `descend` accepts. */
function listTree(ol: Element, titleOf: (li: Element) => string, descend: (ol: Element) => boolean): Tree {
  return elements(ol.children)
    .filter((li) => li.name === 'li')
    .map((li) => ({
      title: decode(titleOf(li)).trim(),
      children: elements(li.children)
        .filter((c) => c.name === 'ol' && descend(c))
        .flatMap((c) => listTree(c, titleOf, descend)),
    }));
}

/** The site's contents (index.html): parts, chapters and sub-chapters; sections are not descended into. */
export function siteTree(indexHtml: string): Tree {
  // The front page's own table of contents, not the sidebar every page has.
  const page = find(parseDocument(indexHtml).children, (e) => e.attribs.class === 'toc-page')!;
  const ol = find(page.children, (e) => e.name === 'ol' && e.attribs.class === 'toc')!;
  const title = (li: Element) => textOf(find(li.children, (e) => e.attribs.class === 'toc-title')!);
  return listTree(ol, title, (c) => c.attribs.class === 'toc-children');
}

/** The EPUB's navigation document, every level (sections included). */
export function navTree(navXhtml: string): Tree {
  const doc = parseDocument(navXhtml, { xmlMode: true });
  const nav = find(doc.children, (e) => e.name === 'nav' && e.attribs['epub:type'] === 'toc')!;
  const ol = elements(nav.children).find((e) => e.name === 'ol')!;
  return listTree(
    ol,
    (li) => textOf(elements(li.children).find((e) => e.name === 'a')!),
    () => true,
  );
}

export const outlineTree = (items: OutlineItem[]): Tree =>
  items.map((i) => ({ title: i.title, children: outlineTree(i.children) }));

/** Only the entries for pages and parts (not sections), chapter labels taken off. */
export function pagesOnly(tree: Tree, titles: Set<string>): Tree {
  return tree
    .map((n) => ({
      title: n.title.replace(/^(Chapter \d+: |第 \d+ 章\u3000|\d+(\.\d+)*\. )/, ''),
      children: n.children,
    }))
    .filter((n) => titles.has(n.title))
    .map((n) => ({ title: n.title, children: pagesOnly(n.children, titles) }));
}

export const titlesIn = (tree: Tree): string[] => tree.flatMap((n) => [n.title, ...titlesIn(n.children)]);

/**
 * What SUMMARY.md says, read line by line as its authors write it: headings start parts (the
 * first is the file's title), list items nest by indentation, `[Draft]()` entries are left out
 * with their sub-entries moved up, `page.md#section` entries are sections of a page already listed.
 */
export function summaryTree(text: string): Tree {
  const top: Tree = [];
  let container = top;
  const open: Tree[number][] = [];
  const dropped: number[] = [];
  let unit = 0;
  let first = true;
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    const heading = /^#+\s+(.*)$/.exec(line);
    const item = /^(\s*)(?:[-*+]|\d+\.)\s+\[(.*)\]\((.*)\)\s*$/.exec(line);
    const link = /^\[(.*)\]\((.*)\)\s*$/.exec(line);
    if (heading && first) {
      first = false;
      continue;
    }
    first = false;
    if (heading) {
      const part = { title: heading[1]!, children: [] };
      top.push(part);
      container = part.children;
      open.length = 0;
    } else if (line.trim() === '---' || link) {
      container = top;
      open.length = 0;
      if (link) top.push({ title: link[1]!, children: [] });
    } else if (item) {
      const indent = item[1]!.length;
      if (indent > 0 && unit === 0) unit = indent;
      let depth = unit ? indent / unit : 0;
      while (dropped.length && depth <= dropped[dropped.length - 1]!) dropped.pop();
      if (item[3] === '' || item[3]!.includes('#')) {
        if (item[3] === '') dropped.push(depth);
        continue;
      }
      depth -= dropped.length;
      const node = { title: item[2]!, children: [] };
      (depth === 0 ? container : open[depth - 1]!.children).push(node);
      open.length = depth;
      open.push(node);
    }
  }
  return top;
}

export function checkStructure(built: Built, expected: Tree): void {
  const titles = new Set(titlesIn(expected));
  assert.deepEqual(siteTree(built.html.get('index.html')!), expected, 'the site’s contents');
  assert.deepEqual(pagesOnly(navTree(built.epub.get('OEBPS/toc.xhtml')!), titles), expected, 'the EPUB navigation');
  assert.deepEqual(pagesOnly(outlineTree(built.outline), titles), expected, 'the PDF bookmarks');
}

export async function checkEpub(built: Built): Promise<void> {
  const report = await epubcheck(join(built.out, 'book.epub'));
  assert.deepEqual(
    [report.fatals, report.errors, report.warnings],
    [0, 0, 0],
    report.messages.map((m) => `${m.ID} ${m.message}`).join('\n'),
  );
}

export function checkNoDirectives(built: Built): void {
  for (const [name, text] of [...built.html, ...built.epub]) assert.doesNotMatch(text, /\{\{#/, name);
  built.pdfText.forEach((page, i) => assert.doesNotMatch(page, /\{\{#/, `PDF page ${i + 1}`));
}

/** The PDF page (0-based) whose text holds `needle`. */
export const pageWith = (built: Built, needle: string) => built.pdfText.findIndex((p) => p.includes(needle));
