/**
 * Books in other tools' layouts (mdBook, HonKit, Docusaurus) built by the real CLI: the order and
 * nesting their own SUMMARY.md or sidebar gives, read back from the site's contents, the EPUB's
 * navigation and the PDF's bookmarks; epubcheck clean; no directive text anywhere; include errors
 * with file and line; watch mode following SUMMARY.md and included files.
 */
import assert from 'node:assert/strict';
import { appendFile, readFile, symlink, writeFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { before, describe, test } from 'node:test';
import { copyFixture, fixture, runCli, tempDir } from '../../helpers.ts';
import {
  ENV,
  buildAll,
  checkEpub,
  checkNoDirectives,
  checkStructure,
  navTree,
  pageWith,
  summaryTree,
  titlesIn,
  type Built,
} from '../../support/layout-readers.ts';

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

  test('book.toml gives the title, authors and language; chapters numbered as mdBook numbers them, prefix and suffix chapters not', () => {
    const opf = built.epub.get('OEBPS/content.opf')!;
    assert.match(opf, /<dc:title id="title">The mdBook Fixture<\/dc:title>/);
    assert.match(opf, /<dc:creator id="creator1">Ben Sample<\/dc:creator>/);
    assert.match(opf, /<dc:language>en<\/dc:language>/);
    const nav = titlesIn(navTree(built.epub.get('OEBPS/toc.xhtml')!));
    assert.ok(nav.includes('Introduction') && nav.includes('Contributors'), nav.join(' | '));
    // mdBook's numbers: the draft "Not written yet" keeps its number (3), sub-chapters are numbered too.
    for (const title of ['1. Installation', '1.1. On Linux', '2. Hello, World', '4. Includes', '5. Rustdoc includes'])
      assert.ok(nav.includes(title), `${title} in ${nav.join(' | ')}`);
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
    assert.match(deeper.trimStart(), /^4\. Includes\s+4\.1\.1\. Deeper still/);
    const hello = built.pdfText[pageWith(built, 'The classic first program')]!;
    assert.match(hello.trimStart(), /^Getting started\s+2\. Hello, World/);
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
    assert.match(
      built.html.get('glossary.html')!,
      /href="writing-readme\.html"/,
      'a link to a folder opens its README',
    );
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

  test('MDX imports and JSX components without a print form are warnings naming file and line, and left out; admonitions render', () => {
    const file = 'docs/tutorial-basics/create-a-document.mdx';
    assert.match(built.stderr, new RegExp(`${file}:6: MDX \`import\` statement left out`));
    assert.match(built.stderr, new RegExp(`${file}:21: JSX component <Highlight> left out`));
    const page = built.html.get('tutorial-basics-create-a-document.html')!;
    const prose = page.replace(/<pre[\s\S]*?<\/pre>/g, '');
    assert.doesNotMatch(prose, /import Tabs|<Tabs|<TabItem|<Highlight/i);
    assert.match(prose, /Tab content in JavaScript\./);
    assert.match(prose, /inline component in it/);
    assert.match(page, /<pre[\s\S]*import[\s\S]*Tabs[\s\S]*<\/pre>/, 'code blocks keep their text');
    const basics = built.html.get('tutorial-basics-create-a-page.html')!;
    assert.match(basics, /href="tutorial-basics-create-a-document\.html#tab-content"/, 'a link to an .mdx page');
    const translate = built.html.get('tutorial-extras-translate-your-site.html')!;
    assert.match(translate, /href="intro\.html"/, 'a link without the file’s extension');
    assert.match(translate, /href="tutorial-basics-create-a-page\.html"/);
    assert.match(basics, /admonition admonition-note/);
    assert.match(basics, /admonition-warning"><p class="admonition-title">Careful/);
    assert.match(built.html.get('tutorial-extras-manage-docs-versions.html')!, /admonition admonition-note/);
    assert.ok(![...built.html.values()].some((h) => h.includes('This draft is left out')));
  });

  test('the title from docusaurus.config.js (read, not run), the language from the text', () => {
    const opf = built.epub.get('OEBPS/content.opf')!;
    assert.match(opf, /<dc:title id="title">Docusaurus Fixture<\/dc:title>/);
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

describe('watch mode on an mdBook book', () => {
  test('a change to SUMMARY.md or to an included file shows in the next build', async () => {
    const { watch } = await import('../../../src/watch/watch.ts');
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
