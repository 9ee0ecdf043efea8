import assert from 'node:assert/strict';
import { mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { copyFixture, runCli } from './helpers.ts';

test('--help prints usage and exits 0; bad usage exits 2', async () => {
  const help = await runCli(['--help']);
  assert.equal(help.code, 0);
  assert.match(help.stdout, /quire build \[root\]/);
  assert.match(help.stdout, /quire watch \[root\]/);
  for (const args of [[], ['publish'], ['build', '--format', 'docx'], ['build', '--bogus'], ['build', 'a', 'b']]) {
    const result = await runCli(args);
    assert.equal(result.code, 2, `${args.join(' ')}: ${result.stderr}`);
    assert.match(result.stderr, /quire:/);
  }
});

test('a build prints a line per stage with its time and the files written', async () => {
  const book = await copyFixture('features');
  const result = await runCli(['build', book, '--format', 'html,epub']);
  assert.equal(result.code, 0, result.stderr);
  for (const stage of ['load', 'render', 'html', 'epub'])
    assert.match(result.stdout, new RegExp(`^${stage} +\\d+(\\.\\d+)? m?s$`, 'm'));
  assert.doesNotMatch(result.stdout, /^pdf /m);
  assert.ok((await stat(join(book, 'dist', 'features.epub'))).size > 0);
  assert.ok((await stat(join(book, 'dist', 'html', 'index.html'))).size > 0);
});

/** The 1-based line of the first line of `text` that contains `needle`. */
const lineOf = (text: string, needle: string) => text.split('\n').findIndex((l) => l.includes(needle)) + 1;

/** Each bad input: exit 1, a message naming file and line, and the previous outputs untouched. */
const BAD_INPUTS: { name: string; file: string; edit: (text: string) => string; where: (edited: string) => RegExp }[] =
  [
    {
      name: 'malformed front matter YAML',
      file: 'chapters/02-more.md',
      edit: (t) => `---\ntitle: [unclosed\n---\n${t}`,
      where: (t) => new RegExp(`chapters/02-more\\.md:${lineOf(t, '[unclosed')}:\\d+: invalid front matter`),
    },
    {
      name: 'an unknown book.yaml key',
      file: 'book.yaml',
      edit: (t) => `${t}subtitel: Oops\n`,
      where: (t) =>
        new RegExp(
          `book\\.yaml:${lineOf(t, 'subtitel')}:1: unknown key \`subtitel\`[\\s\\S]*did you mean \`subtitle\``,
        ),
    },
    {
      name: 'a broken link',
      file: 'chapters/02-more.md',
      edit: (t) => t.replace('[basics code](./01-basics.md#code)', '[basics code](./01-basics.md#no-such-section)'),
      where: (t) =>
        new RegExp(
          `chapters/02-more\\.md:${lineOf(t, 'no-such-section')}: link to \`\\./01-basics\\.md#no-such-section\``,
        ),
    },
    {
      name: 'a missing image',
      file: 'chapters/01-basics.md',
      edit: (t) => t.replace('./img/dot.png', './img/missing.png'),
      where: (t) =>
        new RegExp(`chapters/01-basics\\.md:${lineOf(t, 'missing.png')}: file \`\\./img/missing\\.png\` not found`),
    },
    {
      name: 'a template syntax error',
      file: 'templates/partials/cover.hbs',
      edit: () => '<section class="cover">\n<h1>{{book.title</h1>\n</section>\n',
      where: (t) => new RegExp(`templates/partials/cover\\.hbs:${lineOf(t, '{{book.title<')}: template syntax error`),
    },
  ];

for (const bad of BAD_INPUTS) {
  test(`bad input, ${bad.name}: exit 1, file and line named, previous outputs intact`, async () => {
    const book = await copyFixture('features');
    const first = await runCli(['build', book, '--format', 'html,epub']);
    assert.equal(first.code, 0, first.stderr);
    const epub = join(book, 'dist', 'features.epub');
    const before = { epub: await readFile(epub), index: await readFile(join(book, 'dist', 'html', 'index.html')) };

    const path = join(book, bad.file);
    const original = await readFile(path, 'utf8').catch(() => '');
    const edited = bad.edit(original);
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, edited);
    const result = await runCli(['build', book, '--format', 'html,epub'], { cwd: book });
    assert.equal(result.code, 1, result.stdout + result.stderr);
    assert.match(result.stderr, bad.where(edited));

    assert.deepEqual(await readFile(epub), before.epub);
    assert.deepEqual(await readFile(join(book, 'dist', 'html', 'index.html')), before.index);
    assert.deepEqual(await readdir(join(book, 'dist')), ['features.epub', 'html'], 'no temporary files left behind');
  });
}
