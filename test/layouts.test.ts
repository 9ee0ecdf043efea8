/**
 * Books in other tools' layouts (mdBook, HonKit, Docusaurus) built by the real CLI: the order and
 * nesting their own SUMMARY.md or sidebar gives, read back from the site's contents, the EPUB's
 * navigation and the PDF's bookmarks; epubcheck clean; no directive text anywhere; include errors
 * with file and line; and a generated Chinese book of 200 pages with no book.yaml at all.
 */
import assert from 'node:assert/strict';
import { readdir, readFile, symlink, writeFile, appendFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { before, describe, test } from 'node:test';
import { parseDocument } from 'htmlparser2';
import { Element, Text, type AnyNode } from 'domhandler';
import {
  copyFixture,
  epubcheck,
  fixture,
  pdfInfo,
  pdfOutline,
  pdfPages,
  readEpub,
  runCli,
  tempDir,
  type OutlineItem,
} from './helpers.ts';

const ENV = { SOURCE_DATE_EPOCH: '1764201600' };

type Tree = { title: string; children: Tree }[];

interface Built {
  out: string;
  stderr: string;
  html: Map<string, string>;
  epub: Map<string, string>;
  pdfText: string[];
  outline: OutlineItem[];
}

async function buildAll(root: string): Promise<Built> {
  const out = await tempDir('quire-layout-');
  const result = await runCli(['build', root, '--out', out], { env: ENV });
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
function siteTree(indexHtml: string): Tree {
  const ol = find(parseDocument(indexHtml).children, (e) => e.name === 'ol' && e.attribs.class === 'toc')!;
  const title = (li: Element) => textOf(find(li.children, (e) => e.attribs.class === 'toc-title')!);
  return listTree(ol, title, (c) => c.attribs.class === 'toc-children');
}

/** The EPUB's navigation document, every level (sections included). */
function navTree(navXhtml: string): Tree {
  const doc = parseDocument(navXhtml, { xmlMode: true });
  const nav = find(doc.children, (e) => e.name === 'nav' && e.attribs['epub:type'] === 'toc')!;
  const ol = elements(nav.children).find((e) => e.name === 'ol')!;
  return listTree(
    ol,
    (li) => textOf(elements(li.children).find((e) => e.name === 'a')!),
    () => true,
  );
}

const outlineTree = (items: OutlineItem[]): Tree =>
  items.map((i) => ({ title: i.title, children: outlineTree(i.children) }));

/** Only the entries for pages and parts (not sections), chapter labels taken off. */
function pagesOnly(tree: Tree, titles: Set<string>): Tree {
  return tree
    .map((n) => ({ title: n.title.replace(/^(Chapter \d+: |第 \d+ 章\u3000)/, ''), children: n.children }))
    .filter((n) => titles.has(n.title))
    .map((n) => ({ title: n.title, children: pagesOnly(n.children, titles) }));
}

const titlesIn = (tree: Tree): string[] => tree.flatMap((n) => [n.title, ...titlesIn(n.children)]);

/**
 * What SUMMARY.md says, read line by line as its authors write it: headings start parts (the
 * first is the file's title), list items nest by indentation, `[Draft]()` entries are left out
 * with their sub-entries moved up, `page.md#section` entries are sections of a page already listed.
 */
function summaryTree(text: string): Tree {
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

function checkStructure(built: Built, expected: Tree): void {
  const titles = new Set(titlesIn(expected));
  assert.deepEqual(siteTree(built.html.get('index.html')!), expected, 'the site’s contents');
  assert.deepEqual(pagesOnly(navTree(built.epub.get('OEBPS/toc.xhtml')!), titles), expected, 'the EPUB navigation');
  assert.deepEqual(pagesOnly(outlineTree(built.outline), titles), expected, 'the PDF bookmarks');
}

async function checkEpub(built: Built): Promise<void> {
  const report = await epubcheck(join(built.out, 'book.epub'));
  assert.deepEqual(
    [report.fatals, report.errors, report.warnings],
    [0, 0, 0],
    report.messages.map((m) => `${m.ID} ${m.message}`).join('\n'),
  );
}

function checkNoDirectives(built: Built): void {
  for (const [name, text] of [...built.html, ...built.epub]) assert.doesNotMatch(text, /\{\{#/, name);
  built.pdfText.forEach((page, i) => assert.doesNotMatch(page, /\{\{#/, `PDF page ${i + 1}`));
}

/** The PDF page (0-based) whose text holds `needle`. */
const pageWith = (built: Built, needle: string) => built.pdfText.findIndex((p) => p.includes(needle));

// The fixtures ------------------------------------------------------------------------------------

describe('an mdBook book', () => {
  let built: Built;
  before(async () => {
    built = await buildAll(fixture('mdbook'));
  });

  test('order, parts and nesting as SUMMARY.md gives them, in the site, the EPUB and the PDF', async () => {
    const expected = summaryTree(await readFile(fixture('mdbook/src/SUMMARY.md'), 'utf8'));
    assert.ok(
      expected.some((n) => n.children.some((c) => c.children.length > 0)),
      'the fixture nests',
    );
    checkStructure(built, expected);
    assert.ok(!titlesIn(expected).includes('Not written yet'));
  });

  test('book.toml gives the title, authors and language; prefix and suffix chapters are unnumbered', () => {
    const opf = built.epub.get('OEBPS/content.opf')!;
    assert.match(opf, /<dc:title id="title">The mdBook Fixture<\/dc:title>/);
    assert.match(opf, /<dc:creator id="creator1">Ben Sample<\/dc:creator>/);
    assert.match(opf, /<dc:language>en<\/dc:language>/);
    const nav = titlesIn(navTree(built.epub.get('OEBPS/toc.xhtml')!));
    assert.ok(nav.includes('Introduction') && nav.includes('Contributors'), nav.join(' | '));
    assert.ok(nav.includes('Chapter 1: Installation') && nav.includes('Chapter 4: Rustdoc includes'));
  });

  test('includes expanded: whole files, anchors, line ranges, rustdoc_include; no directive text survives', () => {
    checkNoDirectives(built);
    const includes = built.html.get('part2-includes.html')!;
    assert.match(includes, /ANCHOR_END: all/, 'a whole-file include keeps every line');
    assert.match(includes, /Included note: this text comes from shared\/note\.md\./);
    const hello = built.html.get('part1-hello.html')!;
    assert.match(hello, /Hello, world!/);
    assert.doesNotMatch(hello, /ANCHOR|helper/, 'an anchor include keeps only its lines, markers out');
    const ranges = built.pdfText[pageWith(built, 'Lines 3 to 5')]!;
    for (const n of ['03', '04', '05', '09', '10', '01', '02', '07']) assert.match(ranges, new RegExp(`line ${n}`));
    for (const n of ['06', '08']) assert.doesNotMatch(ranges, new RegExp(`line ${n}`));
    const rustdoc = built.html.get('part2-rustdoc.html')!;
    assert.doesNotMatch(rustdoc, /ANCHOR|# /);
  });

  test('running heads: a sub-chapter names its chapter, a chapter its part', () => {
    const deeper = built.pdfText[pageWith(built, 'A third level of nesting.')]!;
    assert.match(deeper.trimStart(), /^Chapter 3: Includes\s+Deeper still/);
    const hello = built.pdfText[pageWith(built, 'The classic first program')]!;
    assert.match(hello.trimStart(), /^Getting started\s+Chapter 2: Hello, World/);
  });

  test('the EPUB passes epubcheck with no errors and no warnings', () => checkEpub(built));
});

describe('a HonKit book', () => {
  let built: Built;
  before(async () => {
    built = await buildAll(fixture('honkit'));
  });

  test('order and nesting as SUMMARY.md gives them, README.md first as the introduction', async () => {
    const expected = [
      { title: 'Introduction', children: [] },
      ...summaryTree(await readFile(fixture('honkit/SUMMARY.md'), 'utf8')),
    ];
    checkStructure(built, expected);
  });

  test('a folder’s README.md opens its chapter; book.json gives title, author and language', () => {
    assert.match(
      built.html.get('getting-started-readme.html')!,
      /This folder’s README\.md opens the chapter|This folder's README\.md opens the chapter/,
    );
    assert.match(built.html.get('writing-readme.html')!, /How to write pages\./);
    const opf = built.epub.get('OEBPS/content.opf')!;
    assert.match(opf, /<dc:title id="title">The HonKit Fixture<\/dc:title>/);
    assert.match(opf, /<dc:creator id="creator0">Carla Writer<\/dc:creator>/);
  });

  test('the EPUB passes epubcheck with no errors and no warnings', () => checkEpub(built));
});

describe('a Docusaurus docs folder', () => {
  let built: Built;
  before(async () => {
    built = await buildAll(fixture('docusaurus'));
  });

  test('order from sidebar_position and _category_.json; categories become parts and nested chapters', () => {
    // The sidebar Docusaurus shows for the fixture (the draft is not in it).
    const leaf = (title: string) => ({ title, children: [] });
    checkStructure(built, [
      leaf('Tutorial Intro'),
      {
        title: 'Tutorial - Basics',
        children: [
          leaf('Create a Page'),
          leaf('Create a Document'),
          { title: 'Nested Topics', children: [leaf('Another Topic'), leaf('Deep Dive')] },
        ],
      },
      { title: 'Tutorial - Extras', children: [leaf('Manage Docs Versions'), leaf('Translate your site')] },
      leaf('Congratulations!'),
    ]);
  });

  test('MDX imports and JSX components are warnings naming file and line, and left out; admonitions render', () => {
    const file = 'docs/tutorial-basics/create-a-document.mdx';
    assert.match(built.stderr, new RegExp(`${file}:6: MDX \`import\` statement left out`));
    assert.match(built.stderr, new RegExp(`${file}:11: JSX component <Tabs> left out`));
    assert.match(built.stderr, new RegExp(`${file}:19: JSX component <Highlight> left out`));
    const page = built.html.get('tutorial-basics-create-a-document.html')!;
    const prose = page.replace(/<pre[\s\S]*?<\/pre>/g, '');
    assert.doesNotMatch(prose, /import Tabs|<Tabs|<TabItem|<Highlight/i);
    assert.match(prose, /Tab content in JavaScript\./);
    assert.match(prose, /inline component in it/);
    assert.match(page, /<pre[\s\S]*import[\s\S]*Tabs[\s\S]*<\/pre>/, 'code blocks keep their text');
    const basics = built.html.get('tutorial-basics-create-a-page.html')!;
    assert.match(basics, /admonition admonition-note/);
    assert.match(basics, /admonition-warning"><p class="admonition-title">Careful/);
    assert.match(built.html.get('tutorial-extras-manage-docs-versions.html')!, /admonition admonition-note/);
    assert.ok(![...built.html.values()].some((h) => h.includes('This draft is left out')));
  });

  test('no metadata: the title from the first page’s heading, the language from the text', () => {
    const opf = built.epub.get('OEBPS/content.opf')!;
    assert.match(opf, /<dc:title id="title">Tutorial Intro<\/dc:title>/);
    assert.match(opf, /<dc:language>en<\/dc:language>/);
  });

  test('the EPUB passes epubcheck with no errors and no warnings', () => checkEpub(built));
});

describe('include errors', () => {
  const failing = async (
    directive: string | ((chapterDir: string) => string),
    setup?: (root: string) => Promise<void>,
  ) => {
    const root = await copyFixture('mdbook');
    await setup?.(root);
    const chapter = join(root, 'src', 'part1', 'linux.md');
    const before = (await readFile(chapter, 'utf8')).split('\n').length;
    const text = typeof directive === 'string' ? directive : directive(dirname(chapter));
    await appendFile(chapter, `\nSee:\n\n${text}\n`);
    const result = await runCli(['build', root, '--format', 'html'], { env: ENV });
    return { result, line: before + 3 };
  };

  test('an include of a missing file is an error naming the chapter and line', async () => {
    const { result, line } = await failing('{{#include ../../listings/nope.rs}}');
    assert.equal(result.code, 1);
    assert.match(result.stderr, new RegExp(`src/part1/linux\\.md:${line}: .*no file \`../../listings/nope\\.rs\``));
  });

  test('an include outside the book, by path or by symbolic link, is an error naming the chapter and line', async () => {
    const outside = await tempDir('quire-outside-');
    await writeFile(join(outside, 'secret.txt'), 'SECRET TEXT\n');
    const byPath = await failing((dir) => `{{#include ${relative(dir, join(outside, 'secret.txt'))}}}`);
    assert.equal(byPath.result.code, 1);
    assert.match(byPath.result.stderr, new RegExp(`src/part1/linux\\.md:${byPath.line}: .*outside the book`));
    const bySymlink = await failing('{{#include ../../listings/link.txt}}', (root) =>
      symlink(join(outside, 'secret.txt'), join(root, 'listings', 'link.txt')),
    );
    assert.equal(bySymlink.result.code, 1);
    assert.match(bySymlink.result.stderr, new RegExp(`src/part1/linux\\.md:${bySymlink.line}: .*outside the book`));
    assert.doesNotMatch(bySymlink.result.stderr + bySymlink.result.stdout, /SECRET TEXT/);
  });
});

describe('a generated Chinese book of 200 pages in SUMMARY.md, with no settings at all', () => {
  const CHAPTERS = 20;
  const PHRASES = [
    '容器把應用程式和它的依賴打包在一起',
    '映像是唯讀的模板，容器是它執行中的實例',
    '每一層只記錄與上一層的差異',
    '網絡驅動決定了容器之間如何通訊',
    '卷讓資料在容器刪除之後仍然保留',
    '編排工具負責在多台主機上調度服務',
    '安全設定應該遵循最小權限原則',
    '這個設計讓部署變得更快也更可靠',
  ];

  /** A deterministic book: chapter folders with a README, seven pages and a sub-folder of two. */
  async function generate(): Promise<{ root: string; pages: number }> {
    const root = await tempDir('quire-zh-');
    let seed = 7;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648);
    const prose = (n: number) => Array.from({ length: n }, () => PHRASES[next() % PHRASES.length]).join('，') + '。';
    const files: Record<string, string> = {};
    const summary = ['# 目錄', ''];
    let figure = 0;
    const page = (title: string, up: string) => {
      figure = (figure % 3) + 1;
      return [
        `# ${title}`,
        '',
        prose(6),
        '',
        `<p align="center"><img src="${up}images/圖${figure}.png" alt="${title}的示意圖" width="160"></p>`,
        '',
        '> [!TIP]',
        `> ${prose(2)}`,
        '',
        '## 重點整理',
        '',
        prose(8),
        '',
        '> [!WARNING]',
        `> ${prose(1)}`,
        '',
      ].join('\n');
    };
    for (let c = 1; c <= CHAPTERS; c++) {
      const dir = `第${String(c).padStart(2, '0')}章`;
      files[`${dir}/README.md`] = page(`容器基礎之${c}`, '../');
      summary.push(`* [容器基礎之${c}](${dir}/README.md)`);
      for (let s = 1; s <= 7; s++) {
        files[`${dir}/第${s}節.md`] = page(`${c}.${s} 小節`, '../');
        summary.push(`    * [${c}.${s} 小節](${dir}/第${s}節.md)`);
        if (s === 7) {
          for (let d = 1; d <= 2; d++) {
            files[`${dir}/進階/深入${d}.md`] = page(`${c}.${s}.${d} 深入`, '../../');
            summary.push(`        * [${c}.${s}.${d} 深入](${dir}/進階/深入${d}.md)`);
          }
        }
      }
    }
    files['SUMMARY.md'] = summary.join('\n') + '\n';
    const { mkdir, copyFile } = await import('node:fs/promises');
    for (const [path, text] of Object.entries(files)) {
      await mkdir(dirname(join(root, path)), { recursive: true });
      await writeFile(join(root, path), text);
    }
    await mkdir(join(root, 'images'));
    for (let i = 1; i <= 3; i++) {
      await copyFile(fixture('features/chapters/img/dot.png'), join(root, 'images', `圖${i}.png`));
    }
    return { root, pages: summary.length - 2 };
  }

  let root: string;
  let pages: number;
  let built: Built;
  before(async () => {
    ({ root, pages } = await generate());
    built = await buildAll(root);
  });

  test('it builds with no manual step: every page in the PDF, the EPUB and the site, nested as listed', async () => {
    assert.equal(pages, 200);
    const info = await pdfInfo(join(built.out, 'book.pdf'));
    assert.ok(Number(info.Pages) >= 200, `${info.Pages} pages`);
    assert.equal(built.html.size, pages + 1, 'a site page per listed page, and the index');
    const expected = summaryTree(await readFile(join(root, 'SUMMARY.md'), 'utf8'));
    assert.equal(titlesIn(expected).length, 200);
    const nav = pagesOnly(navTree(built.epub.get('OEBPS/toc.xhtml')!), new Set(titlesIn(expected)));
    assert.deepEqual(nav, expected);
    assert.deepEqual(pagesOnly(outlineTree(built.outline), new Set(titlesIn(expected))), expected);
  });

  test('title from the first heading, language Traditional Chinese from the text; images and alerts rendered', () => {
    const opf = built.epub.get('OEBPS/content.opf')!;
    assert.match(opf, /<dc:title id="title">容器基礎之1<\/dc:title>/);
    assert.match(opf, /<dc:language>zh-Hant<\/dc:language>/);
    const images = opf.match(/<item id="(?!cover-image)[^"]*" href="[^"]*" media-type="image\/png"/g) ?? [];
    assert.equal(images.length, 3, 'three images, each once');
    const page = built.html.get([...built.html.keys()].find((k) => k !== 'index.html')!)!;
    assert.match(page, /<img src="assets\/[^"]+\.png"/);
    assert.match(page, /admonition admonition-tip/);
    assert.match(page, /admonition admonition-warning/);
    assert.match(page, /<p class="admonition-title">提示<\/p>/);
  });

  test('the EPUB passes epubcheck with no errors and no warnings', () => checkEpub(built));
});

describe('watch mode on an mdBook book', () => {
  test('a change to SUMMARY.md or to an included file shows in the next build', async () => {
    const { watch } = await import('../src/watch/watch.ts');
    const root = await copyFixture('mdbook');
    const outDir = await tempDir();
    const watcher = await watch({ root, outDir, formats: ['html'], port: 0 });
    try {
      await watcher.idle();
      const index = () => readFile(join(outDir, 'html', 'index.html'), 'utf8');
      const order = (html: string): [number, number] => [
        html.indexOf('>Hello, World<'),
        html.indexOf('>Installation<'),
      ];
      const [hello, install] = order(await index());
      assert.ok(install < hello, 'Installation comes first, as listed');

      const summary = join(root, 'src', 'SUMMARY.md');
      const text = await readFile(summary, 'utf8');
      const moved = text.replace('- [Hello, World](part1/hello.md)\n', '');
      await writeFile(summary, moved.replace('- [Installation]', '- [Hello, World](part1/hello.md)\n- [Installation]'));
      await until(async () => {
        const [h, i] = order(await index());
        return h !== -1 && h < i;
      }, 'the new order');

      await writeFile(
        join(root, 'listings', 'hello.rs'),
        (await readFile(join(root, 'listings', 'hello.rs'), 'utf8')).replace('Hello, world!', 'Hello again!'),
      );
      await until(
        async () => (await readFile(join(outDir, 'html', 'part1-hello.html'), 'utf8')).includes('Hello again!'),
        'the included file’s new text',
      );
    } finally {
      await watcher.close();
    }
  });
});

async function until(condition: () => Promise<boolean>, what: string, ms = 20_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await condition().catch(() => false))) {
    if (Date.now() > end) assert.fail(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
