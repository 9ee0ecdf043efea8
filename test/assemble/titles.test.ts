/**
 * Titles and numbers as the book's own tool prints them, and what the page shows, on small books
 * built by the real CLI and read back from the site, the EPUB navigation and the PDF (poppler's
 * text, pdfjs' bookmarks and destinations): mdBook's section numbers, HonKit's none, a plain
 * folder's series heading, titles printed once, authors joined by the book's language, hidden
 * lines, a chapter's own styles kept in the chapter, destination names within the PDF limit.
 */
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { before, describe, test } from 'node:test';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { htmlText, squeeze, writeBook } from '../helpers.ts';
import { buildAll, navTree, outlineTree, siteTree, titlesIn, type Built } from '../support/layout-readers.ts';

const MDBOOK = {
  'book.toml': '[book]\ntitle = "Numbers"\nauthors = ["Ann Lee", "Bob Ray"]\nlanguage = "en"\n',
  'src/SUMMARY.md': [
    '# Summary',
    '',
    '[Introduction](README.md)',
    '',
    '# <a id="basics"></a>Basics',
    '',
    '- [Setup](setup.md)',
    '  - [On Linux](linux.md)',
    '- [Not yet]()',
    '- [Usage](usage.md)',
    '- [Chapter 9: Own Number](own.md)',
    '',
    '---',
    '',
    '[Changelog](changelog.md)',
  ].join('\n'),
  'src/README.md': '# Introduction\n\nWelcome.\n',
  'src/setup.md': '## Getting Set Up\n\nSetup text.\n',
  'src/linux.md': '### On Linux\n\nLinux text.\n',
  'src/usage.md': [
    '# Usage',
    '',
    'Usage text.',
    '',
    '<style>',
    '.stamp { position: absolute; top: 0; left: 0; }',
    '.cover-title { display: none; }',
    '</style>',
    '',
    '<div class="stamp">STAMPED</div>',
    '',
    '```rust',
    '# fn hidden_setup() {}',
    '#',
    '#[derive(Debug)]',
    'struct Shown;',
    '## literal hash line',
    '```',
    '',
    '```',
    '# untagged blocks show every line',
    'let untagged_shown = 2;',
    '```',
    '',
    '```python',
    '# a python comment stays',
    '```',
    '',
    '```python,hidelines=!!!',
    '!!!hidden_python()',
    'shown_python()',
    '```',
  ].join('\n'),
  'src/own.md': '# Chapter 9: Own Number\n\nIts own number.\n',
  'src/changelog.md': '# Changelog\n\nChanges.\n',
};

/** The PDF page (0-based) that holds `needle`, from page `from` on. */
const pageWith = (built: Built, needle: string, from = 0) =>
  built.pdfText.findIndex((p, i) => i >= from && p.includes(needle));

describe('an mdBook book: section numbers, titles once, hidden lines, scoped styles', () => {
  let built: Built;
  before(async () => {
    built = await buildAll(await writeBook(MDBOOK));
  });

  test('numbered as mdBook numbers: sub-chapters too, a draft keeps its number, prefix and suffix unnumbered', () => {
    const nav = titlesIn(navTree(built.epub.get('OEBPS/toc.xhtml')!));
    for (const title of ['Introduction', '1. Setup', '1.1. On Linux', '3. Usage', 'Chapter 9: Own Number', 'Changelog'])
      assert.ok(nav.includes(title), `${title} in ${nav.join(' | ')}`);
    const bookmarks = titlesIn(outlineTree(built.outline));
    assert.ok(bookmarks.includes('1.1. On Linux') && bookmarks.includes('Changelog'), bookmarks.join(' | '));
    const index = built.html.get('index.html')!;
    assert.match(index, /<span class="toc-label">3\.<\/span> <span class="toc-title">Usage<\/span>/);
    assert.doesNotMatch(index, /toc-label">[^<]*<\/span> <span class="toc-title">(Introduction|Changelog|Chapter 9)/);
    const contents = built.pdfText[pageWith(built, 'Contents')]!;
    assert.match(contents, /1\. Setup/);
    assert.match(contents, /1\.1\. On Linux/);
  });

  test('a part heading’s raw HTML is not printed, its text is', () => {
    assert.deepEqual(
      siteTree(built.html.get('index.html')!).map((n) => n.title),
      ['Introduction', 'Basics', 'Changelog'],
    );
    assert.ok(!built.pdfText.some((p) => p.includes('<a id')));
  });

  test('the page’s own leading heading, at any level, is its printed title, once; SUMMARY.md’s is the contents’', () => {
    const setup = built.html.get('setup.html')!;
    assert.match(setup, /<h1 class="chapter-title"[^>]*>Getting Set Up<\/h1>/);
    assert.equal(htmlText(setup).split('Getting Set Up').length - 1, 1, 'printed once');
    const linux = built.html.get('linux.html')!;
    assert.equal(htmlText(linux.slice(linux.indexOf('<main'))).split('On Linux').length - 1, 1, 'printed once');
    const page = built.pdfText[pageWith(built, 'Setup text.')]!;
    assert.equal(page.split('Getting Set Up').length - 1, 1, page);
  });

  test('authors joined as English joins them', () => {
    assert.match(built.pdfText[1]!, /Ann Lee and Bob Ray/);
    assert.ok(!built.pdfText.join('').includes('、'));
  });

  test('hidden lines of Rust blocks (and of `hidelines=`) are left out; `##` is a `#`; other blocks whole', () => {
    const usage = htmlText(built.html.get('usage.html')!);
    assert.doesNotMatch(usage, /hidden_setup|hidden_python|## literal/);
    assert.match(usage, /# untagged blocks show every line/);
    assert.match(usage, /shown_python/);
    assert.match(usage, /#\[derive\(Debug\)\]/);
    assert.match(usage, /struct Shown/);
    assert.match(usage, /# literal hash line/);
    assert.match(usage, /untagged_shown/);
    assert.match(usage, /# a python comment stays/);
    const pdf = built.pdfText.join('\n');
    assert.doesNotMatch(pdf, /hidden_setup|hidden_python/);
  });

  test('a chapter’s own styles stay in the chapter: not on the cover, not in the site’s other pages', () => {
    assert.match(built.pdfText[0]!, /Numbers/, 'the cover keeps its title');
    assert.doesNotMatch(built.pdfText[0]!, /STAMPED/);
    assert.match(built.pdfText[pageWith(built, 'Usage text.')]!, /STAMPED/);
    const usage = built.html.get('usage.html')!;
    assert.match(usage, /\[data-chapter="usage"\] \.stamp/);
    assert.match(usage, /<section class="chapter[^"]*" data-chapter="usage"/);
  });
});

describe('numbering turned off or absent', () => {
  test('mdBook with `no-section-label`: nothing numbered', async () => {
    const built = await buildAll(
      await writeBook({
        ...MDBOOK,
        'book.toml': `${MDBOOK['book.toml']}\n[output.html]\nno-section-label = true\n`,
      }),
    );
    const nav = titlesIn(navTree(built.epub.get('OEBPS/toc.xhtml')!));
    assert.ok(nav.includes('Setup') && nav.includes('Usage') && nav.includes('On Linux'), nav.join(' | '));
    assert.ok(!built.html.get('index.html')!.includes('toc-label'));
  });

  test('HonKit numbers nothing; README, changelog and contribute entries are plain entries', async () => {
    const built = await buildAll(
      await writeBook({
        'book.json': JSON.stringify({ title: 'Plain', author: 'Ann Lee', language: 'en' }),
        'SUMMARY.md':
          '# Summary\n\n* [Intro](README.md)\n* [Contribute](contribute.md)\n* [First](first.md)\n  * [Inner](inner.md)\n',
        'README.md': '# Intro\n\nHello.\n',
        'contribute.md': '# Contribute\n\nSend patches.\n',
        'first.md': '## The First Steps\n\nFirst text.\n',
        'inner.md': '# Inner\n\nInner text.\n',
      }),
    );
    assert.deepEqual(titlesIn(navTree(built.epub.get('OEBPS/toc.xhtml')!)), ['Intro', 'Contribute', 'First', 'Inner']);
    assert.ok(!built.html.get('index.html')!.includes('toc-label'));
    assert.match(built.html.get('first.html')!, /<h1 class="chapter-title"[^>]*>The First Steps<\/h1>/);
    const first = built.pdfText[pageWith(built, 'First text.')]!;
    assert.doesNotMatch(first, /Chapter \d/);
    assert.equal(first.split('The First Steps').length - 1, 1);
  });
});

describe('a plain folder whose pages all open with the series’ title', () => {
  let built: Built;
  const series = '# The Series: Volume One';
  before(async () => {
    built = await buildAll(
      await writeBook({
        'README.md': `${series}\n\nAbout the series.\n`,
        'ch1.md': `${series}\n# Chapter 1: Alpha\n\nAlpha text.\n`,
        'ch2.md': `${series}\n\n# Chapter 2: Beta\n\n## A Section\n\nBeta text.\n`,
        'ch3.md': `${series}\n# Chapter 3: Gamma\n\nGamma text.\n`,
      }),
    );
  });

  test('each chapter is titled by its own heading, unlabelled; the series’ title is the book’s', () => {
    assert.deepEqual(titlesIn(navTree(built.epub.get('OEBPS/toc.xhtml')!)).slice(0, 5), [
      'The Series: Volume One',
      'Chapter 1: Alpha',
      'Chapter 2: Beta',
      'A Section',
      'Chapter 3: Gamma',
    ]);
    const main = (page: string) => htmlText(page.slice(page.indexOf('<main')));
    const beta = main(built.html.get('ch2.html')!);
    assert.doesNotMatch(beta, /Volume One/);
    assert.match(built.html.get('ch2.html')!, /<h1 class="chapter-title"[^>]*>Chapter 2: Beta<\/h1>/);
    assert.equal(beta.split('Chapter 2: Beta').length - 1, 1, beta);
    // In the PDF the series' title is the book's, in the running head only.
    const page = built.pdfText[pageWith(built, 'Beta text.')]!;
    assert.equal(page.split('Volume One').length - 1, 1, page);
  });
});

describe('a Quire book: its own labels, read back with a space; long ids', () => {
  let built: Built;
  // Thirty CJK characters: 270 bytes once percent-encoded, past the 127 of a PDF name.
  const long = '這是一個非常非常長的標題用來測試目的地名稱的長度限制是否被遵守而且還要更長一些才行';
  before(async () => {
    built = await buildAll(
      await writeBook({
        'book.yaml': 'title: 標題測試\nauthors: [甲, 乙]\nlanguage: zh-Hant\n',
        'chapters/01-hello.md': `# Hello World\n\n## ${long}\n\n長的小節。\n`,
        'chapters/02-own.md': `# 第二章 自己的編號\n\n見[上一章](01-hello.md#${long})。\n`,
      }),
    );
  });

  test('the contents print the label and title with a space between them; a title with its own number has no label', () => {
    const contents = built.pdfText[pageWith(built, '目錄')]!;
    assert.match(contents, /第 1 章 Hello World/);
    assert.match(contents, /第二章 自己的編號/);
    assert.doesNotMatch(contents, /第 2 章/);
  });

  test('every destination name fits the PDF limit, and the link to the long heading reaches its page', async () => {
    const doc = await getDocument({
      data: new Uint8Array(await readFile(join(built.out, 'book.pdf'))),
      verbosity: 0,
    }).promise;
    try {
      const names = Object.keys(await doc.getDestinations());
      assert.ok(names.length > 0);
      // pdfjs gives a name's bytes one per character; a PDF name writes each byte past ASCII as `#xx`.
      const bytes = (name: string) => [...name].reduce((n, ch) => n + (ch.charCodeAt(0) < 0x80 ? 1 : 3), 0);
      for (const name of names) assert.ok(bytes(name) <= 127, `${bytes(name)} bytes: ${name}`);
      const target = pageWith(built, '長的小節');
      const from = pageWith(built, '見上一章') + 1;
      const annotations = (await (await doc.getPage(from)).getAnnotations()) as { dest?: unknown }[];
      const pages = [];
      for (const a of annotations) {
        if (!a.dest) continue;
        const dest = typeof a.dest === 'string' ? await doc.getDestination(a.dest) : (a.dest as unknown[]);
        pages.push(await doc.getPageIndex(dest![0] as { num: number; gen: number }));
      }
      assert.ok(pages.includes(target), `link targets ${pages.join(', ')}, heading on ${target}`);
    } finally {
      await doc.destroy();
    }
    assert.ok(squeeze(built.pdfText[pageWith(built, '長的小節')]!).includes(long), 'the heading is printed whole');
  });
});
