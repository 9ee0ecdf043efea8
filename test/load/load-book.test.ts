import assert from 'node:assert/strict';
import { rm, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { createLoadCache } from '../../src/load/read-cache.ts';
import { loadBook } from '../../src/load/load-book.ts';
import { QuireErrors, type QuireError } from '../../src/util/errors.ts';
import { writeBook } from '../helpers.ts';

const titles = async (root: string, drafts = false) => (await loadBook({ root, drafts })).chapters.map((c) => c.title);

test('order: front matter order, then sidebar_position, then the numeric prefix, ties by name', async () => {
  const root = await writeBook({
    'book.yaml': 'title: T\n',
    'chapters/10-ten.md': '# Ten\n',
    'chapters/2-two.md': '# Two\n',
    'chapters/b.md': '---\norder: 5\n---\n# B five\n',
    'chapters/a.md': '---\nsidebar_position: 5\n---\n# A five\n',
    'chapters/zzz.md': '---\norder: 1\n---\n# First by order\n',
    'chapters/unprefixed.md': '# Last\n',
  });
  assert.deepEqual(await titles(root), ['First by order', 'Two', 'A five', 'B five', 'Ten', 'Last']);
});

test('an explicit list in book.yaml wins and leaves out (with a warning) what it does not list', async () => {
  const root = await writeBook({
    'book.yaml': 'title: T\nchapters:\n  - part/z.md\n  - ./a.md\n',
    'chapters/a.md': '# A\n',
    'chapters/part/z.md': '# Z\n',
    'chapters/extra.md': '# Extra\n',
  });
  const book = await loadBook({ root });
  assert.deepEqual(
    book.chapters.map((c) => c.relPath),
    ['part/z.md', 'a.md'],
  );
  assert.equal(book.warnings.length, 1);
  assert.match(book.warnings[0]!.message, /extra\.md/);
});

test('a listed chapter that does not exist, or is listed twice, is an error naming book.yaml', async () => {
  const missing = await writeBook({ 'book.yaml': 'title: T\nchapters: [nope.md]\n', 'chapters/a.md': '# A\n' });
  await assert.rejects(
    loadBook({ root: missing }),
    // a.md, not listed, is left out with a warning, which comes with the error.
    (e: unknown) =>
      e instanceof QuireErrors &&
      /nope\.md.*does not exist/.test(e.errors[0]!.message) &&
      e.errors[0]!.file!.endsWith('book.yaml') &&
      e.warnings.some((w) => /a\.md.*left out/.test(w.message)),
  );
  const twice = await writeBook({ 'book.yaml': 'title: T\nchapters: [a.md, a.md]\n', 'chapters/a.md': '# A\n' });
  await assert.rejects(loadBook({ root: twice }), /twice/);
});

test('sub-folders are chapters too, ordered by path', async () => {
  const root = await writeBook({
    'book.yaml': 'title: T\n',
    'chapters/01-part/02-b.md': '# B\n',
    'chapters/01-part/01-a.md': '# A\n',
  });
  const book = await loadBook({ root });
  assert.deepEqual(
    book.chapters.map((c) => [c.relPath, c.id]),
    [
      ['01-part/01-a.md', '01-part-01-a'],
      ['01-part/02-b.md', '01-part-02-b'],
    ],
  );
});

test('drafts are left out unless asked for', async () => {
  const root = await writeBook({
    'book.yaml': 'title: T\n',
    'chapters/1.md': '# One\n',
    'chapters/2.md': '---\ndraft: true\n---\n# Draft\n',
  });
  assert.deepEqual(await titles(root), ['One']);
  assert.deepEqual(await titles(root, true), ['One', 'Draft']);
});

test('title: front matter, else the first heading, else the file name; numbered: false skips numbering', async () => {
  const root = await writeBook({
    'book.yaml': 'title: T\n',
    'chapters/0-preface.md': '---\ntitle: 前言\nnumbered: false\n---\nText.\n',
    'chapters/1-a.md': 'Intro.\n\n## A Section {#sec}\n',
    'chapters/2-b.md': '# Heading *Title*\n\nText.\n',
    'chapters/3-plain.md': 'No heading at all.\n\n```md\n# not a heading\n```\n',
  });
  const book = await loadBook({ root });
  assert.deepEqual(
    book.chapters.map((c) => [c.title, c.number, c.titleFromHeading]),
    [
      ['前言', undefined, false],
      ['A Section', 1, false],
      ['Heading Title', 2, true],
      ['3-plain', 3, false],
    ],
  );
});

test('Docusaurus front matter keys are accepted and body lines are counted after the front matter', async () => {
  const root = await writeBook({
    'book.yaml': 'title: T\n',
    'chapters/x.md': '---\ntitle: "X"\nsidebar_label: X\nkeywords: ["a"]\ntags: [b]\ndescription: d\n---\n\nBody\n',
  });
  const [chapter] = (await loadBook({ root })).chapters;
  assert.equal(chapter!.bodyLineOffset, 7);
  assert.equal(chapter!.body.split('\n')[1], 'Body');
});

test('malformed front matter names the file and the line', async () => {
  const root = await writeBook({
    'book.yaml': 'title: T\n',
    'chapters/bad.md': '---\ntitle: ok\norder: [1\n---\n# Bad\n',
  });
  await assert.rejects(loadBook({ root }), (e: QuireError) => {
    assert.match(e.message, /invalid front matter/);
    assert.ok(e.file!.endsWith('bad.md'));
    assert.ok(e.line! >= 3 && e.line! <= 4, `line ${e.line}`);
    return true;
  });
});

test('a front matter value of the wrong type names its line', async () => {
  const root = await writeBook({ 'book.yaml': 'title: T\n', 'chapters/a.md': '---\ntitle: A\ndraft: maybe\n---\n' });
  await assert.rejects(loadBook({ root }), (e: QuireError) => e.line === 3 && /draft/.test(e.message));
});

test('no chapters is an error that says what to add', async () => {
  const root = await writeBook({ 'book.yaml': 'title: T\n', 'chapters/notes.txt': 'x' });
  await assert.rejects(
    loadBook({ root }),
    (e: QuireError) => /no chapters/.test(e.message) && /chapters\//.test(e.hint!),
  );
});

test('the identifier is derived from the title when book.yaml gives none, and is stable', async () => {
  const root = await writeBook({ 'book.yaml': 'title: Stable\n', 'chapters/a.md': '# A\n' });
  const a = await loadBook({ root });
  const b = await loadBook({ root });
  assert.match(a.identifier, /^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  assert.equal(a.identifier, b.identifier);
});

test('watch mode reads again a chapter or book.yaml whose text changed, even with the same size and modification time', async () => {
  const root = await writeBook({ 'book.yaml': 'title: T\n', 'chapters/01-a.md': '# Alpha\n\nfirst\n' });
  const file = join(root, 'chapters', '01-a.md');
  const cache = createLoadCache();
  const then = new Date('2026-01-01T00:00:00Z');
  await utimes(file, then, then);
  const first = await loadBook({ root, cache });
  assert.equal((await loadBook({ root, cache })).chapters[0]!.body, first.chapters[0]!.body);
  assert.equal(cache.chapters.size, 1, 'the chapter is kept');

  // An editor (or a checkout) can write a text of the same length and put the old time back.
  await writeFile(file, '# Alpha\n\nworst\n');
  await utimes(file, then, then);
  assert.match((await loadBook({ root, cache })).chapters[0]!.body, /worst/);

  await writeFile(join(root, 'chapters', '02-b.md'), '# Beta\n');
  assert.deepEqual(
    (await loadBook({ root, cache })).chapters.map((c) => c.title),
    ['Alpha', 'Beta'],
  );
  await rm(file);
  assert.deepEqual(
    (await loadBook({ root, cache })).chapters.map((c) => c.title),
    ['Beta'],
  );
  assert.equal(cache.chapters.size, 1, 'a removed chapter is forgotten');

  // book.yaml likewise: kept while unchanged, read again once saved.
  assert.equal((await loadBook({ root, cache })).config, first.config);
  await writeFile(join(root, 'book.yaml'), 'title: U\n');
  assert.equal((await loadBook({ root, cache })).config.title, 'U');
});

test('watch mode keeps the pages of an mdBook book as read, reads an edited one again, and forgets one left out', async () => {
  const root = await writeBook({
    'src/SUMMARY.md': '- [A](a.md)\n- [B](b.md)\n',
    'src/a.md': '# A\n\nfirst\n',
    'src/b.md': '# B\n',
  });
  const cache = createLoadCache();
  await loadBook({ root, cache });
  assert.deepEqual([...cache.pages.keys()].map((f) => f.slice(root.length)).sort(), ['/src/a.md', '/src/b.md']);
  const kept = cache.pages.get(join(root, 'src', 'a.md'));
  await loadBook({ root, cache });
  assert.equal(cache.pages.get(join(root, 'src', 'a.md')), kept, 'an unchanged page is not read again');

  await writeFile(join(root, 'src', 'a.md'), '# A\n\nsecond\n');
  assert.match((await loadBook({ root, cache })).chapters[0]!.body, /second/);
  await writeFile(join(root, 'src', 'SUMMARY.md'), '- [A](a.md)\n');
  assert.deepEqual(
    (await loadBook({ root, cache })).chapters.map((c) => c.title),
    ['A'],
  );
  assert.equal(cache.pages.size, 1, 'a page no longer listed is forgotten');
});
