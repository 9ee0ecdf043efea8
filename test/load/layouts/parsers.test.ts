/** Unit tests of the layout readers: SUMMARY.md, MDX, language, settings, detection. */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { detectLanguage } from '../../../src/load/layouts/language.ts';
import { stripMdx } from '../../../src/load/layouts/mdx.ts';
import { parseSummary } from '../../../src/load/layouts/summary-parse.ts';
import { loadBook, loadOutputSettings } from '../../../src/load/load-book.ts';
import { renderBook } from '../../../src/render/render-book.ts';
import type { QuireError } from '../../../src/util/errors.ts';
import { writeBook } from '../../helpers.ts';

test('SUMMARY.md: title skipped, prefix, numbered with nesting, parts, drafts, suffix, lines', () => {
  const { items, parts } = parseSummary(
    [
      '# Summary', //              1
      '',
      '[Preface](preface.md)', //  3
      '[Foreword](fore.md)', //    4
      '',
      '# Part One', //             6
      '',
      '- [One](one.md)', //        8
      '  - [One A](one/a.md)', //  9
      '  - [Draft]()', //         10
      '    - [Under](u.md)', //   11
      '- [`Two` *2*](two.md)', // 12
      '',
      '---',
      '',
      '[Appendix](app.md)', //    16
    ].join('\n'),
  );
  assert.deepEqual(parts, [{ title: 'Part One', line: 6 }]);
  assert.deepEqual(
    items.map((i) => [i.title, i.href, i.depth, i.kind, i.part, i.line]),
    [
      ['Preface', 'preface.md', 0, 'prefix', undefined, 3],
      ['Foreword', 'fore.md', 0, 'prefix', undefined, 4],
      ['One', 'one.md', 0, 'numbered', 0, 8],
      ['One A', 'one/a.md', 1, 'numbered', 0, 9],
      ['Draft', '', 1, 'numbered', 0, 10],
      ['Under', 'u.md', 2, 'numbered', 0, 11],
      ['Two 2', 'two.md', 0, 'numbered', 0, 12],
      ['Appendix', 'app.md', 0, 'suffix', undefined, 16],
    ],
  );
});

test('SUMMARY.md in GitBook style: `##` parts, four-space nesting, a first heading that is not h1 is a part', () => {
  const { items, parts } = parseSummary('## Basics\n\n* [A](a.md)\n    * [B](b.md)\n\n## More\n\n* [C](c.md)\n');
  assert.deepEqual(
    parts.map((p) => p.title),
    ['Basics', 'More'],
  );
  assert.deepEqual(
    items.map((i) => [i.title, i.depth, i.part]),
    [
      ['A', 0, 0],
      ['B', 1, 0],
      ['C', 0, 1],
    ],
  );
});

test('MDX: imports, exports, components and comments blanked with one warning per kind; code and line count kept', () => {
  const body = [
    "import Tabs from '@theme/Tabs';", // 1
    'import {', //                        2
    '  A,', //                            3
    "} from '../../a';", //                   4
    'export const meta = 1;', //          5
    '', //                                6
    '<Tabs groupId="x">', //              7
    'Kept **text**.', //                  8
    '</Tabs>', //                         9
    'Inline <Badge type="x">word</Badge> {/* note */} here.', // 10
    '```js', //                           11
    "import X from 'x';", //              12
    '<Tabs>', //                          13
    '```', //                             14
    '<Foo', //                            15
    '  bar="1"', //                       16
    '/>', //                              17
    '<details><summary>HTML</summary>stays</details>', // 18
  ].join('\n');
  const warnings: QuireError[] = [];
  const out = stripMdx(body, { file: '/book/page.mdx', bodyLineOffset: 3 }, (w) => warnings.push(w)).body.split('\n');
  assert.equal(out.length, 18);
  assert.deepEqual(out.slice(0, 7), ['', '', '', '', '', '', '']);
  assert.equal(out[7], 'Kept **text**.');
  assert.equal(out[8], '');
  assert.equal(out[9], 'Inline word  here.');
  assert.deepEqual(out.slice(10, 14), ['```js', "import X from 'x';", '<Tabs>', '```']);
  assert.deepEqual(out.slice(14, 17), ['', '', '']);
  assert.equal(out[17], '<details open><summary>HTML</summary>stays</details>');
  assert.deepEqual(
    warnings.map((w) => [w.line, w.message]),
    [
      [4, 'MDX `import` statement left out (2 times; first here)'],
      [8, 'MDX `export` statement left out'],
      [13, 'JSX component <Badge> left out'],
      [18, 'JSX component <Foo> left out'],
    ],
  );
});

test('language from the text: Traditional and Simplified Chinese, Japanese, English with CJK in code', () => {
  assert.equal(detectLanguage(['這是一本關於容器的書，我們會說明映像與網絡的設計。']), 'zh-Hant');
  assert.equal(detectLanguage(['这是一本关于容器的书，我们会说明镜像与网络的设计。']), 'zh-Hans');
  assert.equal(detectLanguage(['これはコンテナについての本です。イメージとネットワークを説明します。']), 'ja');
  assert.equal(
    detectLanguage([
      'An English book about containers, images and networks.\n\n```\n// 這是一個註解，說明這段程式\n```\n',
    ]),
    'en',
  );
  assert.equal(detectLanguage(['']), 'en');
});

test('detection: book.yaml wins; src/SUMMARY.md alone is mdBook; a docs folder otherwise', async () => {
  const both = await writeBook({
    'book.yaml': 'title: Quire Wins\n',
    'chapters/a.md': '# A\n',
    'SUMMARY.md': '- [B](b.md)\n',
    'b.md': '# B\n',
  });
  assert.equal((await loadBook({ root: both })).layout, 'quire');
  const mdbook = await writeBook({
    'src/SUMMARY.md': '- [Only](only.md)\n',
    'src/only.md': '# The Only Page\n\nText.\n',
  });
  const book = await loadBook({ root: mdbook });
  assert.equal(book.layout, 'mdbook');
  assert.equal(book.config.title, 'The Only Page');
  assert.deepEqual(await loadOutputSettings(mdbook), { name: 'book', formats: ['html', 'pdf', 'epub'], dir: 'dist' });
  const docs = await writeBook({
    '02-second.md': '# Second\n',
    '10-tenth.md': '# Tenth\n',
    'first.md': '---\nsidebar_position: 1\n---\n# First\n',
    'late.md': '---\ndraft: true\n---\n# Late\n',
  });
  const titles = async (drafts: boolean) => (await loadBook({ root: docs, drafts })).chapters.map((c) => c.title);
  assert.deepEqual(await titles(false), ['First', 'Second', 'Tenth']);
  assert.deepEqual(await titles(true), ['First', 'Second', 'Tenth', 'Late']);
  // A page named index.md must not take the site's front page.
  const withIndex = await writeBook({ 'index.md': '# Home\n', 'b.md': '# B\n' });
  assert.deepEqual(
    (await loadBook({ root: withIndex })).chapters.map((c) => c.id),
    ['index-2', 'b'],
  );
  // SUMMARY.md wins over a chapters/ folder; chapters/ alone is a Quire book missing its book.yaml.
  const gitbook = await writeBook({ 'SUMMARY.md': '- [A](chapters/a.md)\n', 'chapters/a.md': '# A\n' });
  assert.equal((await loadBook({ root: gitbook })).layout, 'honkit');
  const quire = await writeBook({ 'chapters/a.md': '# A\n' });
  await assert.rejects(loadBook({ root: quire }), /cannot read book\.yaml/);
});

test('book.js (HonKit) is read like book.json, without running it: its literal settings only', async () => {
  const title = 'Settings From book.js';
  const root = await writeBook({
    // Run, this would fail: there is no package.json to require.
    'book.js': [
      "const pkg = require('./package.json');",
      'module.exports = {',
      `  title: '${title}',`,
      "  author: 'Carla Writer',",
      "  language: 'en',",
      '  version: pkg.version,',
      "  pluginsConfig: { quire: { output: { name: 'from-js' } } },",
      '};',
    ].join('\n'),
    'SUMMARY.md': '- [A](a.md)\n',
    'a.md': '# A\n\nText.\n',
  });
  const book = await loadBook({ root });
  assert.equal(book.layout, 'honkit');
  assert.equal(book.config.title, title);
  assert.deepEqual(book.config.authors, ['Carla Writer']);
  assert.equal(book.config.output.name, 'from-js');
  assert.equal(book.configFile, join(root, 'book.js'));
});

test('SUMMARY.md errors name its line: a page that does not exist, a page outside the book', async () => {
  const missing = await writeBook({ 'SUMMARY.md': '# Summary\n\n- [A](a.md)\n- [Gone](gone.md)\n', 'a.md': '# A\n' });
  await assert.rejects(
    loadBook({ root: missing }),
    (e: QuireError) => /gone\.md.*does not exist/.test(e.message) && e.line === 4 && e.file!.endsWith('SUMMARY.md'),
  );
  const outside = await writeBook({ 'book/SUMMARY.md': '- [Out](../out.md)\n', 'out.md': '# Out\n' });
  await assert.rejects(
    loadBook({ root: join(outside, 'book') }),
    (e: QuireError) => /outside the book/.test(e.message) && e.line === 1,
  );
});

test('every layout reads its pages, SUMMARY.md and included files as UTF-8 text: an error at the first bad byte', async () => {
  const latin1 = (text: string) => Buffer.from(text, 'latin1');
  const notUtf8 = (file: string, line: number) => (e: QuireError) =>
    /the file is not UTF-8 text/.test(e.message) && e.file!.endsWith(file) && e.line === line;
  const mdbook = await writeBook({
    'src/SUMMARY.md': '- [A](a.md)\n- [B](b.md)\n',
    'src/a.md': '# A\n',
    'src/b.md': latin1('# B\n\nCaf\u00e9\n'),
  });
  await assert.rejects(loadBook({ root: mdbook }), notUtf8('src/b.md', 3));
  const summary = await writeBook({ 'SUMMARY.md': latin1('# Summary\n\n- [Caf\u00e9](a.md)\n'), 'a.md': '# A\n' });
  await assert.rejects(loadBook({ root: summary }), notUtf8('SUMMARY.md', 3));
  const binary = await writeBook({
    'SUMMARY.md': '- [A](a.md)\n',
    'a.md': Buffer.from([0x23, 0x20, 0x41, 0x0a, 0x00, 0x01]),
  });
  await assert.rejects(
    loadBook({ root: binary }),
    (e: QuireError) => /binary data/.test(e.message) && e.file!.endsWith('a.md') && e.line === 2,
  );
  const included = await writeBook({
    'src/SUMMARY.md': '- [A](a.md)\n',
    'src/a.md': '# A\n\n{{#include notes.txt}}\n',
    'src/notes.txt': latin1('one\ntwo \u00e9\n'),
  });
  await assert.rejects(loadBook({ root: included }), notUtf8('src/notes.txt', 2));
  const docs = await writeBook({ 'one.md': '# One\n', 'two.md': latin1('---\ntitle: Tw\u00f6\n---\n') });
  await assert.rejects(loadBook({ root: docs }), notUtf8('two.md', 2));
});

test('book.toml syntax errors name their line', async () => {
  const root = await writeBook({
    'book.toml': '[book]\ntitle = "x\n',
    'src/SUMMARY.md': '- [A](a.md)\n',
    'src/a.md': '# A\n',
  });
  await assert.rejects(loadBook({ root }), (e: QuireError) => /invalid TOML/.test(e.message) && e.line === 2);
});

test('after an include, a broken link (a warning in an mdBook book) and a bad formula are reported at their own lines', async () => {
  const root = await writeBook({
    'book.toml': '[book]\ntitle = "T"\n',
    'src/SUMMARY.md': '- [A](a.md)\n',
    'src/a.md':
      '---\ntitle: A\n---\n# A\n\n```\n{{#include five.txt}}\n```\n\n[broken](nowhere.md)\n\nBad $\\notacommand{x}$ here.\n',
    'src/five.txt': '1\n2\n3\n4\n5\n',
  });
  const book = await loadBook({ root });
  await assert.rejects(
    () => renderBook(book),
    (e: Error) => {
      const { errors, warnings } = e as unknown as { errors: QuireError[]; warnings: QuireError[] };
      const link = warnings.find((x) => /nowhere\.md/.test(x.message));
      const math = errors.find((x) => /invalid TeX/.test(x.message));
      return link?.line === 10 && math?.line === 12;
    },
  );
});
