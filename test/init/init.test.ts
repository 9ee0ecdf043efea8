/**
 * `quire init`: the book.yaml it writes documents every key of the schema; a new book builds to a
 * PDF and an EPUB that pass the same checks as any book; copied templates are the ones used; a
 * folder with anything in it is left alone.
 */
import assert from 'node:assert/strict';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { before, describe, test } from 'node:test';
import { parse } from 'yaml';
import { bookYaml } from '../../src/init/book-yaml.ts';
import { configReference } from '../../src/load/config-schema.ts';
import { parseConfig } from '../../src/load/config.ts';
import { epubcheck, pdfFonts, pdfInfo, pdfPages, runCli, squeeze, tempDir } from '../helpers.ts';

describe('the book.yaml quire init writes', () => {
  const values = { title: 'Demo', authors: ['Your Name'], language: 'en', 'output.name': 'demo' };
  const text = bookYaml(values);

  test('is a valid config with the given values and every default', () => {
    const config = parseConfig(text, 'book.yaml');
    assert.equal(config.title, 'Demo');
    assert.deepEqual(config.authors, ['Your Name']);
    assert.equal(config.output.name, 'demo');
    assert.deepEqual(config, parseConfig('title: Demo\nauthors: [Your Name]\noutput: {name: demo}\n', 'book.yaml'));
  });

  test('lists every key of the schema, each under its section, with its description', () => {
    // Uncomment every key line: the result must hold every key path of the schema.
    const uncommented = text
      .split('\n')
      .map((line) => line.replace(/^(\s*)# (?=[A-Za-z]+:)/, '$1'))
      .filter((line) => !/^\s*#/.test(line))
      .join('\n');
    const all = parse(uncommented) as Record<string, unknown>;
    const rows = configReference();
    assert.ok(rows.length > 20);
    for (const row of rows) {
      let node: unknown = all;
      for (const part of row.key.split('.')) {
        assert.ok(node !== null && typeof node === 'object' && part in node, `${row.key} is in book.yaml`);
        node = (node as Record<string, unknown>)[part];
      }
      const words = row.description.split(/\s+/).slice(0, 6).join(' ');
      assert.ok(squeeze(text.replace(/^\s*# ?/gm, '')).includes(squeeze(words)), `${row.key} is described`);
    }
  });
});

describe('quire init demo && quire build demo', () => {
  let dir: string;
  let init: Awaited<ReturnType<typeof runCli>>;
  before(async () => {
    dir = await tempDir();
    init = await runCli(['init', 'demo'], { cwd: dir });
    assert.equal(init.code, 0, init.stderr);
    const built = await runCli(['build', 'demo'], { cwd: dir });
    assert.equal(built.code, 0, built.stderr);
  });

  test('writes book.yaml and example chapters, and says what to do next', async () => {
    const files = (await readdir(join(dir, 'demo'), { recursive: true })).map((f) => f.split('\\').join('/'));
    for (const file of ['book.yaml', 'chapters/01-writing.md', 'chapters/02-diagrams-and-math.md']) {
      assert.ok(files.includes(file), file);
      assert.match(init.stdout, new RegExp(`^  ${file}$`, 'm'));
    }
    assert.ok(!files.some((f) => f.startsWith('templates')), 'no templates unless asked');
    assert.match(init.stdout, /next: quire build demo/);
  });

  test('the PDF has every chapter, in embedded fonts only, none Type 3', async () => {
    const pdf = join(dir, 'demo', 'dist', 'demo.pdf');
    const info = await pdfInfo(pdf);
    const pages = await pdfPages(pdf);
    assert.equal(Number(info.Pages), pages.length);
    assert.ok(pages.length >= 6, `${pages.length} pages`);
    const text = squeeze(pages.join(''));
    for (const expected of ['Preface', 'Writingachapter', 'Diagramsandformulas', 'WriteMarkdown', 'A=πr', '$5']) {
      assert.ok(text.includes(expected), expected);
    }
    const fonts = await pdfFonts(pdf);
    assert.ok(fonts.length > 0);
    assert.deepEqual(
      fonts.filter((f) => !f.embedded || f.type.includes('Type 3')),
      [],
    );
  });

  test('the EPUB passes epubcheck with no errors and no warnings', async () => {
    const report = await epubcheck(join(dir, 'demo', 'dist', 'demo.epub'));
    assert.deepEqual(
      [report.fatals, report.errors, report.warnings],
      [0, 0, 0],
      JSON.stringify(report.messages.slice(0, 5), null, 1),
    );
  });

  test('a folder that is not empty is refused, and nothing in it changes', async () => {
    const before = await readFile(join(dir, 'demo', 'book.yaml'), 'utf8');
    const again = await runCli(['init', 'demo'], { cwd: dir });
    assert.equal(again.code, 1);
    assert.match(again.stderr, /demo: the folder is not empty: quire init writes only into a new or empty folder/);
    assert.equal(await readFile(join(dir, 'demo', 'book.yaml'), 'utf8'), before);
  });
});

test('quire init --templates copies the default templates, and an edited copy is the one used', async () => {
  const dir = await tempDir();
  await mkdir(join(dir, 'empty'));
  const init = await runCli(['init', 'empty', '--templates'], { cwd: dir });
  assert.equal(init.code, 0, init.stderr);
  const chapterPartial = join(dir, 'empty', 'templates', 'partials', 'chapter.hbs');
  const original = await readFile(chapterPartial, 'utf8');
  for (const file of ['layout.hbs', 'print.hbs', 'styles/base.css', 'styles/print.css']) {
    await readFile(join(dir, 'empty', 'templates', file)); // copied
  }
  await writeFile(chapterPartial, `<p class="made-here">Customised template</p>\n${original}`);
  const built = await runCli(['build', 'empty', '--format', 'html,pdf'], { cwd: dir });
  assert.equal(built.code, 0, built.stderr);
  const page = await readFile(join(dir, 'empty', 'dist', 'html', '01-writing.html'), 'utf8');
  assert.match(page, /<p class="made-here">Customised template<\/p>/);
  const pdfText = (await pdfPages(join(dir, 'empty', 'dist', 'empty.pdf'))).join('');
  assert.ok(pdfText.includes('Customised template'));
});
