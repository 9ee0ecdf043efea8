/**
 * The corpus run (`npm run corpus`): which books and roots it finds, how it groups warnings and
 * finds markers, and a whole run over a small corpus of two real archives, one that builds and one
 * that stops with an error, read back with the same tools as the real corpus.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { promisify } from 'node:util';
import { corpusRows, rootFromSource, rootsFromReadme } from './corpus/books.ts';
import { cjkMissing, groupKinds, markersLeft } from './corpus/measures.ts';
import type { RowResult } from './corpus/run-row.ts';
import { ROOT, tempDir, writeBook } from './helpers.ts';

const run = promisify(execFile);

const made: string[] = [];
/** A temporary folder, removed when the tests end. */
async function scratch(prefix: string): Promise<string> {
  const dir = await tempDir(prefix);
  made.push(dir);
  return dir;
}
after(() => Promise.all(made.map((dir) => rm(dir, { recursive: true, force: true }))));

const README = `# Books

| archive | layout | Quire root inside the archive | size |
| --- | --- | --- | --- |
| one | mdBook | \`one/guide\` | 1 MB |
| two | Docusaurus | the site \`two/website\` or the docs \`two/docs\` | 2 MB |

Text after the table.
`;

test('the roots come from the README table, every backticked path of the root column', () => {
  assert.deepEqual(
    [...rootsFromReadme(README)],
    [
      ['one', ['one/guide']],
      ['two', ['two/website', 'two/docs']],
    ],
  );
  assert.equal(
    rootFromSource('name: three\nquire root (inside the archive): three/docs\nlicense: MIT\n'),
    'three/docs',
  );
});

test('each archive gives a row per root; a root named only in .source.txt or nowhere still gives one', async () => {
  const dir = await scratch('quire-corpus-list-');
  await writeFile(join(dir, 'README.md'), README);
  for (const name of ['one', 'two', 'three', 'four']) await writeFile(join(dir, `${name}.tar.gz`), '');
  await writeFile(join(dir, 'three.source.txt'), 'quire root (inside the archive): three/book\n');
  const rows = corpusRows(dir).map((r) => [r.name, r.root]);
  assert.deepEqual(rows, [
    ['four', 'four'],
    ['one', 'one/guide'],
    ['three', 'three/book'],
    ['two/website', 'two/website'],
    ['two/docs', 'two/docs'],
  ]);
});

test('warnings differing only in their backticked, quoted or tag names and counts are one kind', () => {
  const kinds = groupKinds([
    'link to `a.md#x`: no such anchor',
    'remote image "https://a/b.png" shown as its alt text',
    'link to `b.md#y`: no such anchor',
    "3 links to 'c.md' left out",
    "12 links to 'd.md' left out",
    'link to `c.md`: no such chapter',
    'JSX component <PostsList> left out',
    'JSX component <Provider store={store}> left out',
    'JSX component <Tabs>, <TabItem> and <Tab> left out',
  ]);
  assert.deepEqual(
    kinds.map((k) => [k.count, k.kind, k.first]),
    [
      [3, 'JSX component <…> left out', 'JSX component <PostsList> left out'],
      [2, 'link to `…`: no such anchor', 'link to `a.md#x`: no such anchor'],
      [2, "N links to '…' left out", "3 links to 'c.md' left out"],
      [1, 'remote image "…" shown as its alt text', 'remote image "https://a/b.png" shown as its alt text'],
      [1, 'link to `…`: no such chapter', 'link to `c.md`: no such chapter'],
    ],
  );
});

test('markers count in the PDF text except as many as the code shows; CJK characters the PDF lost', () => {
  const pdf = 'Intro\n{{#include a.rs}}\nimport X from "x";\n:::tip Note\n{{#include b.rs}}\nplain text 中文';
  const code = 'import X from "x";\n{{#include b.rs}}\n';
  assert.deepEqual(markersLeft(pdf, code), [
    { marker: 'mdBook directive {{#…', count: 1, example: '{{#include a.rs}}' },
    { marker: 'admonition :::', count: 1, example: ':::tip Note' },
  ]);
  assert.deepEqual(cjkMissing('中文，日本語のかな、한국어', pdf), [
    '日',
    '本',
    '語',
    'の',
    'か',
    'な',
    '한',
    '국',
    '어',
  ]);
});

/** A corpus folder holding `books` as .tar.gz archives, each under its own top folder, and a README naming roots. */
async function corpusOf(books: Record<string, Record<string, string>>): Promise<string> {
  const dir = await scratch('quire-corpus-');
  const rows: string[] = [];
  for (const [name, files] of Object.entries(books)) {
    const book = await writeBook(Object.fromEntries(Object.entries(files).map(([p, c]) => [`${name}/${p}`, c])));
    made.push(book);
    await run('tar', ['-czf', join(dir, `${name}.tar.gz`), '-C', book, name]);
    rows.push(`| ${name} | \`${name}\` |`);
  }
  await writeFile(join(dir, 'README.md'), ['| archive | Quire root |', '| --- | --- |', ...rows, ''].join('\n'));
  return dir;
}

async function runCorpus(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', 'test/corpus/run.ts', ...args], {
      cwd: ROOT,
      maxBuffer: 64 * 1024 * 1024,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

const TOFU = '\u{E000}\u{E001}\u{E002}';
const GOOD = {
  'book.toml': '[book]\ntitle = "Good"\nauthors = ["Ada"]\nlanguage = "en"\n',
  'src/SUMMARY.md': '# Summary\n\n- [One](one.md)\n',
  'src/one.md': `# One\n\nPrivate-use characters no font has: ${TOFU}.\n\n[!NOTE] stays as text here.\n\n\`\`\`js\nimport React from 'react';\n// [!NOTE] in code\n\`\`\`\n`,
};
const BROKEN = {
  'book.yaml': 'title: Broken\nauthors: [Ben]\nlanguage: en\n',
  'chapters/01-one.md': '# One\n\n![a figure](missing.png)\n',
};

test('a run builds each book in all formats and reports it; --require-clean fails on a book that stopped', async () => {
  const corpus = await corpusOf({ good: GOOD, broken: BROKEN, empty: { 'notes.txt': 'No Markdown here.\n' } });
  const out = join(await scratch('quire-corpus-json-'), 'out.json');
  const whole = await runCorpus(['--corpus', corpus, `--json=${out}`]);
  assert.equal(whole.code, 0, whole.stderr);
  assert.match(whole.stdout, /^\| book +\| exit/m);
  const results = (JSON.parse(await readFile(out, 'utf8')) as { results: RowResult[] }).results;
  const [broken, empty, good] = results;
  assert.equal(good!.book, 'good');
  assert.equal(good!.exit, '0', JSON.stringify(good!.errors));
  assert.ok(good!.pdf!.pages > 0);
  assert.equal(good!.pdf!.type3Fonts.length, 0);
  assert.equal(good!.pdf!.notdefGlyphs, [...TOFU].length);
  assert.equal(good!.pdf!.notdefPages.length, 1);
  assert.deepEqual([good!.epub!.fatals, good!.epub!.errors], [0, 0]);
  assert.deepEqual(
    good!.markers!.map((m) => [m.marker, m.count, m.example]),
    [['alert [!NOTE]', 1, '[!NOTE] stays as text here.']],
  );

  assert.equal(broken!.book, 'broken');
  assert.equal(broken!.exit, '1');
  assert.equal(broken!.errors.length, 1);
  assert.equal(broken!.errors[0]!.where, 'chapters/01-one.md:3');
  assert.match(whole.stdout, /^broken\n {2}error: chapters\/01-one\.md:3: /m);
  assert.equal(broken!.pdf, undefined);

  assert.equal(empty!.exit, '1');
  assert.equal(empty!.errors[0]!.where, '.', 'an error about the root itself names it as `.`');

  const strict = await runCorpus(['--corpus', corpus, '--books', 'broken', '--require-clean']);
  assert.equal(strict.code, 1, strict.stderr);
});

test('a book that takes longer than --timeout is stopped and reported as a timeout', async () => {
  const corpus = await corpusOf({ good: GOOD });
  const started = Date.now();
  const result = await runCorpus(['--corpus', corpus, '--timeout', '1', '--json']);
  assert.equal(result.code, 0, result.stderr);
  const [row] = (JSON.parse(result.stdout) as { results: RowResult[] }).results;
  assert.equal(row!.exit, 'timeout');
  assert.ok(Date.now() - started < 20_000, 'the run went on after the time limit');
});

test('bad usage exits 2 with the reason', async () => {
  const corpus = await corpusOf({ good: GOOD });
  const unknown = await runCorpus(['--corpus', corpus, '--books', 'nosuch']);
  assert.equal(unknown.code, 2);
  assert.match(unknown.stderr, /no such book .*: nosuch/);
  const formats = await runCorpus(['--corpus', corpus, '--formats', 'docx']);
  assert.equal(formats.code, 2);
  assert.match(formats.stderr, /--formats takes html, pdf, epub; got `docx`/);
});
